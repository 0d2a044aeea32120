/** WAV files: recordings written as 16-bit PCM, and sources (or recordings) read back as 8 kHz mono. */
import { readFileSync } from 'node:fs';
import { SAMPLE_RATE } from './pcmu';

export function encodeWav(samples: Int16Array, rate: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVE', 8);
  head.write('fmt ', 12);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

/** Reads 16-bit PCM WAV (any rate, mono or stereo) as 8 kHz mono. */
export function readWav(path: string): Int16Array {
  const buf = readFileSync(path);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error(`${path}: not a WAV file`);
  let off = 12;
  let channels = 1;
  let rate = SAMPLE_RATE;
  let bits = 16;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(off + 10);
      rate = buf.readUInt32LE(off + 12);
      bits = buf.readUInt16LE(off + 22);
    } else if (id === 'data') {
      if (bits !== 16) throw new Error(`${path}: only 16-bit PCM WAV is supported`);
      const frames = Math.floor(Math.min(size, buf.length - off - 8) / (2 * channels));
      const outLength = Math.floor((frames * SAMPLE_RATE) / rate);
      const out = new Int16Array(outLength);
      for (let i = 0; i < outLength; i++) {
        const frame = Math.floor((i * rate) / SAMPLE_RATE);
        out[i] = buf.readInt16LE(off + 8 + frame * 2 * channels);
      }
      return out;
    }
    off += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** RMS of a WAV file on the 0…1 scale, for tests that check a recording. */
export function wavRms(path: string): number {
  const samples = readWav(path);
  let sq = 0;
  for (const s of samples) sq += (s / 32768) ** 2;
  return samples.length ? Math.sqrt(sq / samples.length) : 0;
}
