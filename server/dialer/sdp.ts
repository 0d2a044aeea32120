/**
 * The few SDP facts the dialer needs. It never terminates media: it moves the customer's offer to the operator
 * and the operator's answer back (RFC 3725 flow I), and only writes SDP of its own to hold a customer.
 */
import type { Body } from 'sip.js/lib/core/index.js';

export function sdpBody(content: string): Body {
  return { contentDisposition: 'session', contentType: 'application/sdp', content };
}

/**
 * An answer that accepts the customer's offer but asks for no media (RFC 3264 section 6: `a=inactive`, the
 * first codec offered) while they wait for an operator. A later re-INVITE without SDP asks them for a fresh offer.
 */
export function holdAnswer(offer: string): string {
  const lines = offer.split(/\r?\n/).filter(Boolean);
  const origin = lines.find((l) => l.startsWith('o=')) ?? 'o=- 0 0 IN IP4 127.0.0.1';
  const media = lines.find((l) => l.startsWith('m=audio'));
  const payload = media?.split(' ')[3] ?? '0';
  const rtpmap = lines.find((l) => l.startsWith(`a=rtpmap:${payload} `));
  const address = origin.split(' ').slice(3, 6).join(' ') || 'IN IP4 127.0.0.1';
  return [
    'v=0',
    `o=dialdeck-dialer ${Date.now()} 1 ${address}`,
    's=-',
    `c=${address}`,
    't=0 0',
    // A port of 0 would reject the stream; 9 (discard) with inactive keeps it, silent.
    `m=audio 9 RTP/AVP ${payload}`,
    ...(rtpmap ? [rtpmap] : []),
    'a=inactive',
    '',
  ].join('\r\n');
}

/**
 * RFC 3264 section 8: an offer whose origin line (session id and version) is the one a party gave before does
 * not change the session. A re-INVITE carrying it is a refresh, answered with the answer it already has.
 */
export function sameOrigin(a: string | null, b: string | null): boolean {
  const origin = (sdp: string | null) => sdp?.split(/\r?\n/).find((l) => l.startsWith('o=')) ?? null;
  const o = origin(a);
  return o !== null && o === origin(b);
}
