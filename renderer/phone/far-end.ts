/**
 * Is the far end still there? Dead air on a connected call (dead-air.ts), and the phone registering again after a
 * drop, make the call ask inside its dialog; a 481 means the far end hung up while its BYE could not reach us.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallContext } from './call-events';
import { DeadAirWatch, askFarEnd } from './dead-air';

export class FarEndWatch {
  private deadAir: DeadAirWatch | null = null;

  constructor(
    private readonly call: {
      id: () => string;
      session: () => RTCSession | null;
      peerConnection: () => RTCPeerConnection | null;
      connected: () => boolean;
      live: () => boolean;
      onSilence: () => void;
      onAudioBack: () => void;
      onGone: () => void;
      log: CallContext['log'];
    },
  ) {}

  /** Watches for dead air from the moment the call is confirmed. */
  start(): void {
    if (this.deadAir) return;
    this.deadAir = new DeadAirWatch({
      peerConnection: this.call.peerConnection,
      expectingAudio: this.call.connected,
      onSilence: (silentForMs) => {
        this.call.log('warn', 'dead air', { callId: this.call.id(), silentForMs: Math.round(silentForMs) });
        this.call.onSilence();
      },
      onAudioBack: this.call.onAudioBack,
      probe: () => this.probe(),
    });
    this.deadAir.start();
  }

  /** The phone registered again (after a drop): a quiet call may have lost its far end meanwhile. */
  signallingBack(): void {
    if (this.deadAir?.isSilent) this.probe();
  }

  stop(): void {
    this.deadAir?.stop();
  }

  /** Asks the far end, inside the dialog, whether the call still exists. */
  private probe(): void {
    const session = this.call.session();
    if (!session || !this.call.live()) return;
    askFarEnd(session, {
      onGone: this.call.onGone,
      log: (result, code) =>
        this.call.log('info', 'far-end probe (INFO in dialog)', { callId: this.call.id(), result, code }),
    });
  }
}
