/** A WAV tone for Chromium's fake microphone (`--use-file-for-fake-audio-capture`), so what mock-sip records is known. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from '../../support/chromium';

export function fakeMicTone(hz = 660, seconds = 5): string {
  const rate = 48000;
  const n = rate * seconds;
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 10000), i * 2);
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
  const dir = join(tmpdir(), 'mock-sip-e2e');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `mic-${hz}.wav`);
  writeFileSync(path, Buffer.concat([head, data]));
  return path;
}

/** Launch options whose fake microphone plays a steady tone. */
export function launchWithToneMic() {
  return chromiumLaunchOptions([`--use-file-for-fake-audio-capture=${fakeMicTone()}`]);
}
