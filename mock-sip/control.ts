/**
 * The HTTP control API testers and tests drive (JSON over HTTP on 127.0.0.1), including the originate API a
 * predictive dialer uses. Every body is parsed with zod; bad input gets 400 with the reason.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { ScenarioError, parseScenarioText, playSchema, scenarioSchema } from './scenario';
import type { MockSipEvent } from './event-log';
import type { OriginateEvent } from './originate';
import type { Pbx } from './pbx';

const originateBody = z
  .object({
    to: z.string().min(1),
    headers: z.record(z.string(), z.string()).optional(),
    operator: z.string().min(1).optional(),
    ringTimeoutMs: z.number().int().min(0).optional(),
    webhookUrl: z.string().url().optional(),
  })
  .strict();
const connectBody = z
  .object({ operator: z.string().min(1), headers: z.record(z.string(), z.string()).optional() })
  .strict();
const inboundBody = z
  .object({ from: z.string().min(1), to: z.string().min(1), play: playSchema.optional() })
  .strict();
const faultBody = z
  .object({ ignoreRegister: z.boolean().optional(), ignoreInvite: z.boolean().optional() })
  .strict();
const holdBody = z.object({ hold: z.boolean() }).strict();
const blackholeBody = z.object({ media: z.boolean().optional() }).strict();

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new HttpError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `body is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new HttpError(400, `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  }
  return result.data;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export class ControlApi {
  private server?: Server;
  url = '';

  constructor(private readonly pbx: Pbx) {}

  async start(host: string, port: number): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (e instanceof HttpError) return send(res, e.status, { error: e.message });
        if (e instanceof ScenarioError)
          return send(res, 400, { error: e.message, line: e.line, reason: e.reason });
        send(res, 500, { error: e instanceof Error ? e.message : String(e) });
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    this.url = `http://${host}:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const pbx = this.pbx;
    let m: RegExpExecArray | null;

    if (method === 'GET' && path === '/') {
      return send(res, 200, { name: 'mock-sip', domain: pbx.domain, routes: routeList });
    }
    if (method === 'POST' && path === '/scenario') {
      const ctype = req.headers['content-type'] ?? '';
      const body = await readJsonOrText(req, ctype);
      if (typeof body === 'string') pbx.loadScenario(parseScenarioText(body, '(request body)'));
      else pbx.loadScenario(parse(scenarioSchema, body));
      return send(res, 200, {
        domain: pbx.domain,
        users: pbx.scenario.users.length,
        customers: Object.keys(pbx.scenario.customers).length,
      });
    }
    if (method === 'GET' && path === '/scenario') return send(res, 200, pbx.scenario);
    if (method === 'GET' && path === '/registrations') return send(res, 200, pbx.registrations());
    if (method === 'GET' && path === '/calls') return send(res, 200, pbx.callList());
    if ((m = /^\/calls\/([^/]+)$/.exec(path)) && method === 'GET') {
      const call = pbx.findCall(decodeURIComponent(m[1]!));
      if (!call) throw new HttpError(404, 'no such call');
      return send(res, 200, call.info);
    }
    if ((m = /^\/calls\/([^/]+)\/hangup$/.exec(path)) && method === 'POST') {
      const id = decodeURIComponent(m[1]!);
      if (!pbx.findCall(id)) throw new HttpError(404, 'no such call');
      pbx.hangupCall(id);
      return send(res, 200, {});
    }
    if ((m = /^\/calls\/([^/]+)\/media-outage$/.exec(path)) && method === 'POST') {
      const id = decodeURIComponent(m[1]!);
      if (!pbx.findCall(id)) throw new HttpError(404, 'no such call');
      return send(res, 200, { cut: pbx.mediaOutage(id) });
    }
    if ((m = /^\/calls\/([^/]+)\/forget$/.exec(path)) && method === 'POST') {
      const id = decodeURIComponent(m[1]!);
      if (!pbx.findCall(id)) throw new HttpError(404, 'no such call');
      return send(res, 200, { forgotten: pbx.forgetCall(id) });
    }
    if ((m = /^\/calls\/([^/]+)\/media$/.exec(path)) && method === 'GET') {
      const report = pbx.mediaReport(decodeURIComponent(m[1]!));
      if (!report) throw new HttpError(404, 'no such call');
      return send(res, 200, report);
    }
    if ((m = /^\/calls\/([^/]+)\/hold$/.exec(path)) && method === 'POST') {
      const call = pbx.findCall(decodeURIComponent(m[1]!));
      if (!call) throw new HttpError(404, 'no such call');
      const { hold } = parse(holdBody, await readJson(req));
      const status = await pbx.reinvite(call, hold ? 'sendonly' : 'sendrecv');
      return send(res, 200, { sipCode: status });
    }
    if ((m = /^\/calls\/([^/]+)\/connect$/.exec(path)) && method === 'POST') {
      const id = decodeURIComponent(m[1]!);
      const body = parse(connectBody, await readJson(req));
      if (!pbx.originatedCall(id)) throw new HttpError(404, 'no such originated call');
      const result = await Promise.race([
        pbx.connect(id, body.operator, body.headers ?? {}),
        // The operator leg goes on in the background; the requester hears about it by events.
        new Promise<'ok'>((resolve) => setTimeout(() => resolve('ok'), 50)),
      ]);
      if (result === 'gone') throw new HttpError(409, 'the customer is no longer there');
      if (result === 'not_answered') throw new HttpError(409, 'the customer has not answered');
      return send(res, 200, {});
    }
    if (method === 'POST' && path === '/originate') {
      const body = parse(originateBody, await readJson(req));
      return send(res, 201, { callId: pbx.originate(body) });
    }
    if (method === 'POST' && path === '/inbound') {
      const body = parse(inboundBody, await readJson(req));
      if (pbx.bindingsOf(body.to).length === 0) throw new HttpError(409, `${body.to} is not registered`);
      return send(res, 201, await pbx.customerCallsUser(body.from, body.to, body.play));
    }
    if ((m = /^\/users\/([^/]+)\/drop$/.exec(path)) && method === 'POST') {
      return send(res, 200, { flowsDropped: pbx.dropUser(decodeURIComponent(m[1]!)) });
    }
    if ((m = /^\/users\/([^/]+)\/blackhole$/.exec(path)) && method === 'POST') {
      const body = parse(blackholeBody, await readJson(req));
      const r = pbx.blackholeUser(decodeURIComponent(m[1]!), body);
      return send(res, 200, { flowsSilenced: r.flows, callsCut: r.calls });
    }
    if (method === 'POST' && path === '/faults') {
      const body = parse(faultBody, await readJson(req));
      Object.assign(pbx.faults, body);
      pbx.log({ type: 'faults', ...pbx.faults });
      return send(res, 200, pbx.faults);
    }
    if (method === 'GET' && path === '/faults') return send(res, 200, pbx.faults);
    if (method === 'GET' && path === '/log') {
      const since = Number(url.searchParams.get('since') ?? 0);
      const type = url.searchParams.get('type');
      const callId = url.searchParams.get('callId');
      let events = pbx.events(since);
      if (type) events = events.filter((e) => e.type === type);
      if (callId) events = events.filter((e) => e.callId === callId || e.sipCallId === callId);
      if (url.searchParams.get('format') === 'jsonl') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson' });
        return void res.end(events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : ''));
      }
      return send(res, 200, events);
    }
    if (method === 'GET' && path === '/events')
      return this.streamOriginateEvents(req, res, url.searchParams.get('callId'));
    throw new HttpError(404, `no route ${method} ${path}`);
  }

  /** Server-Sent Events of originate progress, for one call or all. */
  private streamOriginateEvents(req: IncomingMessage, res: ServerResponse, callId: string | null): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(': mock-sip originate events\n\n');
    // Events that happened before the stream opened still count: replay this call's past ones first.
    const past = this.pbx
      .events()
      .filter((e: MockSipEvent) => e.type === 'originate')
      .map((e) => e.event as OriginateEvent)
      .filter((e) => !callId || e.callId === callId);
    for (const e of past) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    const listener = (e: OriginateEvent) => {
      if (callId && e.callId !== callId) return;
      res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    };
    this.pbx.bus.on('originate', listener);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      this.pbx.bus.off('originate', listener);
    });
  }
}

