/**
 * Managed policy on Chrome's model: IT sets a policy as *mandatory* (locked: the operator cannot change it) or
 * *recommended* (a default the operator may change). Every workstation setting is a policy, derived from
 * `SettingsSchema`, so a setting added there is covered without touching this file; a few policies are not
 * settings (`restrictionPolicies`: hide a view, make all settings read-only).
 *
 * Precedence, highest first:  mandatory (machine > user)  >  operator's own value  …
 *                             … recommended (machine > user) applies where the operator has not chosen  >  default
 *
 * Readers per OS live in main/policy/; they hand `resolvePolicy` raw entries (name, value, level, scope,
 * source) and it decides, for each, applied or ignored and why. Secrets are never read from policy.
 */
import { z } from 'zod';
import { SettingsSchema } from './settings';
import { policyDescription } from './policy-descriptions';

/** The macOS bundle id whose managed preferences hold policy (the app id the installers use). */
export const POLICY_BUNDLE_ID = 'com.dialdeck.app';
/** `HKLM\…` and `HKCU\…`; the `Recommended` subkey holds recommended policies. */
export const POLICY_REGISTRY_KEY = 'Software\\Policies\\Dialdeck';
export const POLICY_LINUX_ROOT = '/etc/dialdeck/policies';

export const PolicyLevelSchema = z.enum(['mandatory', 'recommended']);
export type PolicyLevel = z.infer<typeof PolicyLevelSchema>;
/** Machine-wide (HKLM, /Library/Managed Preferences, /etc) or this OS user's (HKCU, per-user profile). */
export const PolicyScopeSchema = z.enum(['machine', 'user']);
export type PolicyScope = z.infer<typeof PolicyScopeSchema>;

/** How a value is written in each source and shown in the templates. */
export type PolicyType = 'boolean' | 'enum' | 'integer' | 'number' | 'string' | 'list' | 'json';

export type PolicyDefinition = {
  /** What IT writes: registry value name, plist key, JSON key (`SipWebsocketUrls`). */
  name: string;
  /** The setting it sets (`sip.websocketUrls`), or null for a restriction. */
  path: string | null;
  type: PolicyType;
  /** Enum values, or the values a list may hold when it is closed (hidden views). */
  values?: readonly string[];
  min?: number;
  max?: number;
  description: string;
  /** Checks the value once coerced to the policy's type. */
  schema: z.ZodType;
  example: unknown;
  /** A restriction means nothing as a mere recommendation. */
  mandatoryOnly?: boolean;
};

