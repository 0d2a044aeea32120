// `npm run policy:docs`: rewrites the "Policy reference" section of docs/IT.md from the policy schema
// (between its marker comments; the rest of the file is left as it is).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { withPolicyReference } from '../main/policy/reference.ts';

const file = new URL('../docs/IT.md', import.meta.url);
const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Dialdeck for IT\n';
const after = withPolicyReference(before);
if (after === before) console.log('docs/IT.md: policy reference already up to date');
else {
  writeFileSync(file, after);
  console.log('docs/IT.md: policy reference rewritten');
}
