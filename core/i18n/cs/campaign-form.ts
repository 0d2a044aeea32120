import type { CatalogPart } from '../catalog';
import type { campaignForm as en } from '../en/campaign-form';

export const campaignForm: CatalogPart<typeof en> = {
  'createCampaign.summary': 'Vytvořit kampaň',
  'createCampaign.submit': 'Vytvořit kampaň',
  'createCampaign.nameLabel': 'Název kampaně',
  'createCampaign.bcwLabel': 'BCW v sekundách',
  'createCampaign.dispositionsLabel': 'Výsledky hovoru',
  'createCampaign.operatorsLabel': 'Operátoři',
  'createCampaign.and': 'a',
  'createCampaign.mode.preview': 'Náhledová',
  'createCampaign.mode.progressive': 'Progresivní',
  'createCampaign.mode.predictive': 'Prediktivní',
  'createCampaign.field.name': 'Název',
  'createCampaign.field.mode': 'Režim',
  'createCampaign.field.bcwSeconds': 'BCW v sekundách (náhledová)',
  'createCampaign.field.offerTimeoutSeconds': 'Sekund na přijetí nabídky',
  'createCampaign.field.acwSeconds': 'Limit ACW v sekundách (prázdné = bez limitu)',
  'createCampaign.field.maxAttempts': 'Pokusů na kontakt',
  'createCampaign.field.hoursOn': 'Volat jen mezi',
  'createCampaign.field.start': 'Začátek volacích hodin',
  'createCampaign.field.end': 'Konec volacích hodin',
  'createCampaign.field.timeZone': 'Časové pásmo',
  'createCampaign.field.defaultRegion': 'Výchozí oblast čísel',
  'createCampaign.field.abandonPct': 'Limit ztracených hovorů v % (prediktivní)',
  'createCampaign.field.dispositions':
    'Výsledky hovoru, jeden na řádek: kód | popisek | success, callback nebo do_not_call',
  'createCampaign.field.operators': 'Operátoři (loginy oddělené čárkou)',
} as const;
