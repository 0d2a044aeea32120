/**
 * The microphone kept open while the operator is Ready in a campaign whose calls are answered automatically
 * (predictive), so an arriving call is answered without waiting for getUserMedia (issue 15: under load that wait
 * was most of the connect time).
 *
 * Privacy: the stream is only open on this machine. It is attached to no peer connection and nothing is sent
 * until a call is answered; the call then takes it (and stops it when the call ends), and a new one is opened
 * for the next call. It is closed when the operator goes Not ready, leaves the campaign, the phone stops, or a
 * device change makes it stale (then it is opened again on the new device).
 *
 * While it waits it is watched (issue 12): a headset unplugged while the operator is idle ends its track, and the
 * next call would be answered on a dead one. Its `ended` goes to `lost`, and device-faults.ts opens it again on
 * the next input (or says no input is left).
 */
export class ReadyMicrophone {
  private stream: Promise<MediaStream> | null = null;
  /** The kept stream's track once open, with the `ended` listener on it; null while opening or when none is kept. */
  private watched: { track: MediaStreamTrack; off: () => void } | null = null;
  private wanted = false;

  constructor(
    private readonly open: () => Promise<MediaStream>,
    private readonly log: (message: string, data?: Record<string, unknown>) => void,
    /** The kept track ended by itself (its device was unplugged) while no call had taken it. */
    private readonly lost: (track: MediaStreamTrack) => void = () => undefined,
  ) {}

  get warm(): boolean {
    return this.wanted;
  }

  /** The kept microphone's track (live, or ended by an unplug not yet handled); null when none is open. */
  get track(): MediaStreamTrack | null {
    return this.watched?.track ?? null;
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
    this.unwatch();
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
    opening.then(
      (stream) => {
        if (this.stream === opening) this.watch(stream);
      },
      () => undefined,
    );
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

  /**
   * Opens the kept stream again (on the device chosen now) and waits for it: its live track, or null when it
   * could not be opened or nothing is kept any more.
   */
  async reopened(): Promise<MediaStreamTrack | null> {
    this.reopen();
    const opening = this.stream;
    if (!opening) return null;
    const stream = await opening.catch(() => null);
    const track = stream?.getAudioTracks().find((t) => t.readyState === 'live') ?? null;
    return this.stream === opening ? track : null;
  }

  close(): void {
    const s = this.stream;
    this.stream = null;
    this.unwatch();
    void s?.then(
      (stream) => stream.getTracks().forEach((t) => t.stop()),
      () => undefined,
    );
  }

  private watch(stream: MediaStream): void {
    const track = stream.getAudioTracks()[0];
    if (!track) return;
    const onEnded = () => {
      if (this.watched?.track === track) this.lost(track);
    };
    track.addEventListener?.('ended', onEnded);
    this.watched = { track, off: () => track.removeEventListener?.('ended', onEnded) };
  }

  private unwatch(): void {
    this.watched?.off();
    this.watched = null;
  }
}
