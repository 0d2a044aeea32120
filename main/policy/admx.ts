/**
 * Group Policy templates (ADMX + en-US ADML) generated from the policy schema, on Chrome's layout: each policy
 * twice, once under "Dialdeck" (mandatory, `Software\Policies\Dialdeck`) and once under "Dialdeck - Recommended"
 * (`…\Dialdeck\Recommended`), in both the Computer and the User tree (`class="Both"`: HKLM and HKCU).
 *
 * Types: boolean → enabledValue/disabledValue (DWORD 1/0); enum → <enum> with one item per value; integer →
 * <decimal> with its bounds; number and string → <text>; list → <list> (a subkey with values 1, 2, 3…, which
 * main/policy/windows-registry.ts reads); JSON → <multiText>.
 */
import { POLICY_REGISTRY_KEY, policyDefinitions, type PolicyDefinition } from '../../core/policy';

const NS = 'Dialdeck.Policies.Dialdeck';
const SUPPORTED = 'SUPPORTED_DIALDECK_0_1';

/** Category display names by settings section; a new section shows under its own name. */
const sectionNames: Record<string, string> = {
  sip: 'SIP account',
  ice: 'ICE (STUN/TURN)',
  audio: 'Audio devices',
  dtmf: 'DTMF',
  sessionTimers: 'Session timers',
  campaignServer: 'Campaign server',
  shortcuts: 'Keyboard shortcuts',
  updates: 'Updates',
  dial: 'Click-to-dial',
  startup: 'Start at login',
  proxy: 'Proxy',
  restrictions: 'Restrictions',
};

export function sectionDisplayName(section: string): string {
  return sectionNames[section] ?? section;
}

export function policySection(d: PolicyDefinition): string {
  return d.path ? d.path.split('.')[0]! : 'restrictions';
}

