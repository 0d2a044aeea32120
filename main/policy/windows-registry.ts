/**
 * Windows: Group Policy writes under `HKLM\Software\Policies\Dialdeck` (machine) and `HKCU\…` (user), with
 * recommended policies in the `Recommended` subkey, as Chrome's templates do. A list policy is a subkey of its
 * own whose values are named 1, 2, 3… (the ADMX `<list>` element writes it so).
 *
 * Read with `reg query <key> /s` (no native module), and parse its text output:
 *
 *   HKEY_LOCAL_MACHINE\Software\Policies\Dialdeck
 *       SipUri    REG_SZ    sip:1001@pbx.example.com
 *       SessionTimersEnabled    REG_DWORD    0x1
 *
 *   HKEY_LOCAL_MACHINE\Software\Policies\Dialdeck\SipWebsocketUrls
 *       1    REG_SZ    wss://pbx-a.example.com/ws
 */
import { execFileSync } from 'node:child_process';
import { POLICY_REGISTRY_KEY, type PolicyEntry, type PolicyLevel, type PolicyScope } from '../../core/policy';

export const REGISTRY_HIVES = [
  { hive: 'HKLM', long: 'HKEY_LOCAL_MACHINE', scope: 'machine' },
  { hive: 'HKCU', long: 'HKEY_CURRENT_USER', scope: 'user' },
] as const;

/** Runs `reg query`; returns its output, or null when the key does not exist (reg exits 1). */
export type RegQuery = (key: string) => string | null;

export const runRegQuery: RegQuery = (key) => {
  try {
    return execFileSync('reg', ['query', key, '/s'], {
      encoding: 'utf8',
      windowsHide: true,
      timeout: 10_000,
    });
  } catch (err) {
    if ((err as { status?: number }).status === 1) return null;
    throw err;
  }
};

export function readWindowsRegistry(query: RegQuery = runRegQuery): {
  entries: PolicyEntry[];
  searched: string[];
} {
  const entries: PolicyEntry[] = [];
  const searched: string[] = [];
  for (const { hive, scope } of REGISTRY_HIVES) {
    const key = `${hive}\\${POLICY_REGISTRY_KEY}`;
    searched.push(key);
    let output: string | null;
    try {
      output = query(key);
    } catch (err) {
      entries.push({
        name: null,
        value: null,
        level: 'mandatory',
        scope,
        source: key,
        problem: `reg query failed: ${(err as Error).message}`,
      });
      continue;
    }
    if (output !== null) entries.push(...parseRegQuery(output, hive, scope));
  }
  return { entries, searched };
}

type RegValue = { name: string; type: string; data: string };

/** Parses the output of `reg query HK??\Software\Policies\Dialdeck /s`. */
export function parseRegQuery(output: string, hive: 'HKLM' | 'HKCU', scope: PolicyScope): PolicyEntry[] {
  const keys = new Map<string, RegValue[]>();
  let current: RegValue[] | null = null;
  const base = POLICY_REGISTRY_KEY.toLowerCase();
  for (const line of output.split(/\r?\n/)) {
    if (/^HKEY_/.test(line)) {
      // Key names are case-insensitive in the registry; keep the part below our key.
      const path = line.trim().replace(/^HKEY_[A-Z_]+\\/, '');
      const rel = path.toLowerCase().startsWith(base) ? path.slice(base.length).replace(/^\\/, '') : null;
      current = rel === null ? null : [];
      if (rel !== null) keys.set(rel, current!);
      continue;
    }
    const m = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (m && current) current.push({ name: m[1]!, type: m[2]!, data: m[3] ?? '' });
  }

  const entries: PolicyEntry[] = [];
  const source = (rel: string) => `${hive}\\${POLICY_REGISTRY_KEY}${rel ? `\\${rel}` : ''}`;
  for (const [rel, values] of keys) {
    const parts = rel === '' ? [] : rel.split('\\');
    const recommended = parts[0]?.toLowerCase() === 'recommended';
    const level: PolicyLevel = recommended ? 'recommended' : 'mandatory';
    const below = recommended ? parts.slice(1) : parts;
    if (below.length === 0) {
      for (const v of values) {
        const read = regValue(v);
        entries.push({ name: v.name, level, scope, source: source(rel), ...read });
      }
    } else if (below.length === 1) {
      // A list policy: values named 1, 2, 3… in numeric order.
      const items = values
        .filter((v) => /^\d+$/.test(v.name))
        .sort((a, b) => Number(a.name) - Number(b.name))
        .map((v) => regValue(v).value);
      entries.push({ name: below[0]!, value: items, level, scope, source: source(rel) });
    } else {
      entries.push({
        name: null,
        value: null,
        level,
        scope,
        source: source(rel),
        problem: 'policies are values of the Dialdeck key or of its Recommended subkey; this key is too deep',
      });
    }
  }
  return entries;
}

function regValue(v: RegValue): { value: unknown; problem?: string } {
  switch (v.type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
      return { value: Number(BigInt(v.data.trim())) };
    case 'REG_MULTI_SZ':
      // Multi-line text (JSON policies) arrives as one value whose lines reg prints joined by a literal \0.
      return { value: v.data === '' ? [] : v.data.split('\\0') };
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { value: v.data };
    default:
      return { value: null, problem: `${v.type} values are not read; use REG_SZ, REG_DWORD or REG_MULTI_SZ` };
  }
}
