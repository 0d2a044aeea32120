/**
 * Predictive pacing: how many calls a campaign should place right now.
 *
 * The predictive loop calls `decideCallsToPlace(input, strategy)` on every tick (and whenever an operator frees or
 * a call is answered) and originates `callsToPlace` calls. Three strategies:
 *
 * - progressive: one call in flight per Ready operator. A ringing call always has an idle operator waiting for it,
 *   so nothing is ever abandoned; operators wait through every ring, so occupancy is low.
 * - fixedRatio(r): r calls in flight per Ready operator (VICIdial's fixed "dial level"). Whether r is safe depends
 *   on the answer rate of the hour; nothing holds the abandon rate down.
 * - adaptive: dials for the operators that will be free when the new calls are answered (Ready now, plus those in
 *   ACW or on a call whose expected end falls inside the ring time), and chooses the largest number of calls whose
 *   expected abandons stay under a target share of the expected answers. The target follows the campaign's
 *   rolling abandon rate like VICIdial's ADAPT_* methods: the full allowance while the rate is well under the
 *   limit, shrinking quadratically as it nears the limit, almost nothing at or over it.
 *
 * The adaptive model: answers A = callsAwaitingOperator + Binomial(callsRinging + n, p); operators free by the time
 * they arrive F = Ready + Σ Bernoulli(q_i) over busy operators (q_i from the average talk / wrap-up times and how
 * long each has been at it). Overflow X = A − F is taken as normal, E[X⁺] = σφ(μ/σ) + μΦ(μ/σ), and n is the largest
 * value with E[X⁺] ≤ target · E[A]. An overflowing answer is an abandoned call (no operator within 2 s: 47 CFR
 * 64.1200(a)(7), DOMAIN.md), so the target is an abandon share.
 */
import { z } from 'zod';

export const DEFAULT_ABANDON_LIMIT = 0.03;
/** A customer who answers waits this long for an operator before the call counts as abandoned (47 CFR 64.1200). */
export const ABANDON_GRACE_SECONDS = 2;

export const BusyOperatorSchema = z.object({
  /** On a call (talk) or in after-call work (wrap). */
  phase: z.enum(['talk', 'wrap']),
  /** Seconds since this phase began. */
  elapsedSeconds: z.number().min(0),
});
export type BusyOperator = z.infer<typeof BusyOperatorSchema>;

export const PacingInputSchema = z.object({
  /** Ready operators with no call: an answered call can go to them at once. */
  readyOperators: z.number().int().min(0),
  /** Operators logged in to the campaign and busy (on a call or in ACW); they will come back. Paused ones are not here. */
  busyOperators: z.array(BusyOperatorSchema),
  /** Calls placed and still ringing (neither answered nor failed). */
  callsRinging: z.number().int().min(0),
  /** Answered calls waiting for an operator (`AWAITING_FREE_OPERATOR`). */
  callsAwaitingOperator: z.number().int().min(0),
  /** Live answers ÷ finished dial attempts, recent (see `estimateAnswerRate`). */
  answerRate: z.number().min(0).max(1),
  /**
   * How many finished dial attempts `answerRate` rests on. Given, the adaptive pacer plans with an upper confidence
   * bound of the answer rate (over-estimating answers means dialling fewer calls), so a fresh campaign starts near
   * progressive and speeds up as the data comes in. Absent, the rate is taken as exact.
   */
  answerRateSamples: z.number().int().min(0).optional(),
  /** Abandoned calls in the campaign's rolling window. */
  abandonedCalls: z.number().int().min(0),
  /** Live-answered calls in the same window (connected + abandoned). */
  liveAnsweredCalls: z.number().int().min(0),
  /** Abandoned ÷ live-answered that the campaign must stay under. */
  abandonLimit: z.number().min(0).max(1).default(DEFAULT_ABANDON_LIMIT),
  /** Average seconds from placing a call to its answer, over answered calls. */
  avgSecondsToAnswer: z.number().positive(),
  avgTalkSeconds: z.number().positive(),
  avgWrapSeconds: z.number().min(0),
  /** Free lines or trunk channels; no limit when absent. */
  maxNewCalls: z.number().int().min(0).optional(),
});
export type PacingInput = z.input<typeof PacingInputSchema>;
type ParsedPacingInput = z.output<typeof PacingInputSchema>;

