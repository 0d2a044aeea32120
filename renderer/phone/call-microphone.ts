/** The operator's microphone on one call: the stream the call sends, switched mid-call without renegotiation. */
import { openMicrophone } from './media';

export class CallMicrophone {
  private stream: MediaStream | null = null;

  get current(): MediaStream | null {
    return this.stream;
  }
  get label(): string | null {
    return this.stream?.getAudioTracks()[0]?.label ?? null;
  }
  get track(): MediaStreamTrack | null {
    return this.stream?.getAudioTracks()[0] ?? null;
  }

  use(stream: MediaStream): void {
    this.stream = stream;
  }

  /** The RTP sender gets the new track; false when there was nothing to switch. */
  async switchTo(
    pc: RTCPeerConnection,
    deviceId: string,
    audioProcessing: boolean,
    muted: boolean,
  ): Promise<boolean> {
    const stream = await openMicrophone(deviceId, audioProcessing);
    const track = stream.getAudioTracks()[0];
    if (!track) return false;
    track.enabled = !muted;
    const sender = pc.getSenders().find((s) => s.track?.kind === 'audio' || s.track === null);
    if (!sender) {
      stream.getTracks().forEach((t) => t.stop());
      return false;
    }
    await sender.replaceTrack(track);
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = stream;
    return true;
  }

  stop(): void {
    this.stream?.getTracks().forEach((t) => t.stop());
  }
}
