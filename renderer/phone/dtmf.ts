/**
 * DTMF for one call, the way settings say: RFC 2833 (RFC 4733) RTP events, or SIP INFO, with the set tone length
 * and gap. RTP events sent before DTLS-SRTP is up are lost, so digits pressed right after the answer wait (up to
 * 10 s) for the audio path instead of vanishing.
 */
import { uiText, type UiText } from '../../core/i18n/text';
import type { RTCSession } from 'jssip/lib/RTCSession';

export type DtmfSettings = { mode: 'rfc2833' | 'info'; durationMs: number; interToneGapMs: number };

export type DtmfOptions = {
  session: () => RTCSession | null;
  peerConnection: () => RTCPeerConnection | null;
  settings: () => DtmfSettings;
  /** The call is live (connected or on hold): digits make sense. */
  live: () => boolean;
  /** Tell the operator the digits did not go. */
  refused: (message: UiText) => void;
};

const WAIT_STEP_MS = 100;
const WAIT_LIMIT_MS = 10_000;

export class DtmfSender {
  private pending = '';
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: DtmfOptions) {}

  /** False when the digits are not valid DTMF or the call cannot take them now. */
  send(tones: string): boolean {
    const session = this.o.session();
    if (!session || !this.o.live()) return false;
    const clean = tones.toUpperCase().replace(/\s/g, '');
    if (!/^[0-9A-D*#,]+$/.test(clean)) return false;
    const { mode, durationMs, interToneGapMs } = this.o.settings();
    if (mode === 'rfc2833' && (this.pending !== '' || !this.rtpPathUp())) {
      // The RTP path is not up yet (DTLS still connecting right after the answer): keep the digits for it.
      this.pending += clean;
      this.flushSoon();
      return true;
    }
    try {
      session.sendDTMF(clean, {
        duration: durationMs,
        interToneGap: interToneGapMs,
        transportType: (mode === 'rfc2833' ? 'RFC2833' : 'INFO') as never,
      });
      return true;
    } catch (err) {
      this.o.refused(
        uiText('sip.warn.dtmfFailed', {
          digits: clean,
          detail: err instanceof Error ? err.message : String(err),
        }),
      );
      return false;
    }
  }

  /** The call ended: forget what still waits. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = '';
  }

  private rtpPathUp(): boolean {
    const pc = this.o.peerConnection();
    if (!pc) return false;
    const mediaUp = pc.connectionState
      ? pc.connectionState === 'connected'
      : ['connected', 'completed'].includes(pc.iceConnectionState);
    const sender = pc.getSenders().find((x) => x.track?.kind === 'audio');
    return mediaUp && Boolean(sender?.dtmf?.canInsertDTMF);
  }

  private flushSoon(waitedMs = 0): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.o.live() || !this.pending) return;
      if (this.rtpPathUp() || waitedMs > WAIT_LIMIT_MS) {
        const digits = this.pending;
        this.pending = '';
        if (!this.rtpPathUp()) {
          this.o.refused(uiText('sip.warn.dtmfNoAudioPath', { digits }));
          return;
        }
        this.send(digits);
        return;
      }
      this.flushSoon(waitedMs + WAIT_STEP_MS);
    }, WAIT_STEP_MS);
  }
}
