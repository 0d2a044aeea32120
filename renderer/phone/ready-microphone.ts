/**
 * The microphone kept open while the operator is Ready in a campaign whose calls are answered automatically
 * (predictive), so an arriving call is answered without waiting for getUserMedia (issue 15: under load that wait
 * was most of the connect time).
 *
 * Privacy: the stream is only open on this machine. It is attached to no peer connection and nothing is sent
 * until a call is answered; the call then takes it (and stops it when the call ends), and a new one is opened
 * for the next call. It is closed when the operator goes Not ready, leaves the campaign, the phone stops, or a
 * device change makes it stale (then it is opened again on the new device).
 */
export class ReadyMicrophone {
  private stream: Promise<MediaStream> | null = null;
  private wanted = false;

  constructor(
    private readonly open: () => Promise<MediaStream>,
    private readonly log: (message: string, data?: Record<string, unknown>) => void,
  ) {}

  get warm(): boolean {
    return this.wanted;
  }

  /** Keep a stream open (true) or close it (false). */
  keep(on: boolean): void {
    if (on === this.wanted) return;
    this.wanted = on;
    if (on) this.fill();
    else this.close();
  }

  /**
   * The open stream for a call being answered (it is the call's from now on), or null when none is kept; a
   * stream still opening is waited for rather than opening a second one.
   */
  take(): Promise<MediaStream> | null {
    const s = this.stream;
    this.stream = null;
    if (!s) return null;
    return s.then((stream) => {
      if (stream.getAudioTracks().some((t) => t.readyState === 'live')) return stream;
      // The device went away while we waited: answer on whatever opens now.
      stream.getTracks().forEach((t) => t.stop());
      return this.open();
    });
  }

  /** After a call: open the next one if the operator is still Ready. */
  fill(): void {
    if (!this.wanted || this.stream) return;
    // Whoever takes the stream (a call) or closes it (close()) stops its tracks; nobody else does.
    const opening = this.open();
    this.stream = opening;
    opening.catch((err: unknown) => {
      if (this.stream === opening) this.stream = null;
      // Not fatal: the call opens its own and reports a dial failure with the reason if that fails too.
      this.log('could not keep the microphone open while Ready', { error: String(err) });
    });
  }

  /** The chosen device or the audio processing changed: the kept stream is on the old one. */
  reopen(): void {
    if (!this.wanted) return;
    this.close();
    this.fill();
  }

  close(): void {
    const s = this.stream;
    this.stream = null;
    void s?.then(
      (stream) => stream.getTracks().forEach((t) => t.stop()),
      () => undefined,
    );
  }
}
