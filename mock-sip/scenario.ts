/**
 * The scenario: who may register, and how each scripted customer behaves when called. A JSON file validated
 * with zod; a bad file is refused with the line and the reason, so a tester can fix it without guessing.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const toneSchema = z.object({ tone: z.number().min(20).max(3800) }).strict();
const wavSchema = z.object({ wav: z.string().min(1) }).strict();

/** What the customer sends: a tone (Hz), a WAV file, an echo of what it hears, or silence. */
export const playSchema = z.union([toneSchema, wavSchema, z.literal('echo'), z.literal('silence')]);

const mediaSchema = z
  .object({
    play: playSchema.default({ tone: 440 }),
    /** Record what the customer receives to a WAV file (reported by the media report). */
    record: z.boolean().default(true),
  })
  .strict();

const dtmfSchema = z
  .object({
    digits: z.string().regex(/^[0-9*#A-D]+$/, 'digits are 0-9, *, #, A-D'),
    afterMs: z.number().int().min(0).default(1000),
    method: z.enum(['rfc2833', 'info']).default('rfc2833'),
  })
  .strict();

const answerSchema = z
  .object({
    action: z.literal('answer'),
    /** Time from the INVITE to the 200 OK; 180 Ringing goes out first. */
    afterMs: z.number().int().min(0).default(0),
    /** Send 183 Session Progress with SDP (early media) instead of 180 while "ringing". */
    earlyMedia: z.boolean().default(false),
    media: mediaSchema.default({ play: { tone: 440 }, record: true }),
    /** The customer hangs up (sends BYE) this long after answering. */
    hangupAfterMs: z.number().int().min(0).optional(),
    /** The customer stops sending audio this long after answering, but stays on the line (dead air). */
    deadAirAfterMs: z.number().int().min(0).optional(),
    /** The customer puts the call on hold (re-INVITE a=sendonly) this long after answering. */
    hold: z
      .object({ afterMs: z.number().int().min(0), resumeAfterMs: z.number().int().min(0).optional() })
      .strict()
      .optional(),
    dtmf: dtmfSchema.optional(),
    /** Answer every re-INVITE from the caller with 491 Request Pending (to test glare handling). */
    reInvite491: z.boolean().default(false),
  })
  .strict();

const rejectSchema = z
  .object({
    action: z.literal('reject'),
    code: z.number().int().min(400).max(699),
    afterMs: z.number().int().min(0).default(0),
    /** Send 180 before the rejection, as a phone that rings and is then declined. */
    ringFirst: z.boolean().default(false),
  })
  .strict();

const ringSchema = z
  .object({
    action: z.literal('ring'),
    /** Ring until CANCEL, or until this long has passed and then answer 408. */
    timeoutMs: z.number().int().min(0).default(60_000),
  })
  .strict();

const customerSchema = z.discriminatedUnion('action', [answerSchema, rejectSchema, ringSchema]);

export const scenarioSchema = z
  .object({
    domain: z.string().min(1).default('mock.dialdeck.test'),
    users: z
      .array(
        z
          .object({ user: z.string().min(1), password: z.string(), displayName: z.string().optional() })
          .strict(),
      )
      .default([]),
    /** Accept REGISTER from anyone without a challenge (load tests with many generated users). */
    openRegistration: z.boolean().default(false),
    registration: z
      .object({
        minExpires: z.number().int().min(1).default(30),
        maxExpires: z.number().int().min(1).default(3600),
        /**
         * How a REGISTER with wrong digest credentials is answered. '401': a fresh challenge (stale=false), as
         * Kamailio does (RFC 3261 22.2; the client sees it already tried and gives up). '403': Forbidden.
         */
        badCredentials: z.enum(['401', '403']).default('401'),
      })
      .strict()
      .default({ minExpires: 30, maxExpires: 3600, badCredentials: '401' }),
    /**
     * The answer to a call for a scenario user who is not registered: 404 Not Found (Kamailio's stock
     * `lookup("location")` failure) or 480 Temporarily Unavailable (what Asterisk says for an absent endpoint).
     */
    unregisteredUserStatus: z.union([z.literal(404), z.literal(480)]).default(404),
    /** RFC 4028: refuse INVITEs whose Session-Expires is shorter, with 422 and Min-SE. */
    minSE: z.number().int().min(90).optional(),
    /** Scripted customers by number (as dialled: the user part of the Request-URI). */
    customers: z.record(z.string(), customerSchema).default({}),
    /** How numbers the scenario does not name behave. */
    defaultCustomer: customerSchema.default({
      action: 'answer',
      afterMs: 0,
      earlyMedia: false,
      media: { play: { tone: 440 }, record: true },
      reInvite491: false,
    }),
    /** What a customer who answered an originated call hears until an operator is connected. */
    holdAudio: playSchema.default({ tone: 425 }),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type Customer = z.output<typeof customerSchema>;
export type AnswerBehaviour = z.output<typeof answerSchema>;
export type Play = z.output<typeof playSchema>;

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ScenarioError';
  }
}

export function parseScenario(input: ScenarioInput): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ScenarioError('(scenario)', 0, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

/** Parses scenario JSON text; errors carry the line of the offending value. */
export function parseScenarioText(text: string, file = '(scenario)'): Scenario {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Node's message has no position on every version: find the offending character ourselves.
    const line = lineAt(text, jsonErrorIndex(text));
    throw new ScenarioError(
      file,
      line,
      `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').split('\n')[0]}`,
    );
  }
  const result = scenarioSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const line = lineOfPath(text, path);
    const where = path.length ? path.join('.') : '(root)';
    throw new ScenarioError(file, line, `${where}: ${issue.message}`);
  }
  return result.data;
}

export function loadScenarioFile(path: string): Scenario {
  return parseScenarioText(readFileSync(path, 'utf8'), path);
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/**
 * The line where the value at `path` starts, found by walking the JSON text itself (JSON.parse forgets
 * positions). Falls back to the deepest ancestor found.
 */
function lineOfPath(text: string, path: (string | number)[]): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipValue = (): void => {
    ws();
    const ch = text[i];
    if (ch === '"') return skipString();
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (ch === '{') {
          skipString();
          ws();
          i++; // colon
        }
        skipValue();
        ws();
        if (text[i] === ',') i++;
        else {
          i++;
          return;
        }
      }
    }
    while (i < text.length && !/[,}\]\s]/.test(text[i]!)) i++;
  };
  let best = 1;
  for (const key of path) {
    ws();
    best = lineAt(text, i);
    const ch = text[i];
    if (ch === '{' && typeof key === 'string') {
      i++;
      let found = false;
      for (;;) {
        ws();
        if (text[i] !== '"') break;
        const start = i;
        skipString();
        const name = JSON.parse(text.slice(start, i)) as string;
        ws();
        i++;
        if (name === key) {
          found = true;
          best = lineAt(text, start);
          break;
        }
        skipValue();
        ws();
        if (text[i] === ',') i++;
        else break;
      }
      if (!found) return best;
    } else if (ch === '[' && typeof key === 'number') {
      i++;
      for (let n = 0; n < key; n++) {
        skipValue();
        ws();
        if (text[i] === ',') i++;
        else return best;
      }
      ws();
      best = lineAt(text, i);
    } else return best;
  }
  ws();
  return Math.max(best, lineAt(text, i));
}

/** Index of the first character where `text` stops being JSON (a strict recursive-descent scan). */
function jsonErrorIndex(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (ch === '"') return string();
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += m![0].length;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
  return i;
}
