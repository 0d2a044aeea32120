/**
 * What operators paste into the dial pad: `+44 (20) 7946-0958`, `020 7946 0958`, `tel:+4420…`, a full SIP URI.
 * We strip the decoration and keep what a PBX dials; anything else is refused before the call is placed.
 */
export type DialTarget = { ok: true; number: string } | { ok: false; message: string };

const decoration = /[\s\-().\u00a0\u2010-\u2015/]/g;

export function normaliseDialString(input: string): DialTarget {
  let s = input.trim();
  if (/^sips?:/i.test(s)) {
    // A full SIP URI is dialled as given (an extension on another domain, a conference bridge).
    return /^sips?:[^\s@]+@[^\s@]+$/i.test(s)
      ? { ok: true, number: s }
      : { ok: false, message: `not a SIP address: ${input.trim()}` };
  }
  s = s.replace(/^tel:/i, '').replace(decoration, '');
  if (s === '') return { ok: false, message: 'enter a number to call' };
  if (!/^\+?[0-9*#]+$/.test(s)) return { ok: false, message: `not a phone number: ${input.trim()}` };
  if (s.replace(/\D/g, '').length > 32) return { ok: false, message: 'the number is too long' };
  return { ok: true, number: s };
}

/** The user part for the history: `sip:1001@pbx` → `1001`. */
export function displayNumber(target: string): string {
  const m = /^sips?:([^@]+)@/i.exec(target);
  return m ? decodeURIComponent(m[1] ?? target) : target;
}
