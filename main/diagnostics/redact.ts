/**
 * Secrets out of everything that leaves the workstation. Used twice on purpose (defence in depth): when a log
 * line is written (main/log.ts), and again on every entry of a diagnostics zip, this time also with the exact
 * secrets the host knows (the SIP password, the campaign tokens), so a secret that slipped into free text in a
 * form no pattern recognises is still caught.
 */

export const REDACTED = '[redacted]';

/**
 * Keys whose string value is a secret wherever they appear. Anchored at the end of the key so that
 * `sipPassword` and `adminToken` match but `authorizationUser` (a user name) and `passwordProtection` do not.
 */
const SECRET_KEY =
  /(password|passwd|passphrase|pwd|secret|token|credential|credentials|apikey|api[-_]key|authorization|cookie)$/i;

/** Exact secret values shorter than this are not searched for: a 2-letter "secret" would shred the logs. */
const MIN_SECRET_LENGTH = 4;

type Rule = { pattern: RegExp; replace: string };

// Each rule names the protocol element it removes, so a reviewer can tell what is and is not covered.
const textRules: Rule[] = [
  // RFC 3261 §20.7 / RFC 7235: an Authorization or Proxy-Authorization header, to the end of the line, whatever
  // the scheme (Digest's `response=` is a hash an attacker can brute-force offline).
  {
    pattern: /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)[^\r\n]*/gi,
    replace: `$1$2${REDACTED}`,
  },
  // Digest parameters that leak on their own (a header split across log fields).
  { pattern: /\b(response|cnonce)(\s*=\s*)(?:\\?")?[0-9a-z+/=_-]+(?:\\?")?/gi, replace: `$1$2${REDACTED}` },
  // RFC 6750 bearer tokens and RFC 7617 basic credentials (base64 of user:password) anywhere in text.
  { pattern: /\b(bearer|basic)(\s+)(?=[a-z]*[0-9._~+/=-])[a-z0-9._~+/=-]{8,}/gi, replace: `$1$2${REDACTED}` },
  // user:password@ in any URL (ws://, http://, sip: with a password).
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, replace: `$1${REDACTED}@` },
  // Secrets carried in a query string.
  {
    pattern: /([?&](?:token|access_token|auth|password|pass|key|api_key|secret)=)[^&\s"'#]+/gi,
    replace: `$1${REDACTED}`,
  },
  // `"password": "…"` / `password=…` inside free text (a JSON document logged as a string).
  {
    pattern:
      /(["']?[a-z_]*(?:password|passwd|secret|token|credential)["']?\s*[:=]\s*)(?!["']?\[redacted\])("[^"]*"|'[^']*'|[^\s,;}&]+)/gi,
    replace: `$1"${REDACTED}"`,
  },
  // Tokens in the shapes this app and its campaign server mint them (`ddk_…`).
  { pattern: /\bddk_[a-z0-9_-]{16,}/gi, replace: REDACTED },
];

/**
 * Every form the secret may take in text: as typed, URL-encoded, and base64 (as in a Basic header or a
 * data URL) at each of the three alignments it can have inside a longer base64 string.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  const bytes = Buffer.from(secret, 'utf8');
  for (const pad of [0, 1, 2]) {
    const b64 = Buffer.concat([Buffer.alloc(pad, 0x41), bytes]).toString('base64');
    // Only the characters that depend on the secret alone: the first group mixes it with what precedes it,
    // the last with what follows.
    const stable = b64.slice(pad ? 4 : 0, Math.floor((pad + bytes.length) / 3) * 4);
    if (stable.length >= 6) {
      forms.add(stable);
      forms.add(stable.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  forms.add(bytes.toString('base64'));
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export type Redactor = {
  text(value: string): string;
  value(value: unknown): unknown;
  /** How many replacements were made so far (reported in the zip's manifest). */
  readonly count: number;
};

/** A redactor that also knows the exact secrets of this workstation. */
export function redactor(secrets: ReadonlyArray<string | null | undefined> = []): Redactor {
  const forms = [
    ...new Set(
      secrets
        .filter((s): s is string => typeof s === 'string' && s.trim().length >= MIN_SECRET_LENGTH)
        .flatMap((s) => secretForms(s.trim())),
    ),
  ].sort((a, b) => b.length - a.length);
  let count = 0;

  const text = (input: string): string => {
    let out = input;
    // Patterns first, so a structure (a Basic header) goes whole rather than around a secret already cut out.
    for (const { pattern, replace } of textRules) {
      out = out.replace(pattern, (...m) => {
        count++;
        return replace.replace(/\$(\d)/g, (_, i: string) => String(m[Number(i)] ?? ''));
      });
    }
    for (const form of forms) {
      if (!out.includes(form)) continue;
      count += out.split(form).length - 1;
      out = out.split(form).join(REDACTED);
    }
    return out;
  };

  const value = (input: unknown, key = ''): unknown => {
    if (typeof input === 'string') {
      if (input !== '' && SECRET_KEY.test(key)) {
        count++;
        return REDACTED;
      }
      return text(input);
    }
    if (Array.isArray(input)) return input.map((v) => value(v, key));
    if (input && typeof input === 'object') {
      return Object.fromEntries(
        Object.entries(input as Record<string, unknown>).map(([k, v]) => [text(k), value(v, k)]),
      );
    }
    return input;
  };

  return {
    text,
    value: (v) => value(v),
    get count() {
      return count;
    },
  };
}