async function readJsonOrText(req: IncomingMessage, ctype: string): Promise<unknown> {
  if (ctype.includes('json')) {
    // Keep the raw text so a bad scenario is reported with its line.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  return readJson(req);
}

const routeList = [
  'GET  /                          this list',
  'GET  /scenario                  the scenario in force',
  'POST /scenario                  load a scenario (JSON body; errors give line and reason)',
  'GET  /registrations             registered contacts',
  'GET  /calls                     calls, newest last',
  'GET  /calls/:id                 one call (id or SIP Call-ID)',
  'POST /calls/:id/hangup          hang up a call',
  'POST /calls/:id/forget          forget the call without a BYE (later in-dialog requests get 481)',
  'POST /calls/:id/media-outage    the media relay restarts: nothing gets through until an ICE restart',
  'GET  /calls/:id/media           media report: received level, recording path, DTMF',
  'POST /calls/:id/hold            {hold: boolean}: the customer puts the call on hold / resumes',
  'POST /inbound                   {from, to, play?}: a customer calls a registered user',
  "POST /users/:user/drop          close the user's WebSocket/TCP connections",
  "POST /users/:user/blackhole     {media?}: the user's connections go silent without closing (a vanished path)",
  'POST /faults                    {ignoreRegister?, ignoreInvite?}: stop answering',
  'GET  /log?since=&type=&callId=&format=jsonl   the event log',
  'POST /originate                 {to, headers?, operator?, ringTimeoutMs?, webhookUrl?} → 201 {callId}',
  'POST /calls/:id/connect         {operator, headers?}: connect an originated call to an operator',
  'GET  /events?callId=            originate progress as Server-Sent Events',
];
