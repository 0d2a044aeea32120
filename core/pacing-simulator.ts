/**
 * A campaign day, simulated event by event, to judge pacing strategies: operators, calls that ring and are
 * answered (or not), talk and wrap-up times drawn from distributions, and a seeded PRNG so that a run is
 * repeatable. The pacer sees only what the real engine would see: counts, elapsed times and running averages
 * (it is not told the true answer probability or the distributions).
 *
 * An answered call goes to the longest-idle operator; with none free it waits up to ABANDON_GRACE_SECONDS for one,
 * and is abandoned (the customer hears the recorded message, the call ends) if none frees in time.
 */
import { z } from 'zod';
import {
  ABANDON_GRACE_SECONDS,
  DEFAULT_ABANDON_LIMIT,
  decideCallsToPlace,
  estimateAnswerRate,
  type BusyOperator,
  type PacingStrategy,
} from './pacing';

export const DurationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), seconds: z.number().min(0) }),
  z.object({ kind: z.literal('uniform'), min: z.number().min(0), max: z.number().min(0) }),
  z.object({ kind: z.literal('exponential'), mean: z.number().positive() }),
  z.object({ kind: z.literal('lognormal'), mean: z.number().positive(), sd: z.number().min(0) }),
]);
export type Duration = z.infer<typeof DurationSchema>;

export const SimulationConfigSchema = z.object({
  operators: z.number().int().min(1).max(10_000),
  durationSeconds: z
    .number()
    .positive()
    .default(8 * 3600),
  /** Probability that a placed call is answered by a live person. */
  answerProbability: z.number().min(0).max(1),
  /** Ring time of calls that are answered. */
  secondsToAnswer: DurationSchema,
  /** Ring time of calls that are not (no answer, busy, unreachable). */
  secondsToNoAnswer: DurationSchema,
  talkSeconds: DurationSchema,
  wrapSeconds: DurationSchema,
  abandonLimit: z.number().min(0).max(1).default(DEFAULT_ABANDON_LIMIT),
  /** How often the predictive loop runs. */
  tickSeconds: z.number().positive().default(1),
  seed: z.number().int().default(1),
});
export type SimulationConfig = z.input<typeof SimulationConfigSchema>;

export interface SimulationReport {
  operators: number;
  hours: number;
  callsPlaced: number;
  liveAnswered: number;
  connected: number;
  abandoned: number;
  /** abandoned ÷ live-answered over the day. */
  abandonRate: number;
  /** (talk + wrap-up) ÷ logged-in time, all operators. */
  occupancy: number;
  callsPlacedPerHour: number;
  connectedPerOperatorHour: number;
  /** Highest abandon rate seen at any hour's end, once 100 calls were answered (how close the day came). */
  worstHourlyCumulativeAbandonRate: number;
}

/** Mulberry32: small, fast, and good enough to draw ring and talk times. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function drawDuration(d: Duration, random: () => number): number {
  switch (d.kind) {
    case 'fixed':
      return d.seconds;
    case 'uniform':
      return d.min + (d.max - d.min) * random();
    case 'exponential':
      return -d.mean * Math.log(1 - random());
    case 'lognormal': {
      const sigma2 = Math.log(1 + (d.sd * d.sd) / (d.mean * d.mean));
      const mu = Math.log(d.mean) - sigma2 / 2;
      // Box–Muller; 1 − u keeps log away from zero.
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return Math.exp(mu + Math.sqrt(sigma2) * z);
    }
  }
}

/** What the engine assumes before a campaign has data of its own. Generic figures, not the simulation's truth. */
export const PACING_PRIORS = {
  secondsToAnswer: 15,
  talkSeconds: 180,
  wrapSeconds: 30,
  answerRate: 0.25,
  weight: 5,
};

type EventKind = 'ring_end' | 'talk_end' | 'wrap_end' | 'abandon' | 'tick';
interface SimEvent {
  at: number;
  seq: number;
  kind: EventKind;
  id: number;
}

