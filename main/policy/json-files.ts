/**
 * Linux (and browser mode on any OS): `<root>/managed/*.json` (mandatory) and `<root>/recommended/*.json`, as
 * Chrome reads `/etc/opt/chrome/policies`. Each file is one JSON object of policy name → value; files are read
 * in name order, so `10-site.json` comes before `20-team.json` and an earlier file wins a conflict.
 * A file that is not a JSON object is reported as one ignored entry, with its reason; the others still apply.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyEntry, PolicyLevel } from '../../core/policy';

/** Policy files are small; a huge one is a mistake (or an attack), not configuration. */
const MAX_FILE_BYTES = 1024 * 1024;

export function readPolicyDir(root: string): { entries: PolicyEntry[]; searched: string[] } {
  const entries: PolicyEntry[] = [];
  const searched: string[] = [];
  for (const [folder, level] of [
    ['managed', 'mandatory'],
    ['recommended', 'recommended'],
  ] as const) {
    const dir = join(root, folder);
    searched.push(join(dir, '*.json'));
    if (!existsSync(dir)) continue;
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .sort();
    } catch (err) {
      entries.push(problem(dir, level, `cannot list the folder: ${(err as Error).message}`));
      continue;
    }
    for (const name of names) entries.push(...readPolicyFile(join(dir, name), level));
  }
  return { entries, searched };
}

export function readPolicyFile(file: string, level: PolicyLevel): PolicyEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return [problem(file, level, `cannot read the file: ${(err as Error).message}`)];
  }
  return parsePolicyJson(text, file, level);
}

export function parsePolicyJson(text: string, source: string, level: PolicyLevel): PolicyEntry[] {
  if (Buffer.byteLength(text) > MAX_FILE_BYTES)
    return [problem(source, level, `the file is larger than ${MAX_FILE_BYTES} bytes`)];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return [problem(source, level, `not valid JSON (${(err as Error).message})`)];
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return [problem(source, level, 'the file must hold one JSON object of policy name → value')];
  return Object.entries(raw).map(([name, value]) => ({ name, value, level, scope: 'machine', source }));
}

function problem(source: string, level: PolicyLevel, reason: string): PolicyEntry {
  return { name: null, value: null, level, scope: 'machine', source, problem: reason };
}
