/**
 * The operator's microphone on one call: the stream the call sends, switched mid-call without renegotiation, and
 * watched for the device being unplugged (the browser ends the track; device-faults.ts finds the next input).
 */
import { openMicrophone } from './media';

export class CallMicrophone {
  private stream: MediaStream | null = null;
  private readonly onEnded = () => this.lost();

  /** `lost`: the track the call sends ended by itself (its device was unplugged or the OS took it away). */
  constructor(private readonly lost: () => void) {}

  get current(): MediaStream | null {
    return this.stream;
  }
  get label(): string | null {
    return this.track?.label ?? null;
  }
  get track(): MediaStreamTrack | null {
    return this.stream?.getAudioTracks()[0] ?? null;
  }

  use(stream: MediaStream): void {
    this.track?.removeEventListener?.('ended', this.onEnded);
    this.stream = stream;
    this.track?.addEventListener?.('ended', this.onEnded);
  }

  /**
   * The RTP sender gets the new track (RTCRtpSender.replaceTrack: no re-INVITE); false when there was nothing to
   * switch. `silent` (muted or held) carries over to the new track. Throws MicrophoneError when it cannot open.
   */
  async switchTo(
    pc: RTCPeerConnection,
    deviceId: string,
    audioProcessing: boolean,
    silent: boolean,
  ): Promise<boolean> {
    const stream = await openMicrophone(deviceId, audioProcessing);
    const track = stream.getAudioTracks()[0];
    if (!track) return false;
    track.enabled = !silent;
    const sender = pc.getSenders().find((s) => s.track?.kind === 'audio' || s.track === null);
    if (!sender) {
      stream.getTracks().forEach((t) => t.stop());
      return false;
    }
    await sender.replaceTrack(track);
    this.stop();
    this.use(stream);
    return true;
  }

  stop(): void {
    this.track?.removeEventListener?.('ended', this.onEnded);
    this.stream?.getTracks().forEach((t) => t.stop());
  }
}
