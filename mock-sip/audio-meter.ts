/**
 * What a scripted customer hears: overall and recent level, the pitch of the last 100 ms, and the recording to WAV.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_RATE } from './pcmu';
import { encodeWav } from './wav';

export class AudioMeter {
  private readonly recorded: Int16Array[] = [];
  private sumSquares = 0;
  private sampleCount = 0;
  /** Mean square of each of the last 50 packets (one second). */
  private recent: number[] = [];
  /** The last 100 ms received (five 20 ms packets), for `recentHz`. */
  private lastPackets: Int16Array[] = [];

  constructor(private readonly record: boolean) {}

  add(samples: Int16Array): void {
    let sq = 0;
    for (const s of samples) sq += (s / 32768) ** 2;
    this.sumSquares += sq;
    this.sampleCount += samples.length;
    this.recent.push(sq / Math.max(1, samples.length));
    if (this.recent.length > 50) this.recent.shift();
    this.lastPackets.push(samples);
    if (this.lastPackets.length > 5) this.lastPackets.shift();
    if (this.record) this.recorded.push(samples);
  }

  /** Root mean square of everything received, 0 (silence) … 1 (full scale). */
  get receivedRms(): number {
    return this.sampleCount ? Math.sqrt(this.sumSquares / this.sampleCount) : 0;
  }

  /** Level over the last second received, same scale. */
  get recentRms(): number {
    return this.recent.length ? Math.sqrt(this.recent.reduce((a, b) => a + b, 0) / this.recent.length) : 0;
  }

  get recentHz(): number | null {
    return pitchOf(this.lastPackets);
  }

  /** Writes everything received so far to `path` (its folder made if missing). */
  writeRecording(dir: string, file: string): string {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, file);
    const total = this.recorded.reduce((n, c) => n + c.length, 0);
    const all = new Int16Array(total);
    let o = 0;
    for (const c of this.recorded) {
      all.set(c, o);
      o += c.length;
    }
    writeFileSync(path, encodeWav(all, SAMPLE_RATE));
    return path;
  }
}

/**
 * The frequency of a steady tone by counting its zero crossings, with a small dead band so quantisation noise near
 * zero does not count; null when the audio is near silence. Good for test tones, not for speech.
 */
function pitchOf(packets: Int16Array[]): number | null {
  const n = packets.reduce((sum, p) => sum + p.length, 0);
  if (n === 0) return null;
  let squares = 0;
  let crossings = 0;
  let sign = 0;
  const band = 300;
  for (const p of packets)
    for (const x of p) {
      squares += (x / 32768) ** 2;
      const s = x > band ? 1 : x < -band ? -1 : 0;
      if (s !== 0 && sign !== 0 && s !== sign) crossings++;
      if (s !== 0) sign = s;
    }
  if (Math.sqrt(squares / n) < 0.01) return null;
  return Math.round((crossings / 2) * (SAMPLE_RATE / n));
}
