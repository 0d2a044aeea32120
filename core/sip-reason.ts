/**
 * The Reason header (RFC 3326) of a BYE or CANCEL: why the far end, or a PBX or dialer in between, ended the call,
 * e.g. `SIP;cause=408;text="session expired"` when a session timer ran out (RFC 4028 section 10), or
 * `Q.850;cause=16;text="Normal call clearing"` from a carrier. The operator is shown the reason when it says
 * more than "the other side hung up".
 *
 * The header comes from the network, so it is parsed, bounded and checked (`checkSipReason`); a value that does not
 * parse is no reason at all (the call still ends as an ordinary hang-up), never an error.
 */
import { checkNumber, checkString, fieldsOf, orNull } from './plain-checks';

export interface SipReason {
  /** `SIP`, `Q.850` or another protocol token (RFC 3326 section 2), 1 to 16 characters. */
  protocol: string;
  /** 0 to 999. */
  cause: number | null;
  /** The reason text, unquoted, stripped of control characters, at most 120 characters (a PBX writes what it likes). */
  text: string | null;
}

/**
 * The reason's bounds, checked by hand rather than with zod: this module is on the softphone's path, which the
 * first screen evaluates before Registered (core/plain-checks.ts). Throws a TypeError naming the field.
 */
export function checkSipReason(input: unknown): SipReason {
  const value = fieldsOf(input, 'reason');
  return {
    protocol: checkString(value.protocol, 'protocol', 16, 1),
    cause: orNull(value.cause, (v) => checkNumber(v, 'cause', { int: true, min: 0, max: 999 })),
    text: orNull(value.text, (v) => checkString(v, 'text', 120)),
  };
}

const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const MAX_HEADER = 1024;

/** The first reason-value of a Reason header; null when absent or malformed. */
export function parseSipReason(header: string | null | undefined): SipReason | null {
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_HEADER) return null;
  const params = splitOutsideQuotes(firstValue(header), ';').map((p) => p.trim());
  const protocol = params.shift() ?? '';
  if (!TOKEN.test(protocol)) return null;
  let cause: number | null = null;
  let text: string | null = null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    const value = param.slice(eq + 1).trim();
    if (name === 'cause') {
      if (!/^\d{1,3}$/.test(value)) return null;
      cause = Number(value);
    } else if (name === 'text') {
      text = unquote(value);
    }
  }
  try {
    return checkSipReason({ protocol: protocol.toUpperCase() === 'SIP' ? 'SIP' : protocol, cause, text });
  } catch {
    return null;
  }
}

/**
 * What the operator should read about a reason, or null when it says only that the call ended normally
 * (Q.850 16 "Normal call clearing", SIP 200): then "the customer ended the call" is the truer sentence.
 */
export function reasonForOperator(reason: SipReason | null): string | null {
  if (!reason) return null;
  const normal =
    (reason.protocol === 'Q.850' && (reason.cause === 16 || reason.cause === 31)) ||
    (reason.protocol === 'SIP' && reason.cause === 200);
  if (normal) return null;
  const code = reason.cause === null ? reason.protocol : `${reason.protocol} ${reason.cause}`;
  return reason.text ? `${reason.text} (${code})` : code;
}

/** The first of a comma-separated list of reason-values (one per protocol, RFC 3326). */
function firstValue(header: string): string {
  return splitOutsideQuotes(header, ',')[0] ?? '';
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && quoted && i + 1 < s.length) {
      current += ch + s[++i];
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** A quoted-string's content (RFC 3261 25.1), or a bare token; control characters dropped, length bounded. */
function unquote(value: string): string | null {
  const inner =
    value.length >= 2 && value.startsWith('"') && value.endsWith('"')
      ? value.slice(1, -1).replace(/\\(.)/g, '$1')
      : value;
  const clean = [...inner]
    .filter((ch) => ch.charCodeAt(0) > 0x1f && ch.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 120);
  return clean.length > 0 ? clean : null;
}
