/**
 * The SDP edits the werift peer needs. werift pitfall (shared notes, MACHINE.md): the 48 kHz telephone-event must go
 * from the offer or werift may pick it while we send PCMU.
 */

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** Removes what werift would mis-negotiate (see the file comment), leaving the rest of the offer intact. */
export function stripTelephoneEvent48k(sdp: string): string {
  const pts = [...sdp.matchAll(/a=rtpmap:(\d+) telephone-event\/48000/gi)].map((m) => m[1]!);
  if (pts.length === 0) return sdp;
  const lines = sdp
    .split(/\r\n/)
    .filter((l) => !pts.some((pt) => new RegExp(`^a=(rtpmap|fmtp|rtcp-fb):${pt}( |$)`).test(l)));
  return lines
    .map((l) =>
      l.startsWith('m=audio')
        ? l
            .split(' ')
            .filter((t, i) => i < 3 || !pts.includes(t))
            .join(' ')
        : l,
    )
    .join('\r\n');
}

export function isWebRtcOffer(sdp: string): boolean {
  return /a=fingerprint:/i.test(sdp) && /a=ice-ufrag:/i.test(sdp);
}

/** The payload type the peer gave 8 kHz telephone-events (101 when it names none). */
export function telephoneEventPayloadType(sdp: string): number {
  return Number(/a=rtpmap:(\d+) telephone-event\/8000/i.exec(sdp)?.[1] ?? 101);
}

/** The ICE username fragment: new credentials in an offer mean an ICE restart (RFC 8839 4.4.1.1.1). */
export function iceUfrag(sdp: string | undefined): string | undefined {
  return /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1];
}

/** The same SDP with another direction and a new version (RFC 3264 8: a changed offer has a higher version). */
export function withDirection(sdp: string, direction: MediaDirection): string {
  const version = Date.now() % 1_000_000_000;
  return sdp
    .replace(/^a=(sendrecv|sendonly|recvonly|inactive)$/gm, `a=${direction}`)
    .replace(/^(o=\S+ \S+ )(\d+)/m, (_m, pre: string) => `${pre}${version}`);
}
