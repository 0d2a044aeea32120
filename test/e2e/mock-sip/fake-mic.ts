/** A WAV tone for Chromium's fake microphone (`--use-file-for-fake-audio-capture`), so what mock-sip records is known. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from '../../support/chromium';
import { encodeWav } from '../../../mock-sip/wav';

export function fakeMicTone(hz = 660, seconds = 5): string {
  const rate = 48000;
  const n = rate * seconds;
  const samples = new Int16Array(n);
  for (let i = 0; i < n; i++) samples[i] = Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 10000);
  const dir = join(tmpdir(), 'mock-sip-e2e');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `mic-${hz}.wav`);
  writeFileSync(path, encodeWav(samples, rate));
  return path;
}

/** Launch options whose fake microphone plays a steady tone. */
export function launchWithToneMic() {
  return chromiumLaunchOptions([`--use-file-for-fake-audio-capture=${fakeMicTone()}`]);
}
