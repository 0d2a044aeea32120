// electron-builder's MSI has no setting for URL schemes: this hook (`msiProjectCreated` in
// electron-builder.yml) adds them to the WiX project before it is compiled. HKMU is the machine for a
// per-machine install and the user otherwise; Windows Installer removes the keys on uninstall.
// The schemes are the ones in main/electron/instance.ts (a test keeps the lists equal).
import { readFile, writeFile } from 'node:fs/promises';

export const MSI_URL_SCHEMES = [
  ['tel', 'Telephone number'],
  ['sip', 'SIP address'],
  ['callto', 'Call link'],
];

// Fixed: a registry key path cannot have a generated component GUID.
const COMPONENT_GUID = '{3C7A9E52-6B1F-4D08-9A3E-5F2B8C1D7E40}';

/** The WiX project with the URL-scheme component added to the product's components. */
export function withUrlSchemes(wxs, exe = 'Dialdeck.exe') {
  const open = `&quot;[APPLICATIONFOLDER]${exe}&quot; &quot;%1&quot;`;
  const key = (path, values) => `<RegistryKey Root="HKMU" Key="${path}">${values}</RegistryKey>`;
  const handler = (description) =>
    `<RegistryValue Type="string" Value="${description}"/>` +
    '<RegistryValue Type="string" Name="URL Protocol" Value=""/>' +
    `<RegistryKey Key="shell\\open\\command"><RegistryValue Type="string" Value="${open}"/></RegistryKey>`;
  const component = [
    `<Component Id="DialdeckUrlSchemes" Guid="${COMPONENT_GUID}">`,
    key(
      'Software\\Dialdeck\\Capabilities',
      '<RegistryValue Type="string" Name="ApplicationName" Value="Dialdeck" KeyPath="yes"/>' +
        '<RegistryValue Type="string" Name="ApplicationDescription" Value="Softphone for contact-centre operators"/>',
    ),
    key('Software\\Classes\\Dialdeck.Url', handler('Dialdeck phone link')),
    ...MSI_URL_SCHEMES.map(
      ([scheme, description]) =>
        key('Software\\Classes\\' + scheme, handler(`URL:${description}`)) +
        key(
          'Software\\Dialdeck\\Capabilities\\URLAssociations',
          `<RegistryValue Type="string" Name="${scheme}" Value="Dialdeck.Url"/>`,
        ),
    ),
    key(
      'Software\\RegisteredApplications',
      '<RegistryValue Type="string" Name="Dialdeck" Value="Software\\Dialdeck\\Capabilities"/>',
    ),
    '</Component>',
  ].join('\n');
  const at = wxs.lastIndexOf('</ComponentGroup>');
  if (at < 0) throw new Error('msi-url-schemes: the WiX project has no </ComponentGroup> to add to');
  return `${wxs.slice(0, at)}${component}\n${wxs.slice(at)}`;
}

export default async function msiProjectCreated(projectFile) {
  await writeFile(projectFile, withUrlSchemes(await readFile(projectFile, 'utf8')));
}
