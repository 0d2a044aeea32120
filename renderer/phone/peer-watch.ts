/**
 * The call's peer connection as JsSIP made it: the far end's track goes to the speaker, and ICE or DTLS reaching
 * `failed` is reported once. Its listeners come off when the call ends, and the connection is let go, so a long
 * shift of calls keeps no closed connection alive through the calls the views still hold.
 */
export class PeerWatch {
  private pc: RTCPeerConnection | null = null;
  private offs: Array<() => void> = [];

  constructor(
    private readonly on: {
      track: (ev: RTCTrackEvent) => void;
      failure: (detail: string) => void;
    },
  ) {}

  get current(): RTCPeerConnection | null {
    return this.pc;
  }

  /** ICE or the connection as a whole has failed (JsSIP may end the call as "RTP Timeout" before we notice). */
  get failed(): boolean {
    const pc = this.pc as (RTCPeerConnection & { connectionState?: string }) | null;
    return pc !== null && (pc.iceConnectionState === 'failed' || pc.connectionState === 'failed');
  }

  watch(pc: RTCPeerConnection): void {
    this.release();
    this.pc = pc;
    const onTrack = (ev: RTCTrackEvent) => this.on.track(ev);
    const onState = () => {
      const conn = (pc as RTCPeerConnection & { connectionState?: string }).connectionState;
      if (pc.iceConnectionState === 'failed' || conn === 'failed')
        this.on.failure(`ICE ${pc.iceConnectionState}, connection ${conn ?? 'n/a'}`);
    };
    pc.addEventListener('track', onTrack);
    pc.addEventListener('iceconnectionstatechange', onState);
    pc.addEventListener('connectionstatechange', onState);
    this.offs = [
      () => pc.removeEventListener('track', onTrack),
      () => pc.removeEventListener('iceconnectionstatechange', onState),
      () => pc.removeEventListener('connectionstatechange', onState),
    ];
  }

  /** The call ended, or a 422 retry replaces the session: forget this connection. */
  release(): void {
    this.offs.forEach((off) => off());
    this.offs = [];
    this.pc = null;
  }
}
