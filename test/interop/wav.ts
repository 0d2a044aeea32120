/** Just enough WAV for the lab: write a test tone, read what baresip recorded, measure its energy. */
import { readFileSync, writeFileSync } from 'node:fs';

export function writeToneWav(
  path: string,
  {
    hz,
    seconds = 10,
    sampleRate = 8000,
    amplitude = 0.5,
  }: { hz: number; seconds?: number; sampleRate?: number; amplitude?: number },
): void {
  const samples = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / sampleRate) * amplitude * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

export type Wav = { sampleRate: number; channels: number; samples: Int16Array };

/** Reads 16-bit PCM; tolerates a data chunk whose size was never filled in (a recording still open). */
export function readWav(path: string): Wav {
  const buf = readFileSync(path);
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${path} is not a WAV file`);
  }
  let offset = 12;
  let sampleRate = 0;
  let channels = 0;
  let bits = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(body + 2);
      sampleRate = buf.readUInt32LE(body + 4);
      bits = buf.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (bits !== 16) throw new Error(`${path}: ${bits}-bit samples, expected 16`);
      const end = size === 0 || body + size > buf.length ? buf.length : body + size;
      const bytes = buf.subarray(body, end - ((end - body) % 2));
      const samples = new Int16Array(bytes.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
      return { sampleRate, channels, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${path} has no data chunk`);
}

/** Root mean square of the samples, 0…1 of full scale. */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += (s / 32768) ** 2;
  return Math.sqrt(sum / samples.length);
}

/** Seconds of the recording whose 20 ms frames carry more than `threshold` RMS: "how much audio arrived". */
export function secondsWithSound(wav: Wav, threshold = 0.01): number {
  const frame = Math.max(1, Math.round((wav.sampleRate * wav.channels) / 50));
  let loud = 0;
  for (let i = 0; i + frame <= wav.samples.length; i += frame) {
    if (rms(wav.samples.subarray(i, i + frame)) > threshold) loud++;
  }
  return loud / 50;
}

/** Power at `hz` (Goertzel) over the recording's loud 20 ms frames; only comparable between frequencies. */
export function tonePower(wav: Wav, hz: number, threshold = 0.01): number {
  const frame = Math.max(1, Math.round((wav.sampleRate * wav.channels) / 50));
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / wav.sampleRate);
  let power = 0;
  for (let i = 0; i + frame <= wav.samples.length; i += frame) {
    const part = wav.samples.subarray(i, i + frame);
    if (rms(part) <= threshold) continue;
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < part.length; j += wav.channels) {
      const s0 = (part[j] ?? 0) / 32768 + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    power += s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  }
  return power;
}

/** Which of the lab's tones (`candidates`, Hz) the recording carries most of: who was heard. 0 when silent. */
export function dominantTone(wav: Wav, candidates: readonly number[]): number {
  let best = 0;
  let bestPower = 0;
  for (const hz of candidates) {
    const power = tonePower(wav, hz);
    if (power > bestPower) [best, bestPower] = [hz, power];
  }
  return best;
}
