// `npm run policy:admx [-- --out <dir>]`: Group Policy templates (ADMX + en-US ADML) and an example macOS
// .mobileconfig, generated from the policy schema. Default folder: out/policy-templates.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildAdml, buildAdmx } from '../main/policy/admx.ts';
import { buildMobileconfig } from '../main/policy/mobileconfig.ts';
import { POLICY_BUNDLE_ID } from '../core/policy.ts';

const at = process.argv.indexOf('--out');
const out = resolve(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : 'out/policy-templates');
const files = [
  [join(out, 'windows', 'dialdeck.admx'), buildAdmx()],
  [join(out, 'windows', 'en-US', 'dialdeck.adml'), buildAdml()],
  [join(out, 'macos', `${POLICY_BUNDLE_ID}.mobileconfig`), buildMobileconfig()],
];
for (const [file, text] of files) {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