export const AdaptiveOptionsSchema = z.object({
  /** Share of the abandon limit the pacer aims at while the rolling rate is low (headroom for model error). */
  aggressiveness: z.number().min(0).max(1).default(0.9),
  /** Below this share of the limit the pacer uses its full allowance; above it, the allowance shrinks quadratically. */
  backOffFrom: z.number().min(0).max(1).default(0.5),
  /**
   * Pseudo-count of clean answered calls added to the rolling window, so that one early abandon in a fresh campaign
   * brakes the pacer without freezing it.
   */
  priorAnsweredCalls: z.number().min(0).default(20),
  /** Never more calls in flight than this many per operator expected free (guards a wrong answer rate). */
  maxDialRatio: z.number().min(1).default(5),
  /** Coefficient of variation assumed for wrap-up time (ACW lengths are fairly regular). */
  wrapCv: z.number().min(0).default(0.35),
});
export type AdaptiveOptions = z.input<typeof AdaptiveOptionsSchema>;

export type PacingStrategy =
  | { kind: 'progressive' }
  | { kind: 'fixedRatio'; ratio: number }
  | { kind: 'adaptive'; options: z.output<typeof AdaptiveOptionsSchema> };

export const progressive = (): PacingStrategy => ({ kind: 'progressive' });
export function fixedRatio(ratio: number): PacingStrategy {
  return { kind: 'fixedRatio', ratio: z.number().min(0).max(20).parse(ratio) };
}
export function adaptive(options: AdaptiveOptions = {}): PacingStrategy {
  return { kind: 'adaptive', options: AdaptiveOptionsSchema.parse(options) };
}

export interface PacingDecision {
  callsToPlace: number;
  /** Calls in flight (ringing + new) per operator expected free: the effective dial ratio. */
  dialRatio: number;
  /** Ready operators plus those expected back before the new calls are answered. */
  expectedFreeOperators: number;
  /** Abandon share the adaptive pacer aimed at for this decision (0 for the others). */
  targetAbandonShare: number;
  /** One line for the supervisor's view: why this many. */
  reason: string;
}

/** Observed answer rate with a prior, so the first few dials of a campaign do not swing the pacer. */
export function estimateAnswerRate(
  answered: number,
  finishedDials: number,
  prior = 0.25,
  priorWeight = 20,
): number {
  return (answered + prior * priorWeight) / (finishedDials + priorWeight);
}

/** Φ by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), enough for pacing. */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
const normalPdf = (x: number): number => Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);

/** E[max(0, X)] for X ~ N(mean, variance). */
export function expectedPositivePart(mean: number, variance: number): number {
  if (variance <= 1e-12) return Math.max(0, mean);
  const sd = Math.sqrt(variance);
  const z = mean / sd;
  return sd * normalPdf(z) + mean * normalCdf(z);
}

/** Probability that a busy operator is free within `horizon` seconds. */
export function probabilityFreeWithin(
  op: BusyOperator,
  horizon: number,
  averages: { avgTalkSeconds: number; avgWrapSeconds: number },
  wrapCv: number,
): number {
  const wrap = averages.avgWrapSeconds;
  if (op.phase === 'wrap') {
    if (wrap <= 0) return 1;
    // Wrap-up ~ normal(mean, cv·mean), conditioned on having lasted `elapsed` already.
    const sd = Math.max(1, wrapCv * wrap);
    const survived = 1 - normalCdf((op.elapsedSeconds - wrap) / sd);
    const endsBy = normalCdf((op.elapsedSeconds + horizon - wrap) / sd);
    const before = 1 - survived;
    return survived <= 1e-9 ? 1 : Math.min(1, Math.max(0, (endsBy - before) / survived));
  }
  // Talk: memoryless (exponential) remaining time, then the average wrap-up. It ignores how long the call has run
  // (the engine knows only the average); where that is wrong, the abandon-rate feedback pulls the pacer back.
  const slack = horizon - wrap;
  return slack <= 0 ? 0 : 1 - Math.exp(-slack / averages.avgTalkSeconds);
}

function adaptiveTarget(input: ParsedPacingInput, options: z.output<typeof AdaptiveOptionsSchema>): number {
  const limit = input.abandonLimit;
  if (limit <= 0) return 0;
  const rate = input.abandonedCalls / Math.max(1, input.liveAnsweredCalls + options.priorAnsweredCalls);
  const used = rate / limit;
  const headroom = used <= options.backOffFrom ? 1 : Math.max(0, (1 - used) / (1 - options.backOffFrom));
  // At or over the limit the pacer still dials, but only what it is nearly certain to connect.
  return limit * Math.max(0.02, options.aggressiveness * headroom * headroom);
}

