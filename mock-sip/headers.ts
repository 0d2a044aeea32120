/** SIP header fields (RFC 3261 7.3): one spelling per name, comma lists, reading and writing them on a message. */
import type { SipMessage } from './message';

/** RFC 3261 7.3.3 compact forms (plus the RFC 3265/3515 ones JsSIP and sipp send). */
const compactForms: Record<string, string> = {
  i: 'Call-ID',
  m: 'Contact',
  e: 'Content-Encoding',
  l: 'Content-Length',
  c: 'Content-Type',
  f: 'From',
  s: 'Subject',
  k: 'Supported',
  t: 'To',
  v: 'Via',
  o: 'Event',
  u: 'Allow-Events',
  r: 'Refer-To',
  b: 'Referred-By',
  x: 'Session-Expires',
};

const canonicalNames: Record<string, string> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'proxy-authenticate': 'Proxy-Authenticate',
  'min-se': 'Min-SE',
  'max-forwards': 'Max-Forwards',
  'mime-version': 'MIME-Version',
};

/** RFC 3261 7.3.1: header field names are case-insensitive; we keep one spelling so lookups are simple. */
export function canonicalHeaderName(raw: string): string {
  const lower = raw.trim().toLowerCase();
  const compact = compactForms[lower];
  if (compact) return compact;
  const known = canonicalNames[lower];
  if (known) return known;
  return lower.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}

/** Headers whose values may be comma-separated lists (RFC 3261 7.3.1); others keep commas as they are. */
export const listHeaders = new Set([
  'Via',
  'Route',
  'Record-Route',
  'Contact',
  'Allow',
  'Supported',
  'Require',
]);

/** Splits at commas that are not inside quotes or angle brackets (RFC 3261 7.3.1, 25.1). */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let depthAngle = 0;
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"' && value[i - 1] !== '\\') inQuote = !inQuote;
    else if (!inQuote && ch === '<') depthAngle++;
    else if (!inQuote && ch === '>') depthAngle = Math.max(0, depthAngle - 1);
    else if (!inQuote && depthAngle === 0 && ch === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((v) => v.length > 0);
}

export function header(message: SipMessage, name: string): string | undefined {
  const wanted = canonicalHeaderName(name);
  return message.headers.find((h) => h.name === wanted)?.value;
}

export function headers(message: SipMessage, name: string): string[] {
  const wanted = canonicalHeaderName(name);
  return message.headers.filter((h) => h.name === wanted).map((h) => h.value);
}

export function setHeader(message: SipMessage, name: string, value: string): void {
  const wanted = canonicalHeaderName(name);
  const i = message.headers.findIndex((h) => h.name === wanted);
  if (i >= 0) {
    message.headers[i] = { name: wanted, value };
    message.headers = message.headers.filter((h, j) => j <= i || h.name !== wanted);
  } else message.headers.push({ name: wanted, value });
}

export function removeHeaders(message: SipMessage, name: string): void {
  const wanted = canonicalHeaderName(name);
  message.headers = message.headers.filter((h) => h.name !== wanted);
}

export function parseCSeq(value: string): { seq: number; method: string } | undefined {
  const m = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(value.trim());
  if (!m) return undefined;
  return { seq: Number(m[1]), method: m[2]!.toUpperCase() === m[2] ? m[2]! : m[2]! };
}