/** Binary min-heap on (time, insertion order), so equal times resolve the same way on every run. */
class EventQueue {
  private heap: SimEvent[] = [];
  private seq = 0;
  push(at: number, kind: EventKind, id: number): void {
    const e = { at, seq: this.seq++, kind, id };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i] as SimEvent, h[parent] as SimEvent)) break;
      [h[i], h[parent]] = [h[parent] as SimEvent, h[i] as SimEvent];
      i = parent;
    }
  }
  pop(): SimEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l] as SimEvent, h[m] as SimEvent)) m = l;
        if (r < h.length && before(h[r] as SimEvent, h[m] as SimEvent)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as SimEvent, h[i] as SimEvent];
        i = m;
      }
    }
    return top;
  }
}
const before = (a: SimEvent, b: SimEvent): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

interface Operator {
  phase: 'idle' | 'talk' | 'wrap';
  since: number;
}
interface Call {
  placedAt: number;
  answers: boolean;
  state: 'ringing' | 'waiting' | 'done';
}

/** Running mean seeded with a prior worth `weight` observations. */
class RunningMean {
  private sum: number;
  private n: number;
  constructor(prior: number, weight: number) {
    this.sum = prior * weight;
    this.n = weight;
  }
  add(x: number): void {
    this.sum += x;
    this.n += 1;
  }
  get value(): number {
    return this.sum / this.n;
  }
}

