/**
 * Estimated call quality (MOS) by the ITU-T G.107 E-model, reduced to what a VoIP endpoint can measure:
 *
 *   R = Ro − Is − Id − Ie,eff + A     with Ro − Is = 93.2 (G.107 default values for every other parameter), A = 0
 *
 * - Ie,eff (G.107 §7.2, eq. 7-29): Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl), random loss (BurstR = 1).
 * - Id: the simplified delay impairment of Cole & Rosenbluth ("Voice over IP performance monitoring", ACM SIGCOMM
 *   CCR 31(2), 2001), fitted to G.107's Id for echo-free paths: Id = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3), d the
 *   one-way mouth-to-ear delay in ms, H the step function.
 * - R → MOS: G.107 Annex B, eq. B-4, clamped to [1, 4.5].
 *
 * Reference points the tests check (R → MOS by eq. B-4):
 *   | R    | MOS  | source                                                       |
 *   |------|------|--------------------------------------------------------------|
 *   | 93.2 | 4.41 | G.107 default parameter set                                  |
 *   | 90   | 4.34 | G.109 Table 1, lower bound of "best" (users very satisfied)  |
 *   | 80   | 4.03 | G.109 Table 1, lower bound of "high" (satisfied)             |
 *   | 70   | 3.60 | G.109 Table 1, lower bound of "medium" (some dissatisfied)   |
 *   | 60   | 3.10 | G.109 Table 1, lower bound of "low" (many dissatisfied)      |
 *   | 50   | 2.58 | G.109 Table 1, lower bound of "poor" (nearly all dissatisfied) |
 *   | 100  | 4.50 | eq. B-4 upper limit                                          |
 *
 * This is an estimate for the call record and the operator's quality badge, not a measurement: the E-model is a
 * planning tool, and G.107 itself warns against using it for monitoring without care.
 */
import { checkNumber, checkOneOf, fieldsOf, orNull, orUndefined } from './plain-checks';

const CODECS_ESTIMATED = ['PCMU', 'PCMA', 'opus'] as const;
export type Codec = (typeof CODECS_ESTIMATED)[number];

export interface MosInput {
  codec: Codec;
  /** 0 to 100. */
  packetLossPct: number;
  jitterMs: number;
  roundTripMs: number;
  /** The receiver's jitter-buffer delay, when known (WebRTC: jitterBufferDelay ÷ jitterBufferEmittedCount). */
  jitterBufferMs?: number;
}

// The inputs are checked by hand rather than with zod: the MOS estimate is on the softphone's path, which the
// first screen evaluates before Registered (core/plain-checks.ts). A bad value throws a TypeError naming it.
function checkMosInput(input: unknown): MosInput {
  const v = fieldsOf(input, 'MOS input');
  const q: MosInput = {
    codec: checkOneOf(v.codec, 'codec', CODECS_ESTIMATED),
    packetLossPct: checkNumber(v.packetLossPct, 'packetLossPct', { min: 0, max: 100 }),
    jitterMs: checkNumber(v.jitterMs, 'jitterMs', { min: 0 }),
    roundTripMs: checkNumber(v.roundTripMs, 'roundTripMs', { min: 0 }),
  };
  const buffer = orUndefined(v.jitterBufferMs, (b) => checkNumber(b, 'jitterBufferMs', { min: 0 }));
  if (buffer !== undefined) q.jitterBufferMs = buffer;
  return q;
}

export interface MosEstimate {
  r: number;
  mos: number;
  /** The impairments that made R, so the UI can say what hurt the call (delay or loss). */
  idDelay: number;
  ieEffective: number;
  oneWayDelayMs: number;
}

interface CodecImpairment {
  /** Equipment impairment factor with no loss. */
  ie: number;
  /** Packet-loss robustness factor. */
  bpl: number;
  /** Packetisation plus algorithmic look-ahead, ms, added to the one-way delay. */
  codecDelayMs: number;
}

/**
 * G.711 (PCMU/PCMA): Ie = 0, Bpl = 25.1, G.113 (11/2007) Appendix I, Table I.3, G.711 with packet-loss concealment
 * (G.711 Appendix I) under random loss. Browsers conceal G.711 loss (WebRTC NetEq), so the PLC row applies. Some
 * tables quote Bpl = 34 for G.711 with PLC; we keep 25.1, the more pessimistic value, because we could not confirm
 * which packet size the higher one belongs to.
 *
 * Opus has no G.113 entry. ASSUMPTIONS, not ITU values: Ie = 0 (at WebRTC's default ≥ 32 kbit/s Opus is at least
 * as good as G.711 on the narrowband scale this R uses), Bpl = 30 (its own concealment is better than G.711's PLC;
 * in-band FEC, when negotiated, would make it better still, so this under-rates Opus under loss rather than
 * flattering it). Delay 26.5 ms = 20 ms frame + 6.5 ms look-ahead (RFC 6716 §2).
 */
const CODECS: Record<Codec, CodecImpairment> = {
  PCMU: { ie: 0, bpl: 25.1, codecDelayMs: 20 },
  PCMA: { ie: 0, bpl: 25.1, codecDelayMs: 20 },
  opus: { ie: 0, bpl: 30, codecDelayMs: 26.5 },
};

