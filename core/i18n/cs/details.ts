import type { CatalogPart } from '../catalog';
import type { details as en } from '../en/details';

export const details: CatalogPart<typeof en> = {
  'details.forIt': 'Podrobnosti pro IT: {detail}',
  'scriptForm.invalid.script': 'Scénář je příliš dlouhý: nejvýše {max} znaků.',
  'scriptForm.invalid.screenPopUrl':
    'Stránka CRM musí být adresa http:// nebo https://, například https://crm.example.com/contacts/{example}.',
  'scriptForm.invalid.screenPopOn': 'Zvolte, kdy se má stránka CRM otevřít.',
};