export function simulateCampaignDay(config: SimulationConfig, strategy: PacingStrategy): SimulationReport {
  const c = SimulationConfigSchema.parse(config);
  const random = seededRandom(c.seed);
  const end = c.durationSeconds;
  const operators: Operator[] = Array.from({ length: c.operators }, () => ({ phase: 'idle', since: 0 }));
  // Longest-idle first: operators join the back when they free.
  const idle: number[] = operators.map((_, i) => i);
  let idleHead = 0;
  const waiting: number[] = [];
  let waitingHead = 0;
  const calls: Call[] = [];
  const queue = new EventQueue();

  let ringing = 0;
  let awaiting = 0;
  let busySeconds = 0;
  let placed = 0;
  let finishedDials = 0;
  let liveAnswered = 0;
  let connected = 0;
  let abandoned = 0;
  let worstHourly = 0;
  const toAnswer = new RunningMean(PACING_PRIORS.secondsToAnswer, PACING_PRIORS.weight);
  const talkMean = new RunningMean(PACING_PRIORS.talkSeconds, PACING_PRIORS.weight);
  const wrapMean = new RunningMean(PACING_PRIORS.wrapSeconds, PACING_PRIORS.weight);
  const talkStartedAt = new Float64Array(c.operators);

  const idleCount = (): number => idle.length - idleHead;
  const takeIdle = (): number => {
    const id = idle[idleHead++] as number;
    if (idleHead > 1024 && idleHead * 2 > idle.length) {
      idle.splice(0, idleHead);
      idleHead = 0;
    }
    return id;
  };
  const connect = (op: number, now: number): void => {
    const o = operators[op] as Operator;
    o.phase = 'talk';
    o.since = now;
    talkStartedAt[op] = now;
    connected += 1;
    queue.push(now + drawDuration(c.talkSeconds, random), 'talk_end', op);
  };
  const operatorFree = (op: number, now: number): void => {
    while (waitingHead < waiting.length) {
      const callId = waiting[waitingHead++] as number;
      const call = calls[callId] as Call;
      if (call.state !== 'waiting') continue;
      call.state = 'done';
      awaiting -= 1;
      connect(op, now);
      return;
    }
    const o = operators[op] as Operator;
    o.phase = 'idle';
    o.since = now;
    idle.push(op);
  };

  queue.push(0, 'tick', 0);
  for (let e = queue.pop(); e; e = queue.pop()) {
    const now = e.at;
    switch (e.kind) {
      case 'tick': {
        if (now >= end) break;
        const busy: BusyOperator[] = [];
        for (const o of operators) {
          if (o.phase !== 'idle') busy.push({ phase: o.phase, elapsedSeconds: now - o.since });
        }
        const decision = decideCallsToPlace(
          {
            readyOperators: idleCount(),
            busyOperators: busy,
            callsRinging: ringing,
            callsAwaitingOperator: awaiting,
            answerRate: estimateAnswerRate(
              liveAnswered,
              finishedDials,
              PACING_PRIORS.answerRate,
              PACING_PRIORS.weight,
            ),
            answerRateSamples: finishedDials,
            abandonedCalls: abandoned,
            liveAnsweredCalls: liveAnswered,
            abandonLimit: c.abandonLimit,
            avgSecondsToAnswer: toAnswer.value,
            avgTalkSeconds: talkMean.value,
            avgWrapSeconds: wrapMean.value,
          },
          strategy,
        );
        for (let i = 0; i < decision.callsToPlace; i++) {
          const answers = random() < c.answerProbability;
          const ring = drawDuration(answers ? c.secondsToAnswer : c.secondsToNoAnswer, random);
          calls.push({ placedAt: now, answers, state: 'ringing' });
          queue.push(now + ring, 'ring_end', calls.length - 1);
          ringing += 1;
          placed += 1;
        }
        if (Math.floor((now + c.tickSeconds) / 3600) > Math.floor(now / 3600) && liveAnswered >= 100) {
          worstHourly = Math.max(worstHourly, abandoned / liveAnswered);
        }
        queue.push(now + c.tickSeconds, 'tick', 0);
        break;
      }
      case 'ring_end': {
        const call = calls[e.id] as Call;
        ringing -= 1;
        finishedDials += 1;
        if (!call.answers) {
          call.state = 'done';
          break;
        }
        liveAnswered += 1;
        toAnswer.add(now - call.placedAt);
        if (idleCount() > 0) {
          call.state = 'done';
          connect(takeIdle(), now);
        } else {
          call.state = 'waiting';
          awaiting += 1;
          waiting.push(e.id);
          queue.push(now + ABANDON_GRACE_SECONDS, 'abandon', e.id);
        }
        break;
      }
      case 'abandon': {
        const call = calls[e.id] as Call;
        if (call.state === 'waiting') {
          call.state = 'done';
          awaiting -= 1;
          abandoned += 1;
        }
        break;
      }
      case 'talk_end': {
        const o = operators[e.id] as Operator;
        // The engine learns a call's length only when it ends.
        talkMean.add(now - o.since);
        o.phase = 'wrap';
        o.since = now;
        queue.push(now + drawDuration(c.wrapSeconds, random), 'wrap_end', e.id);
        break;
      }
      case 'wrap_end': {
        const started = talkStartedAt[e.id] as number;
        wrapMean.add(now - (operators[e.id] as Operator).since);
        busySeconds += Math.max(0, Math.min(now, end) - Math.min(started, end));
        operatorFree(e.id, now);
        break;
      }
    }
  }

  const hours = end / 3600;
  return {
    operators: c.operators,
    hours,
    callsPlaced: placed,
    liveAnswered,
    connected,
    abandoned,
    abandonRate: liveAnswered > 0 ? abandoned / liveAnswered : 0,
    occupancy: busySeconds / (c.operators * end),
    callsPlacedPerHour: placed / hours,
    connectedPerOperatorHour: connected / (c.operators * hours),
    worstHourlyCumulativeAbandonRate: worstHourly,
  };
}

/** The day the benchmark and the tests simulate unless told otherwise (the figures issue 4 asks for). */
export function typicalCampaignDay(operators: number, seed = 1): SimulationConfig {
  return {
    operators,
    durationSeconds: 8 * 3600,
    answerProbability: 0.3,
    secondsToAnswer: { kind: 'uniform', min: 15, max: 25 },
    secondsToNoAnswer: { kind: 'uniform', min: 15, max: 25 },
    talkSeconds: { kind: 'lognormal', mean: 120, sd: 90 },
    wrapSeconds: { kind: 'uniform', min: 20, max: 40 },
    abandonLimit: DEFAULT_ABANDON_LIMIT,
    tickSeconds: 1,
    seed,
  };
}
