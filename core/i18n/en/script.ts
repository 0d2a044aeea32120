/** The campaign script and the CRM screen-pop (issue 13.6, 13.7): the console's words and the host's refusals. */
export const script = {
  'script.heading': 'Script',
  'script.missing': '[no {field}]',
  'script.missingHint': 'This contact has no value for {field}.',
  'screenPop.refused':
    'The CRM page was not opened: {host} is not on the list of sites this workstation may open.',
  'screenPop.badUrl': 'The CRM page was not opened: {url} is not an http or https address.',
  'screenPop.blocked': 'The browser blocked the CRM page. Allow pop-ups for Dialdeck to open it.',
  'screenPop.opened': 'CRM page opened: {url}',
  'screenPop.dismiss': 'Dismiss',
  'screenPop.missing':
    '{count, plural, one {The CRM address has no value for {fields}.} other {The CRM address has no values for {fields}.}}',
  // the supervisor's create form
  'campaignForm.script': 'Script (Markdown)',
  'campaignForm.scriptHint':
    'Shown to the operator before and during the call. {placeholders} and custom fields such as {example} are filled from the contact.',
  'campaignForm.screenPopUrl': 'CRM page (screen-pop)',
  'campaignForm.screenPopUrlHint':
    'Opens in the browser, e.g. {example}. Empty = none. Only hosts allowed on the workstation open.',
  'campaignForm.screenPopOn': 'Open the CRM page',
  'campaignForm.screenPopOn.offer': 'with the offer',
  'campaignForm.screenPopOn.answer': 'when the customer answers',
  'campaignForm.scriptEditor': 'Script and CRM page',
  'campaignForm.saveScript': 'Save script and CRM page',
  'campaignForm.scriptSaved': 'Saved. Signed-in operators of the campaign see the change at once.',
  // the CRM allowlist in Settings
  'settings.screenPop': 'CRM pages (screen-pop)',
  'settings.screenPopHosts': 'Sites this workstation may open',
  'settings.screenPopHostsHint':
    'One per line: a host name such as crm.example.com, or *.example.com for all its subdomains. Empty: no CRM page opens.',
  'field.allowedHost':
    'must be a host name such as crm.example.com or *.example.com, with no https:// and no path',
} as const;