/** Ro − Is with every G.107 default: the R of a perfect, delay-free narrowband call. */
export const DEFAULT_R = 93.2;

/** G.107 Annex B, eq. B-4. */
export function rToMos(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  const mos = 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
  // Eq. B-4 dips just under 1 for R below about 6.5; clamping keeps MOS monotonic in R.
  return Math.min(4.5, Math.max(1, mos));
}

/** Cole & Rosenbluth's fit to G.107's delay impairment, d = one-way delay in ms. */
export function delayImpairment(oneWayDelayMs: number): number {
  const d = Math.max(0, oneWayDelayMs);
  return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
}

/** G.107 eq. 7-29 with BurstR = 1 (random loss: WebRTC stats do not tell us how bursty the loss was). */
export function effectiveEquipmentImpairment(codec: Codec, packetLossPct: number): number {
  const { ie, bpl } = CODECS[codec];
  const ppl = Math.min(100, Math.max(0, packetLossPct));
  return ie + ((95 - ie) * ppl) / (ppl + bpl);
}

/**
 * When the jitter buffer's delay is unknown, assume an adaptive buffer holding about twice the interarrival jitter
 * and never less than one 20 ms packet (what NetEq settles to on a clean path).
 */
function assumedJitterBufferMs(jitterMs: number): number {
  return Math.max(20, 2 * jitterMs);
}

export function estimateMos(input: MosInput): MosEstimate {
  const q = checkMosInput(input);
  const buffer = q.jitterBufferMs ?? assumedJitterBufferMs(q.jitterMs);
  const oneWayDelayMs = q.roundTripMs / 2 + buffer + CODECS[q.codec].codecDelayMs;
  const idDelay = delayImpairment(oneWayDelayMs);
  const ieEffective = effectiveEquipmentImpairment(q.codec, q.packetLossPct);
  const r = Math.max(0, Math.min(100, DEFAULT_R - idDelay - ieEffective));
  return { r, mos: rToMos(r), idDelay, ieEffective, oneWayDelayMs };
}

/**
 * The E-model input from two getStats samples of the inbound audio RTP stream, as plain numbers (the phone
 * subtracts the previous sample's counters): packetsLost / packetsReceived deltas, jitter and the remote-inbound
 * roundTripTime in seconds as WebRTC reports them, and optionally the jitter-buffer counters' deltas.
 */
export interface StatsDelta {
  codec: Codec;
  packetsLost: number;
  packetsReceived: number;
  jitterSeconds: number;
  roundTripTimeSeconds: number | null;
  jitterBufferDelaySeconds?: number;
  jitterBufferEmittedCount?: number;
}

function checkStatsDelta(delta: unknown): StatsDelta {
  const v = fieldsOf(delta, 'stats delta');
  const s: StatsDelta = {
    codec: checkOneOf(v.codec, 'codec', CODECS_ESTIMATED),
    packetsLost: checkNumber(v.packetsLost, 'packetsLost'),
    packetsReceived: checkNumber(v.packetsReceived, 'packetsReceived'),
    jitterSeconds: checkNumber(v.jitterSeconds, 'jitterSeconds', { min: 0 }),
    roundTripTimeSeconds: orNull(v.roundTripTimeSeconds, (r) =>
      checkNumber(r, 'roundTripTimeSeconds', { min: 0 }),
    ),
  };
  const delay = orUndefined(v.jitterBufferDelaySeconds, (d) =>
    checkNumber(d, 'jitterBufferDelaySeconds', { min: 0 }),
  );
  const emitted = orUndefined(v.jitterBufferEmittedCount, (c) =>
    checkNumber(c, 'jitterBufferEmittedCount', { min: 0 }),
  );
  if (delay !== undefined) s.jitterBufferDelaySeconds = delay;
  if (emitted !== undefined) s.jitterBufferEmittedCount = emitted;
  return s;
}

export function mosInputFromStats(delta: StatsDelta): MosInput {
  const s = checkStatsDelta(delta);
  // packetsLost can go down between samples (duplicates count against it, RFC 3550 §6.4.1): never negative loss.
  const lost = Math.max(0, s.packetsLost);
  const received = Math.max(0, s.packetsReceived);
  const packetLossPct = lost + received > 0 ? (100 * lost) / (lost + received) : 0;
  const input: MosInput = {
    codec: s.codec,
    packetLossPct,
    jitterMs: s.jitterSeconds * 1000,
    // Before the first RTCP report there is no round trip; counting it as zero under-states, never invents, delay.
    roundTripMs: (s.roundTripTimeSeconds ?? 0) * 1000,
  };
  if (
    s.jitterBufferDelaySeconds !== undefined &&
    s.jitterBufferEmittedCount !== undefined &&
    s.jitterBufferEmittedCount > 0
  ) {
    input.jitterBufferMs = (1000 * s.jitterBufferDelaySeconds) / s.jitterBufferEmittedCount;
  }
  return input;
}
