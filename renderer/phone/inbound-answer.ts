/**
 * Answering or declining a ringing inbound call: the microphone first (the one kept open while the operator is
 * Ready, else one opened now), then JsSIP's 200 OK; a call that cannot be taken is refused with a code that tells
 * the caller why rather than leaving them ringing.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import { uiText } from '../../core/i18n/text';
import { CallState } from './states';
import { openMicrophone, microphoneFailure } from './media';
import type { CallContext } from './call-events';
import type { EndCause } from './call-end';

type TerminateOptions = Parameters<RTCSession['terminate']>[0];

export class InboundAnswer {
  constructor(
    private readonly call: {
      ctx: () => CallContext;
      session: () => RTCSession | null;
      state: () => CallState;
      move: (to: CallState) => void;
      expires: () => number;
      /** The stream the call sends from now on. */
      microphoneOpen: (stream: MediaStream) => void;
      /** End the session from our side, saying why when the call could not be taken. */
      terminate: (options: TerminateOptions, cause?: EndCause) => void;
    },
  ) {}

  async answer(): Promise<void> {
    const call = this.call;
    const ctx = call.ctx();
    if (call.state() !== CallState.Incoming || !call.session()) return;
    call.move(CallState.Answering);
    let stream: MediaStream;
    try {
      // The stream kept open while the operator is Ready (ready-microphone.ts), else one opened now.
      stream = await (ctx.readyMicrophone?.() ??
        openMicrophone(ctx.devices().microphoneId, ctx.audioProcessing()));
    } catch (err) {
      const e = microphoneFailure(err);
      // Tell the caller we cannot take it rather than leaving them ringing.
      call.terminate(
        { status_code: 480, reason_phrase: 'Microphone Unavailable' },
        { reason: e.reason, message: e.text },
      );
      return;
    }
    const session = call.session();
    if (!session || session.isEnded()) {
      // Ended while the microphone was opening (the caller gave up).
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    call.microphoneOpen(stream);
    try {
      session.answer({
        mediaStream: stream,
        pcConfig: { iceServers: ctx.settings.iceServers },
        sessionTimersExpires: call.expires(),
      });
    } catch (err) {
      call.terminate(
        { status_code: 500 },
        { reason: 'internal_error', message: uiText('sip.end.notAnswered', { detail: String(err) }) },
      );
    }
  }

  /** 603 Decline (RFC 3261 21.6.2): the operator does not want this call; 486 when they are busy. */
  decline(code: 486 | 603 = 603): void {
    if (this.call.state() !== CallState.Incoming) return;
    this.call.terminate({ status_code: code, reason_phrase: code === 486 ? 'Busy Here' : 'Decline' });
  }
}
