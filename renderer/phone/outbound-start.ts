/**
 * Dialling: the microphone opened first (a failure ends the call before the network with its reason), then the
 * outbound session started, and started once more when the PBX answers 422 Session Interval Too Small
 * (RFC 4028 §6: retry once with the PBX's Min-SE).
 */
import { uiText, type UiText } from '../../core/i18n/text';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingResponse } from 'jssip/lib/SIPMessage';
import type { DialFailureReason } from '../../core/call-record';
import type { CallContext, StartOptions } from './call-events';
import type { CallMedia } from './call-media';

export class OutboundStart {
  private target: { target: string; extraHeaders: string[] } | null = null;
  private retried = false;

  constructor(
    private readonly deps: {
      ctx: () => CallContext;
      media: () => CallMedia;
      ended: () => boolean;
      expires: () => number;
      handlers: () => StartOptions['eventHandlers'];
      started: (session: RTCSession) => void;
      refused: (reason: DialFailureReason, message: UiText, cause: string) => void;
    },
  ) {}

  /** Opens the microphone, then starts the session. Never throws: a failure ends the call through `refused`. */
  async dial(target: string, extraHeaders: string[]): Promise<void> {
    const media = this.deps.media();
    const opened = await media.openForDial();
    if (!opened.ok) {
      this.deps.refused(opened.reason, opened.text, 'microphone');
      return;
    }
    if (this.deps.ended()) {
      // Hung up while the microphone was opening.
      opened.stream.getTracks().forEach((t) => t.stop());
      return;
    }
    media.use(opened.stream);
    this.start(target, extraHeaders);
  }

  private start(target: string, extraHeaders: string[]): void {
    const ctx = this.deps.ctx();
    try {
      const session = ctx.startSession(target, {
        mediaStream: this.deps.media().stream as MediaStream,
        extraHeaders,
        sessionTimersExpires: this.deps.expires(),
        pcConfig: { iceServers: ctx.settings.iceServers },
        eventHandlers: this.deps.handlers(),
      });
      this.deps.started(session);
      this.target = { target, extraHeaders };
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.deps.refused(
        /target/i.test(msg) ? 'bad_number' : 'internal_error',
        uiText('sip.end.notPlaced', { detail: msg }),
        'internal',
      );
    }
  }

  /**
   * The interval the PBX demands (its Min-SE, 1800 s when it named none) if this 422 deserves the one retry;
   * null otherwise. The caller raises its offer and calls `again()`.
   */
  minSessionExpires(response: IncomingResponse | null | undefined): number | null {
    if (this.retried || !this.target) return null;
    this.retried = true;
    const minSe = parseInt(String(response?.getHeader?.('Min-SE') ?? ''), 10);
    return Number.isFinite(minSe) ? minSe : 1800;
  }

  again(): void {
    if (this.target) this.start(this.target.target, this.target.extraHeaders);
  }
}
