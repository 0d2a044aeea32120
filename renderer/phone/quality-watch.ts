/** Polls one call's peer connection for quality once a second while it is up; keeps the samples for the record. */
import type { CallQuality } from '../../core/call-record';
import { sampleQuality, summariseQuality, type QualityCounters, type QualitySample } from './quality';

const QUALITY_INTERVAL_MS = 1000;

export class QualityWatch {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly samples: QualitySample[] = [];
  private lastSample: QualitySample | null = null;
  private counters: QualityCounters | null = null;

  constructor(
    private readonly call: {
      peerConnection: () => RTCPeerConnection | null;
      ended: () => boolean;
      onSample: (sample: QualitySample) => void;
    },
  ) {}

  get latest(): QualitySample | null {
    return this.lastSample;
  }

  summary(): CallQuality | null {
    return summariseQuality(this.samples);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const pc = this.call.peerConnection();
      if (!pc || this.call.ended()) return;
      sampleQuality(pc, this.counters)
        .then(({ sample, counters }) => {
          if (this.call.ended()) return;
          this.counters = counters;
          this.lastSample = sample;
          this.samples.push(sample);
          if (this.samples.length > 7200) this.samples.shift();
          this.call.onSample(sample);
        })
        .catch(() => undefined);
    }, QUALITY_INTERVAL_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