/** Names that look like a secret are never read from policy, whatever they are called elsewhere. */
const SECRET_NAME = /(password|passwd|token|secret|credential|apikey)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** `sip.websocketUrls` → `SipWebsocketUrls`. */
export function policyNameOf(path: string): string {
  return path
    .split('.')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

// ── Derived from the settings schema ────────────────────────────────────────────────────────────────────────

type ZodNode = z.ZodType & { _zod: { def: { type: string } & Record<string, unknown> } };

function unwrap(schema: ZodNode): ZodNode {
  let s = schema;
  for (;;) {
    const def = s._zod.def;
    if (['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(def.type))
      s = def.innerType as ZodNode;
    else return s;
  }
}

function isStringLike(s: ZodNode): boolean {
  const def = s._zod.def;
  if (def.type === 'string') return true;
  if (def.type === 'literal') return (def.values as unknown[]).every((v) => typeof v === 'string');
  if (def.type === 'union') return (def.options as ZodNode[]).every((o) => isStringLike(unwrap(o)));
  return false;
}

function leafType(s: ZodNode): Pick<PolicyDefinition, 'type' | 'values' | 'min' | 'max'> {
  const def = s._zod.def;
  if (def.type === 'boolean') return { type: 'boolean' };
  if (def.type === 'enum') return { type: 'enum', values: (s as unknown as z.ZodEnum).options as string[] };
  if (def.type === 'number') {
    const n = s as unknown as z.ZodNumber;
    const bounds = {
      ...(Number.isFinite(n.minValue) ? { min: n.minValue as number } : {}),
      ...(Number.isFinite(n.maxValue) ? { max: n.maxValue as number } : {}),
    };
    return { type: n.isInt ? 'integer' : 'number', ...bounds };
  }
  if (isStringLike(s)) return { type: 'string' };
  if (def.type === 'array' && isStringLike(unwrap(def.element as ZodNode))) return { type: 'list' };
  return { type: 'json' };
}

/** Settings that are not policies: the stored shape's version is the app's business. */
const NOT_POLICIES = new Set(['version']);

function settingDefinitions(): PolicyDefinition[] {
  const defaults = SettingsSchema.parse({}) as Record<string, unknown>;
  const out: PolicyDefinition[] = [];
  const walk = (schema: ZodNode, path: string[]) => {
    const s = unwrap(schema);
    // Sections and their groups are walked; an object deeper than that is one JSON policy.
    if (s._zod.def.type === 'object' && path.length < 4) {
      for (const [key, child] of Object.entries((s as unknown as z.ZodObject).shape))
        walk(child as ZodNode, [...path, key]);
      return;
    }
    const dotted = path.join('.');
    if (NOT_POLICIES.has(dotted) || path.some(isSecretName)) return;
    out.push({
      name: policyNameOf(dotted),
      path: dotted,
      ...leafType(s),
      description: policyDescription(dotted),
      schema: s,
      example: readPath(defaults, dotted),
    });
  };
  walk(SettingsSchema as unknown as ZodNode, []);
  return out;
}

// ── Beyond settings ─────────────────────────────────────────────────────────────────────────────────────────

/** Views IT may hide. Phone (the app's purpose) and About (where policy is shown) always stay. */
export const HIDEABLE_VIEWS = ['console', 'history', 'supervisor', 'settings'] as const;
export type HideableView = (typeof HIDEABLE_VIEWS)[number];

/** Host methods that only the Supervisor view uses: refused when IT hides it. */
export const SUPERVISOR_METHOD = /^admin[A-Z]/;

export const restrictionPolicies: PolicyDefinition[] = [
  {
    name: 'HiddenViews',
    path: null,
    type: 'list',
    values: HIDEABLE_VIEWS,
    description:
      'Views to hide from the navigation, e.g. `supervisor` on operator workstations. A hidden Supervisor view also ' +
      'stops the workstation from using the campaign administration methods.',
    schema: z.array(z.enum(HIDEABLE_VIEWS)),
    example: ['supervisor'],
    mandatoryOnly: true,
  },
  {
    name: 'SettingsReadOnly',
    path: null,
    type: 'boolean',
    description:
      'When true, operators may change no setting (every field is locked); they may still store their SIP password.',
    schema: z.boolean(),
    example: false,
    mandatoryOnly: true,
  },
];

/** Every policy, in the order of the settings schema, restrictions last. */
export function policyDefinitions(): PolicyDefinition[] {
  return [...settingDefinitions(), ...restrictionPolicies];
}

/** The settings paths policy can set (every setting but the stored shape's version and secrets). */
export function settingPolicyPaths(): string[] {
  return settingDefinitions().map((d) => d.path!);
}

// ── Raw entries from a source, and the resolved snapshot ────────────────────────────────────────────────────

/** What a reader found: one policy value, or (name null) a whole source it could not read. */
export type PolicyEntry = {
  name: string | null;
  value: unknown;
  level: PolicyLevel;
  scope: PolicyScope;
  /** Where it came from, in IT's words: `HKLM\Software\Policies\Dialdeck`, `/etc/…/managed/10-pbx.json`. */
  source: string;
  /** Set by the reader when the source itself is unreadable (not JSON, not a plist). */
  problem?: string;
};

export const PolicyStatusSchema = z.object({
  /** Null for a source that could not be read at all. */
  name: z.string().nullable(),
  /** The setting it sets, when it is one. */
  path: z.string().nullable(),
  /** As read (secrets are never echoed). */
  value: z.unknown(),
  level: PolicyLevelSchema,
  scope: PolicyScopeSchema,
  source: z.string(),
  status: z.enum(['applied', 'ignored']),
  /** Why it was ignored, in English for IT and the log; null when applied. */
  reason: z.string().nullable(),
  /** The same reason as a catalog key and values, for About → Policies in the operator's language. */
  reasonText: z
    .object({ key: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])).optional() })
    .nullable()
    .default(null),
});
export type PolicyStatus = z.infer<typeof PolicyStatusSchema>;
type PolicyReasonText = NonNullable<PolicyStatus['reasonText']>;

export const PolicySnapshotSchema = z.object({
  readAt: z.string(),
  /** The places that were looked at, found or not (IT checks the path here first). */
  searched: z.array(z.string()),
  policies: z.array(PolicyStatusSchema),
});
export type PolicySnapshot = z.infer<typeof PolicySnapshotSchema>;

const HIDDEN = '(hidden: secrets are never read from policy)';
const levelRank = { mandatory: 0, recommended: 1 } as const;
const scopeRank = { machine: 0, user: 1 } as const;

/**
 * Decides, for every entry, applied or ignored and why. Where several entries set one policy, the first by
 * level (mandatory first), then scope (machine first), then the order the readers gave wins; the rest are
 * ignored, naming the winner.
 */
