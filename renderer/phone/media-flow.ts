/**
 * Whether a recovering call's audio really flows again (issue 12). ICE `connected` after the ICE-restart
 * re-INVITE is not enough: when the media relay was restarted, the new relay has a new DTLS fingerprint and the
 * handshake with it comes 1–2 s after ICE, and until it is done no audio is decrypted. The operator must not be
 * told the call is back before they can hear the customer.
 */

/** What the browser tells us about the media path; `undefined` where it does not expose that signal. */
export type MediaSignals = {
  /** The recovery re-INVITE was answered (the far end has our new ICE credentials and fingerprint). */
  reinviteAnswered: boolean;
  ice: RTCIceConnectionState | undefined;
  /** The state of the DTLS transport under our audio sender (RTCRtpSender.transport). */
  dtls: RTCDtlsTransportState | undefined;
  /** Inbound audio packets arrived since the previous look (getStats `inbound-rtp.packetsReceived` grew). */
  rtpGrowing: boolean | undefined;
  /** How long ICE and DTLS (where exposed) have both been connected, in ms; 0 while they are not. */
  pathUpForMs: number;
};

/**
 * A far end that sends no RTP while its side is silent (a trunk with voice activity detection and no comfort
 * noise) never makes `rtpGrowing` true while the customer listens. Once the path has been up this long with no
 * packet, the call counts as back anyway: the path is proven by ICE and DTLS, and the customer is only quiet.
 * Hanging up on them at the recovery deadline would be worse than clearing "Reconnecting…" a little early.
 */
export const QUIET_FAR_END_MS = 3000;

export type MediaVerdict = 'flowing' | 'waiting';

/**
 * Every signal the browser exposes must say "flowing"; one it does not expose cannot hold the call back (an
 * older browser without `RTCRtpSender.transport` is judged by ICE and RTP, one without stats by ICE and DTLS).
 */
export function mediaVerdict(s: MediaSignals): MediaVerdict {
  if (!s.reinviteAnswered) return 'waiting';
  if (s.ice !== 'connected' && s.ice !== 'completed') return 'waiting';
  if (s.dtls !== undefined && s.dtls !== 'connected') return 'waiting';
  if (s.rtpGrowing === false && s.pathUpForMs < QUIET_FAR_END_MS) return 'waiting';
  return 'flowing';
}

/** The DTLS state of the transport our audio goes out on, if the browser exposes it. */
export function dtlsState(pc: RTCPeerConnection): RTCDtlsTransportState | undefined {
  const senders = typeof pc.getSenders === 'function' ? pc.getSenders() : [];
  const audio = senders.find((s) => s.track?.kind === 'audio') ?? senders[0];
  return audio?.transport?.state ?? undefined;
}

/** The inbound audio packets received so far, if the browser exposes stats. */
export async function inboundPackets(pc: RTCPeerConnection): Promise<number | undefined> {
  if (typeof pc.getStats !== 'function') return undefined;
  let packets: number | undefined;
  const report = await pc.getStats();
  report.forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio')
      packets = (packets ?? 0) + Number(s.packetsReceived ?? 0);
  });
  return packets;
}