function categoryId(section: string, recommended: boolean): string {
  const base = `Dialdeck_${section.charAt(0).toUpperCase()}${section.slice(1)}`;
  return recommended ? `${base}_Recommended` : base;
}

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Markdown in descriptions reads as plain text in the Group Policy editor. */
const plainText = (md: string) => md.replace(/`/g, '"');

export function buildAdmx(definitions = policyDefinitions()): string {
  const sections = [...new Set(definitions.map(policySection))];
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="utf-8"?>');
  out.push(
    '<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
  );
  out.push('  <policyNamespaces>');
  out.push(`    <target prefix="dialdeck" namespace="${NS}" />`);
  out.push('    <using prefix="windows" namespace="Microsoft.Policies.Windows" />');
  out.push('  </policyNamespaces>');
  out.push('  <resources minRequiredRevision="1.0" />');
  out.push('  <supportedOn>');
  out.push('    <definitions>');
  out.push(`      <definition name="${SUPPORTED}" displayName="$(string.${SUPPORTED})" />`);
  out.push('    </definitions>');
  out.push('  </supportedOn>');
  out.push('  <categories>');
  out.push('    <category name="Dialdeck" displayName="$(string.Dialdeck)" />');
  out.push('    <category name="Dialdeck_Recommended" displayName="$(string.Dialdeck_Recommended)" />');
  for (const recommended of [false, true]) {
    for (const section of sections) {
      const id = categoryId(section, recommended);
      out.push(`    <category name="${id}" displayName="$(string.${id})">`);
      out.push(`      <parentCategory ref="${recommended ? 'Dialdeck_Recommended' : 'Dialdeck'}" />`);
      out.push('    </category>');
    }
  }
  out.push('  </categories>');
  out.push('  <policies>');
  for (const d of definitions) {
    out.push(...policyElement(d, false));
    if (!d.mandatoryOnly) out.push(...policyElement(d, true));
  }
  out.push('  </policies>');
  out.push('</policyDefinitions>');
  return `${out.join('\r\n')}\r\n`;
}

function policyElement(d: PolicyDefinition, recommended: boolean): string[] {
  const id = recommended ? `${d.name}_Recommended` : d.name;
  const key = recommended ? `${POLICY_REGISTRY_KEY}\\Recommended` : POLICY_REGISTRY_KEY;
  const head =
    `    <policy name="${id}" class="Both" displayName="$(string.${d.name})" explainText="$(string.${d.name}_Explain)"` +
    ` key="${xmlEscape(key)}"`;
  const tail = [
    `      <parentCategory ref="${categoryId(policySection(d), recommended)}" />`,
    `      <supportedOn ref="${SUPPORTED}" />`,
  ];
  if (d.type === 'boolean') {
    return [
      `${head} valueName="${d.name}">`,
      ...tail,
      '      <enabledValue>',
      '        <decimal value="1" />',
      '      </enabledValue>',
      '      <disabledValue>',
      '        <decimal value="0" />',
      '      </disabledValue>',
      '    </policy>',
    ];
  }
  return [
    `${head} presentation="$(presentation.${d.name})">`,
    ...tail,
    '      <elements>',
    ...element(d, key),
    '      </elements>',
    '    </policy>',
  ];
}

function element(d: PolicyDefinition, key: string): string[] {
  switch (d.type) {
    case 'enum':
      return [
        `        <enum id="${d.name}" valueName="${d.name}">`,
        ...(d.values ?? []).flatMap((v) => [
          `          <item displayName="$(string.${d.name}_${enumItemId(v)})">`,
          '            <value>',
          `              <string>${xmlEscape(v)}</string>`,
          '            </value>',
          '          </item>',
        ]),
        '        </enum>',
      ];
    case 'integer': {
      const min = Math.max(0, d.min ?? 0);
      const max = Math.min(0xffffffff, d.max ?? 0xffffffff);
      return [`        <decimal id="${d.name}" valueName="${d.name}" minValue="${min}" maxValue="${max}" />`];
    }
    case 'list':
      return [`        <list id="${d.name}" key="${xmlEscape(`${key}\\${d.name}`)}" valuePrefix="" />`];
    case 'json':
      return [`        <multiText id="${d.name}" valueName="${d.name}" maxStrings="1000" />`];
    default:
      return [`        <text id="${d.name}" valueName="${d.name}" maxLength="4096" />`];
  }
}

function enumItemId(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, '_');
}

export function buildAdml(definitions = policyDefinitions()): string {
  const sections = [...new Set(definitions.map(policySection))];
  const strings: Array<[string, string]> = [
    [SUPPORTED, 'Dialdeck 0.1 and later'],
    ['Dialdeck', 'Dialdeck'],
    ['Dialdeck_Recommended', 'Dialdeck - Recommended (operators may change these)'],
  ];
  for (const recommended of [false, true])
    for (const section of sections)
      strings.push([categoryId(section, recommended), sectionDisplayName(section)]);
  const presentations: string[] = [];
  for (const d of definitions) {
    strings.push([d.name, displayName(d)]);
    const range =
      d.min !== undefined || d.max !== undefined ? ` Range: ${d.min ?? '…'}–${d.max ?? '…'}.` : '';
    const setting = d.path ? `\n\nSets the setting ${d.path}.` : '';
    strings.push([`${d.name}_Explain`, `${plainText(d.description)}${range}${setting}`]);
    for (const v of d.type === 'enum' ? (d.values ?? []) : [])
      strings.push([`${d.name}_${enumItemId(v)}`, v]);
    if (d.type !== 'boolean') presentations.push(...presentation(d));
  }
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="utf-8"?>');
  out.push(
    '<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
  );
  out.push('  <displayName>Dialdeck</displayName>');
  out.push('  <description>Managed policy for the Dialdeck softphone</description>');
  out.push('  <resources>');
  out.push('    <stringTable>');
  for (const [id, text] of strings) out.push(`      <string id="${id}">${xmlEscape(text)}</string>`);
  out.push('    </stringTable>');
  out.push('    <presentationTable>');
  out.push(...presentations);
  out.push('    </presentationTable>');
  out.push('  </resources>');
  out.push('</policyDefinitionResources>');
  return `${out.join('\r\n')}\r\n`;
}

function presentation(d: PolicyDefinition): string[] {
  const label = xmlEscape(displayName(d));
  const control = {
    enum: `<dropdownList refId="${d.name}">${label}</dropdownList>`,
    integer: `<decimalTextBox refId="${d.name}" defaultValue="${Number(d.example) || 0}">${label}</decimalTextBox>`,
    list: `<listBox refId="${d.name}">${label}</listBox>`,
    json: `<multiTextBox refId="${d.name}">${label} (JSON)</multiTextBox>`,
    number: `<textBox refId="${d.name}"><label>${label}</label></textBox>`,
    string: `<textBox refId="${d.name}"><label>${label}</label></textBox>`,
    boolean: '',
  }[d.type];
  return [`      <presentation id="${d.name}">`, `        ${control}`, '      </presentation>'];
}

/** `sip.websocketUrls` → "SIP account: websocket urls": the editor's list reads better than the raw name. */
export function displayName(d: PolicyDefinition): string {
  const field = d.path ? d.path.split('.').slice(1).join(' ') || d.path : d.name;
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const phrase = words.charAt(0).toUpperCase() + words.slice(1);
  return d.path && d.path.includes('.') ? `${sectionDisplayName(policySection(d))}: ${words}` : phrase;
}
