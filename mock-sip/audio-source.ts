/** What a scripted customer says: the PCM of each 20 ms frame from a tone, a looping WAV file, or nothing. */
import { SAMPLE_RATE } from './pcmu';
import type { Play } from './scenario';
import { readWav } from './wav';

export const SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz

export class AudioSource {
  private toneTheta = 0;
  private wav?: Int16Array;
  private wavPos = 0;

  constructor(private current: Play) {
    this.load(current);
  }

  get play(): Play {
    return this.current;
  }

  /** Echo sends back what it receives, so it has no frames of its own. */
  get isEcho(): boolean {
    return this.current === 'echo';
  }

  load(play: Play): void {
    this.current = play;
    if (typeof play === 'object' && 'wav' in play) {
      this.wav = readWav(play.wav);
      this.wavPos = 0;
    }
  }

  /** The next frame: the tone or the WAV where it left off, else silence. */
  nextFrame(): Int16Array {
    const samples = new Int16Array(SAMPLES_PER_PACKET);
    const play = this.current;
    if (typeof play === 'object' && 'tone' in play) {
      const step = (2 * Math.PI * play.tone) / SAMPLE_RATE;
      for (let i = 0; i < samples.length; i++) {
        samples[i] = Math.round(Math.sin(this.toneTheta) * 12000);
        this.toneTheta += step;
      }
      this.toneTheta %= 2 * Math.PI;
    } else if (typeof play === 'object' && 'wav' in play && this.wav && this.wav.length > 0) {
      for (let i = 0; i < samples.length; i++) {
        samples[i] = this.wav[this.wavPos]!;
        this.wavPos = (this.wavPos + 1) % this.wav.length;
      }
    }
    return samples;
  }
}
