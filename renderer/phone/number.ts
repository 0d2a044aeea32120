/**
 * What operators type or paste into the dial pad: `+44 (20) 7946-0958`, `020 7946 0958`, `tel:+4420…`, a full SIP
 * URI, `custb@pbx.example.com`, or a bare user name such as `custb`. Numbers lose their decoration and are dialled
 * as numbers; a bare user name is completed with the operator's own SIP domain, as every softphone does;
 * anything else is refused before the call is placed.
 */
import { uiText, type UiText } from '../../core/i18n/text';

export type DialTarget = { ok: true; number: string } | { ok: false; message: UiText };

const decoration = /[\s\-().\u00a0\u2010-\u2015/]/g;

/** RFC 3261 25.1 `user`: unreserved, escaped and user-unreserved characters. */
const sipUser = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;

/** `domain` is the host of the operator's own SIP URI (`sip:1001@pbx.example.com` → `pbx.example.com`). */
export function normaliseDialString(input: string, domain: string | null = null): DialTarget {
  const typed = input.trim();
  if (/^sips?:/i.test(typed)) {
    // A full SIP URI is dialled as given (an extension on another domain, a conference bridge).
    return /^sips?:[^\s@]+@[^\s@]+$/i.test(typed)
      ? { ok: true, number: typed }
      : { ok: false, message: uiText('dial.notSipAddress', { typed }) };
  }
  const at = /^([^\s@]+)@([^\s@]+)$/.exec(typed);
  if (at && sipUser.test(at[1] ?? '')) return { ok: true, number: `sip:${typed}` };
  const s = typed.replace(/^tel:/i, '').replace(decoration, '');
  if (s === '') return { ok: false, message: uiText('dial.empty') };
  if (/^\+?[0-9*#]+$/.test(s)) {
    if (s.replace(/\D/g, '').length > 32) return { ok: false, message: uiText('dial.tooLong') };
    return { ok: true, number: s };
  }
  // A user name (`custb`): no spaces, RFC 3261 user characters, completed with our own domain.
  if (sipUser.test(typed) && /[A-Za-z]/.test(typed)) {
    if (!domain) return { ok: false, message: uiText('dial.needDomain', { typed }) };
    return { ok: true, number: `sip:${typed}@${domain}` };
  }
  return { ok: false, message: uiText('dial.notANumber', { typed }) };
}

/** The host part of a SIP URI (`sip:1001@pbx.example.com:5060;transport=ws` → `pbx.example.com:5060`). */
export function sipDomain(uri: string): string | null {
  const m = /^sips?:(?:[^@]*@)?([^;?>\s]+)/i.exec(uri.trim());
  return m?.[1] ?? null;
}

/** The user part for the history: `sip:1001@pbx` → `1001`. */
export function displayNumber(target: string): string {
  const m = /^sips?:([^@]+)@/i.exec(target);
  return m ? decodeURIComponent(m[1] ?? target) : target;
}