export function resolvePolicy(
  entries: readonly PolicyEntry[],
  searched: readonly string[],
  now: Date = new Date(),
): PolicySnapshot {
  const byName = new Map(policyDefinitions().map((d) => [d.name, d]));
  const statuses: PolicyStatus[] = entries.map((e) => judge(e, byName));
  const order = statuses
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.status === 'applied')
    .sort(
      (a, b) =>
        levelRank[a.s.level] - levelRank[b.s.level] ||
        scopeRank[a.s.scope] - scopeRank[b.s.scope] ||
        a.i - b.i,
    );
  const winner = new Map<string, PolicyStatus>();
  for (const { s } of order) {
    const first = winner.get(s.name!);
    if (!first) winner.set(s.name!, s);
    else {
      s.status = 'ignored';
      s.reason = `overridden by the ${first.level} ${first.scope} policy from ${first.source}`;
      s.reasonText = {
        key: 'policy.ignored.overridden',
        values: { level: first.level, scope: first.scope, source: first.source },
      };
    }
  }
  return { readAt: now.toISOString(), searched: [...searched], policies: statuses };
}

function judge(e: PolicyEntry, byName: Map<string, PolicyDefinition>): PolicyStatus {
  const base = { name: e.name, level: e.level, scope: e.scope, source: e.source };
  const ignored = (
    reason: string,
    reasonText: PolicyReasonText,
    value: unknown = e.value,
    path: string | null = null,
  ): PolicyStatus => ({ ...base, path, value, status: 'ignored', reason, reasonText });
  if (e.problem !== undefined || e.name === null) {
    const detail = e.problem ?? 'unreadable source';
    return ignored(detail, { key: 'policy.ignored.unreadable', values: { detail } }, null);
  }
  if (isSecretName(e.name) || containsSecret(e.value))
    return ignored(
      'secrets (passwords, tokens, credentials) are never read from policy',
      { key: 'policy.ignored.secret' },
      HIDDEN,
    );
  const def = byName.get(e.name);
  if (!def) {
    const hint = suggestion(e.name, byName);
    return ignored(
      `unknown policy ${e.name}${hint ? ` (did you mean ${hint}?)` : ''}`,
      hint
        ? { key: 'policy.ignored.unknownHint', values: { name: e.name, hint } }
        : { key: 'policy.ignored.unknown', values: { name: e.name } },
      shorten(e.value),
    );
  }
  if (def.mandatoryOnly && e.level === 'recommended')
    return ignored(
      `${e.name} can only be set as mandatory`,
      { key: 'policy.ignored.mandatoryOnly', values: { name: e.name } },
      shorten(e.value),
      def.path,
    );
  const parsed = def.schema.safeParse(coerce(def.type, e.value));
  if (!parsed.success) {
    const why = parsed.error.issues
      .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
      .join('; ');
    return ignored(
      `bad value: ${why}`,
      { key: 'policy.ignored.badValue', values: { detail: why } },
      shorten(e.value),
      def.path,
    );
  }
  return { ...base, path: def.path, value: parsed.data, status: 'applied', reason: null, reasonText: null };
}

/** Registry DWORDs for booleans, numbers typed as text, lists and objects written as JSON text. */
function coerce(type: PolicyType, value: unknown): unknown {
  if (type === 'boolean' && (value === 0 || value === 1)) return value === 1;
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  if ((type === 'integer' || type === 'number') && typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isNaN(n) ? value : n;
  }
  // Multi-line text from the registry: one JSON document over several lines.
  if (type === 'json' && Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return coerce(type, value.join('\n'));
  if ((type === 'list' || type === 'json') && typeof value === 'string') {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function containsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsSecret);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => isSecretName(k) || containsSecret(v));
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      return containsSecret(JSON.parse(value));
    } catch {
      return false;
    }
  }
  return false;
}

/** The policy name differing only in case, if any. */
function suggestion(name: string, byName: Map<string, PolicyDefinition>): string | null {
  const lower = name.toLowerCase();
  return [...byName.keys()].find((n) => n.toLowerCase() === lower) ?? null;
}

function shorten(value: unknown): unknown {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text !== undefined && text.length > 200 ? `${text.slice(0, 200)}…` : value;
}

// ── Reading the snapshot ────────────────────────────────────────────────────────────────────────────────────

/** The applied value of each policy by name, with its level. */
export function appliedPolicies(
  snapshot: PolicySnapshot,
): Map<string, { value: unknown; level: PolicyLevel; path: string | null }> {
  const out = new Map<string, { value: unknown; level: PolicyLevel; path: string | null }>();
  for (const p of snapshot.policies)
    if (p.status === 'applied' && p.name) out.set(p.name, { value: p.value, level: p.level, path: p.path });
  return out;
}

export function hiddenViews(snapshot: PolicySnapshot): HideableView[] {
  const applied = appliedPolicies(snapshot).get('HiddenViews');
  return applied ? (applied.value as HideableView[]) : [];
}

export function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