/** Wilson score upper bound (z = 2, about 97.7 % one-sided) of a rate seen in `n` trials. */
export function answerRateUpperBound(rate: number, n: number): number {
  if (n <= 0) return 1;
  const z = 2;
  const z2n = (z * z) / n;
  const centre = rate + z2n / 2;
  const spread = z * Math.sqrt((rate * (1 - rate)) / n + z2n / (4 * n));
  return Math.min(1, (centre + spread) / (1 + z2n));
}

function decideAdaptive(
  input: ParsedPacingInput,
  options: z.output<typeof AdaptiveOptionsSchema>,
): PacingDecision {
  const planned =
    input.answerRateSamples === undefined
      ? input.answerRate
      : answerRateUpperBound(input.answerRate, input.answerRateSamples);
  const p = Math.min(1, Math.max(0.01, planned));
  const horizon = input.avgSecondsToAnswer + ABANDON_GRACE_SECONDS;
  let freeMean = input.readyOperators;
  let freeVariance = 0;
  for (const op of input.busyOperators) {
    const q = probabilityFreeWithin(op, horizon, input, options.wrapCv);
    freeMean += q;
    freeVariance += q * (1 - q);
  }
  const target = adaptiveTarget(input, options);
  const excessShare = (n: number): { overflow: number; answers: number } => {
    const lines = input.callsRinging + n;
    const answers = input.callsAwaitingOperator + p * lines;
    const overflow = expectedPositivePart(answers - freeMean, p * (1 - p) * lines + freeVariance);
    return { overflow, answers };
  };
  const fits = (n: number): boolean => {
    // Calls that Ready operators are already waiting for cannot be abandoned, whatever the estimate says: the
    // normal approximation below overstates the overflow for a handful of lines and would leave them idle.
    if (input.callsAwaitingOperator + input.callsRinging + n <= input.readyOperators) return true;
    const { overflow, answers } = excessShare(n);
    return overflow <= target * answers;
  };
  const ceiling = Math.max(
    0,
    Math.min(
      Math.floor(options.maxDialRatio * Math.max(1, freeMean)) - input.callsRinging,
      input.maxNewCalls ?? Number.POSITIVE_INFINITY,
    ),
  );
  let callsToPlace = 0;
  if (freeMean > 0 && ceiling > 0 && fits(1)) {
    // E[X⁺] − target·E[A] grows with n, so the largest n that fits is found by bisection.
    let lo = 1;
    let hi = ceiling;
    if (fits(hi)) lo = hi;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (fits(mid)) lo = mid;
      else hi = mid;
    }
    callsToPlace = lo;
  }
  const dialRatio = freeMean > 0 ? (input.callsRinging + callsToPlace) / freeMean : 0;
  return {
    callsToPlace,
    dialRatio,
    expectedFreeOperators: freeMean,
    targetAbandonShare: target,
    reason:
      callsToPlace > 0
        ? `${freeMean.toFixed(1)} operators expected free within ${horizon.toFixed(0)} s; aiming at ${(100 * target).toFixed(2)} % abandons`
        : freeMean <= 0
          ? 'no operator expected free before new calls would be answered'
          : 'calls already ringing cover the operators expected free',
  };
}

export function decideCallsToPlace(input: PacingInput, strategy: PacingStrategy): PacingDecision {
  const state = PacingInputSchema.parse(input);
  const lineCap = state.maxNewCalls ?? Number.POSITIVE_INFINITY;
  const inFlight = state.callsRinging + state.callsAwaitingOperator;
  switch (strategy.kind) {
    case 'progressive': {
      const callsToPlace = Math.max(0, Math.min(lineCap, state.readyOperators - inFlight));
      return {
        callsToPlace,
        dialRatio: state.readyOperators > 0 ? (state.callsRinging + callsToPlace) / state.readyOperators : 0,
        expectedFreeOperators: state.readyOperators,
        targetAbandonShare: 0,
        reason: 'one call per Ready operator',
      };
    }
    case 'fixedRatio': {
      const wanted = Math.floor(strategy.ratio * state.readyOperators + 1e-9);
      const callsToPlace = Math.max(0, Math.min(lineCap, wanted - inFlight));
      return {
        callsToPlace,
        dialRatio: state.readyOperators > 0 ? (state.callsRinging + callsToPlace) / state.readyOperators : 0,
        expectedFreeOperators: state.readyOperators,
        targetAbandonShare: 0,
        reason: `${strategy.ratio} calls per Ready operator`,
      };
    }
    case 'adaptive':
      return decideAdaptive(state, strategy.options);
  }
}
