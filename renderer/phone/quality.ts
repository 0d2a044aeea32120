/**
 * Live call quality from RTCPeerConnection.getStats(): packet loss, jitter and round-trip time of the audio we
 * receive, turned into an estimated MOS by core's E-model (core/mos.ts). Polled once a second during the call.
 */
import type { CallQuality } from '../../core/call-record';
import { estimateMos, mosInputFromStats, type Codec } from '../../core/mos';

export type QualitySample = CallQuality & {
  codec: Codec;
  packetsReceived: number;
  bytesReceived: number;
  /** Audio level of what we hear, 0…1 (Chromium fills it only while the track plays). */
  audioLevel: number | null;
};

/** Cumulative counters of the previous sample; the MOS is computed over the last interval only. */
export type QualityCounters = {
  packetsReceived: number;
  packetsLost: number;
  jitterBufferDelay: number;
  jitterBufferEmittedCount: number;
};

type Stat = Record<string, unknown> & { type: string; id: string };

export async function sampleQuality(
  pc: RTCPeerConnection,
  previous: QualityCounters | null,
): Promise<{ sample: QualitySample; counters: QualityCounters }> {
  const report = await pc.getStats();
  const stats = new Map<string, Stat>();
  report.forEach((s: Stat) => stats.set(s.id, s));
  const counters: QualityCounters = {
    packetsReceived: 0,
    packetsLost: 0,
    jitterBufferDelay: 0,
    jitterBufferEmittedCount: 0,
  };
  let bytesReceived = 0;
  let jitterS = 0;
  let audioLevel: number | null = null;
  let rttS: number | null = null;
  let codec: Codec = 'opus';
  for (const s of stats.values()) {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      counters.packetsReceived += num(s.packetsReceived);
      counters.packetsLost += Math.max(0, num(s.packetsLost));
      counters.jitterBufferDelay += num(s.jitterBufferDelay);
      counters.jitterBufferEmittedCount += num(s.jitterBufferEmittedCount);
      bytesReceived += num(s.bytesReceived);
      jitterS = Math.max(jitterS, num(s.jitter));
      if (typeof s.audioLevel === 'number') audioLevel = s.audioLevel;
      const c = typeof s.codecId === 'string' ? stats.get(s.codecId) : undefined;
      const mime = typeof c?.mimeType === 'string' ? c.mimeType.toLowerCase() : '';
      if (mime.endsWith('/pcmu')) codec = 'PCMU';
      else if (mime.endsWith('/pcma')) codec = 'PCMA';
    } else if (s.type === 'remote-inbound-rtp' && s.kind === 'audio' && typeof s.roundTripTime === 'number') {
      rttS = s.roundTripTime;
    } else if (s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') {
      rttS ??= s.currentRoundTripTime;
    }
  }
  const p = previous ?? {
    packetsReceived: 0,
    packetsLost: 0,
    jitterBufferDelay: 0,
    jitterBufferEmittedCount: 0,
  };
  const input = mosInputFromStats({
    codec,
    packetsLost: counters.packetsLost - p.packetsLost,
    packetsReceived: counters.packetsReceived - p.packetsReceived,
    jitterSeconds: jitterS,
    roundTripTimeSeconds: rttS,
    jitterBufferDelaySeconds: Math.max(0, counters.jitterBufferDelay - p.jitterBufferDelay),
    jitterBufferEmittedCount: Math.max(0, counters.jitterBufferEmittedCount - p.jitterBufferEmittedCount),
  });
  const { mos } = estimateMos(input);
  return {
    sample: {
      codec,
      packetLossPct: input.packetLossPct,
      jitterMs: input.jitterMs,
      roundTripMs: rttS === null ? null : rttS * 1000,
      mos,
      packetsReceived: counters.packetsReceived,
      bytesReceived,
      audioLevel,
    },
    counters,
  };
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** What the history keeps: the mean over the samples that had audio (the worst second would overstate a blip). */
export function summariseQuality(samples: readonly QualitySample[]): CallQuality | null {
  const withAudio = samples.filter((s) => s.packetsReceived > 0);
  if (withAudio.length === 0) return null;
  const mean = (f: (s: QualitySample) => number) =>
    withAudio.reduce((a, s) => a + f(s), 0) / withAudio.length;
  const rtts = withAudio.map((s) => s.roundTripMs).filter((x): x is number => x !== null);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    packetLossPct: Math.min(100, round(mean((s) => s.packetLossPct))),
    jitterMs: round(mean((s) => s.jitterMs)),
    roundTripMs: rtts.length ? round(rtts.reduce((a, b) => a + b, 0) / rtts.length) : null,
    mos: Math.min(5, Math.max(1, round(mean((s) => s.mos)))),
  };
}
