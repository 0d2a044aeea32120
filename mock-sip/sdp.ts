/**
 * An SDP offer or answer for peers that are not WebRTC (sipp, signalling-only load): audio PCMU that mock-sip
 * never sends. WebRTC peers get real media from media.ts instead.
 */
export function plainSdp(host: string, direction: string = 'sendrecv'): string {
  const id = Date.now() % 1_000_000_000;
  return [
    'v=0',
    `o=mock-sip ${id} ${id} IN IP4 ${host}`,
    's=mock-sip',
    `c=IN IP4 ${host}`,
    't=0 0',
    'm=audio 40000 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    `a=${direction}`,
    '',
  ].join('\r\n');
}
