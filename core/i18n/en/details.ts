/**
 * Sentences that replace raw English details (exception text, schema messages) inside translated text; the raw
 * detail stays only on a secondary line for IT, or in the log.
 */
export const details = {
  'details.forIt': 'Details for IT: {detail}',
  'scriptForm.invalid.script': 'The script is too long: at most {max} characters.',
  'scriptForm.invalid.screenPopUrl':
    'The CRM page must be an http:// or https:// address, such as https://crm.example.com/contacts/{example}.',
  'scriptForm.invalid.screenPopOn': 'Choose when the CRM page opens.',
} as const;
