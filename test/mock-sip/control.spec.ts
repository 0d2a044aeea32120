import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startMockSip, type MockSip } from '../../mock-sip/index';
import { call, noMedia, nodePhone, type NodePhone } from './jssip-node';
import { isResponse, register, status, udpClient } from './raw-sip';

const domain = 'mock.dialdeck.test';
let sip: MockSip;
let phone: NodePhone;
let logFile: string;

test.beforeEach(async () => {
  logFile = join(mkdtempSync(join(tmpdir(), 'mock-sip-log-')), 'events.jsonl');
  sip = await startMockSip({
    logFile,
    scenario: {
      domain,
      users: [{ user: '1001', password: 'secret' }],
      customers: { '+1': { action: 'answer' } },
    },
  });
  phone = nodePhone({ wsUrl: sip.wsUrl, user: '1001', password: 'secret', domain });
  await phone.registered;
});

test.afterEach(async () => {
  await phone.stop();
  await sip.stop();
});

async function api<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${sip.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

test('GET / lists the routes; an unknown route is 404', async () => {
  const root = await api<{ routes: string[] }>('GET', '/');
  expect(root.body.routes.some((r) => r.includes('/originate'))).toBe(true);
  expect((await api('GET', '/nope')).status).toBe(404);
});

test('load a scenario; a bad one is refused with line and reason', async () => {
  const good = await api('POST', '/scenario', {
    domain: 'other.test',
    users: [{ user: 'x', password: 'y' }],
  });
  expect(good).toEqual({ status: 200, body: { domain: 'other.test', users: 1, customers: 0 } });
  expect(sip.domain).toBe('other.test');
  const bad = await api<{ line: number; reason: string }>(
    'POST',
    '/scenario',
    '{\n  "customers": {\n    "+1": { "action": "nope" }\n  }\n}',
  );
  expect(bad.status).toBe(400);
  expect(bad.body.line).toBe(3);
  expect(bad.body.reason).toMatch(/customers\.\+1\.action/);
});

test('list registrations and calls, read one call, hang it up', async () => {
  const regs = await api<{ user: string }[]>('GET', '/registrations');
  expect(regs.body.map((r) => r.user)).toEqual(['1001']);
  const c = call(phone, '+1', domain);
  await c.confirmed;
  const calls = await api<{ id: string; state: string; sipCallId: string }[]>('GET', '/calls');
  expect(calls.body).toEqual([expect.objectContaining({ to: '+1', state: 'answered' })]);
  const id = calls.body[0]!.id;
  expect((await api<{ id: string }>('GET', `/calls/${calls.body[0]!.sipCallId}`)).body.id).toBe(id);
  expect((await api('GET', `/calls/${id}/media`)).status).toBe(200);
  expect(await api('POST', `/calls/${id}/hangup`)).toEqual({ status: 200, body: {} });
  expect(await c.ended).toEqual({ cause: 'Terminated', originator: 'remote' });
  expect((await api('POST', '/calls/nope/hangup')).status).toBe(404);
});

test('a customer calls the registered user (inbound); the control API hangs it up', async () => {
  const r = await api<{ id: string; kind: string }>('POST', '/inbound', { from: '+33123456789', to: '1001' });
  expect(r.status).toBe(201);
  expect(r.body.kind).toBe('inbound');
  await expect.poll(() => phone.incoming.length).toBe(1);
  const session = phone.incoming[0]!;
  expect(session.remote_identity.uri.user).toBe('+33123456789');
  const ended = new Promise<string>((resolve) =>
    session.on('ended', (e: { originator: string }) => resolve(e.originator)),
  );
  session.answer({ mediaStream: noMedia });
  await expect
    .poll(async () => (await api<{ state: string }>('GET', `/calls/${r.body.id}`)).body.state)
    .toBe('answered');
  await api('POST', `/calls/${r.body.id}/hangup`);
  expect(await ended).toBe('remote');
  expect((await api('POST', '/inbound', { from: '+1', to: 'nobody' })).status).toBe(409);
});

test("drop a user's WebSocket", async () => {
  expect(await api('POST', '/users/1001/drop')).toEqual({ status: 200, body: { flowsDropped: 1 } });
  await sip.waitForEvent((e) => e.type === 'flow_closed');
});

test("blackhole a user's WebSocket: it stays open, nothing is answered on it (no pong either), a new one works", async () => {
  const c = call(phone, '+1', domain);
  await c.confirmed;
  const [info] = (await api<{ id: string }[]>('GET', '/calls')).body;
  const before = sip.events().length;
  const silenced = await api<{ flowsSilenced: number; callsCut: number }>('POST', '/users/1001/blackhole', {
    media: true,
  });
  expect(silenced.status).toBe(200);
  expect(silenced.body.flowsSilenced).toBe(1);
  expect((await api('POST', '/users/1001/blackhole', { nope: 1 })).status).toBe(400);
  // A MESSAGE and a CRLF ping down the old connection: no answer, and the connection is not closed.
  type Transport = { send(d: string): boolean; isConnected(): boolean; disconnect(): void; connect(): void };
  const transport = (phone.ua as unknown as { _transport: Transport })._transport;
  const answered: unknown[] = [];
  phone.ua.sendMessage(`sip:mock@${domain}`, 'are you there?', {
    eventHandlers: { succeeded: (e: unknown) => answered.push(e), failed: (e: unknown) => answered.push(e) },
  });
  const data: unknown[] = [];
  const socket = (transport as unknown as { socket: { ondata: (d: unknown) => void } }).socket;
  const ondata = socket.ondata;
  socket.ondata = (d) => {
    data.push(d);
    ondata(d);
  };
  transport.send('\r\n\r\n');
  await new Promise((r) => setTimeout(r, 500));
  expect(answered).toEqual([]);
  expect(data).toEqual([]);
  expect(transport.isConnected()).toBe(true);
  const after = sip.events().slice(before);
  expect(after.filter((e) => e.type === 'sip' && e.method === 'MESSAGE')).toEqual([]);
  expect(after.some((e) => e.type === 'flow_closed')).toBe(false);
  expect(after.some((e) => e.type === 'fault_blackhole_user')).toBe(true);
  // The phone gives up on it and connects anew: that works as before, and the call moves there (RFC 5626).
  transport.disconnect();
  transport.connect();
  await sip.waitForEvent((e) => e.type === 'flow_replaced' && e.user === '1001', 15_000);
  await api('POST', `/calls/${info!.id}/hangup`);
  expect(await c.ended).toEqual({ cause: 'Terminated', originator: 'remote' });
});

test('rfc5626 a phone that comes back over a new WebSocket gets its call there; a forgotten call answers 481', async () => {
  const c = call(phone, '+1', domain);
  await c.confirmed;
  const [info] = (await api<{ id: string }[]>('GET', '/calls')).body;
  // JsSIP names its instance and reg-id in every REGISTER: its return is the same flow on a new connection.
  await api('POST', '/users/1001/drop');
  const replaced = await sip.waitForEvent((e) => e.type === 'flow_replaced' && e.user === '1001', 15_000);
  expect(replaced).toMatchObject({ dialogsMoved: 1 });
  // The customer's BYE goes down the new connection and reaches the phone.
  await api('POST', `/calls/${info!.id}/hangup`);
  expect(await c.ended).toEqual({ cause: 'Terminated', originator: 'remote' });

  const second = call(phone, '+1', domain);
  await second.confirmed;
  const calls = (await api<{ id: string; state: string }[]>('GET', '/calls')).body;
  const live = calls.find((x) => x.state === 'answered')!;
  expect(await api('POST', `/calls/${live.id}/forget`)).toEqual({ status: 200, body: { forgotten: true } });
  // Any request inside the forgotten dialog gets 481 (RFC 3261 12.2.2): JsSIP ends the call as a dialog error.
  second.session.sendInfo('application/dtmf-relay', 'Signal=1\r\nDuration=100');
  expect(await second.ended).toMatchObject({ cause: 'Dialog Error' });
  expect((await api('POST', '/calls/nope/forget')).status).toBe(404);
});

test('fault injection: stop answering REGISTER and INVITE, then answer again', async () => {
  const udp = await udpClient(sip.udpPort);
  const options = (n: number) =>
    [
      `OPTIONS sip:${domain} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${udp.port};branch=z9hG4bKo${n}`,
      'Max-Forwards: 70',
      `From: <sip:p@${domain}>;tag=1`,
      `To: <sip:${domain}>`,
      `Call-ID: o${n}`,
      `CSeq: ${n} OPTIONS`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
  expect(await api('POST', '/faults', { ignoreRegister: true, ignoreInvite: true })).toEqual({
    status: 200,
    body: { ignoreRegister: true, ignoreInvite: true },
  });
  udp.send(register({ user: '1001', domain, transport: 'UDP', localPort: udp.port }));
  udp.send(options(1));
  // The OPTIONS answer arrives; the REGISTER sent before it never got one.
  expect(status(await udp.next())).toBe(200);
  expect(udp.received.filter((t) => /^CSeq: \d+ REGISTER/m.test(t))).toEqual([]);
  const c = call(phone, '+1', domain, { eventHandlers: {} } as never);
  await sip.waitForEvent((e) => e.type === 'sip' && e.dir === 'in' && e.method === 'INVITE');
  expect(sip.events().some((e) => e.type === 'sip' && e.dir === 'out' && e.method === 'INVITE')).toBe(false);
  c.session.terminate();

  await api('POST', '/faults', { ignoreRegister: false, ignoreInvite: false });
  udp.send(register({ user: '1001', domain, transport: 'UDP', localPort: udp.port, cseq: 5 }));
  expect(status(await udp.next(isResponse(401, 'REGISTER')))).toBe(401);
  expect((await api('POST', '/faults', { ignoreEverything: true })).status).toBe(400);
  udp.close();
});

test('the event log: every SIP message and call event, by API and as a JSON-lines file', async () => {
  const c = call(phone, '+1', domain);
  await c.confirmed;
  c.session.terminate();
  await sip.waitForEvent((e) => e.type === 'call_ended');
  const all = await api<{ type: string; seq: number }[]>('GET', '/log');
  expect(all.body.filter((e) => e.type === 'sip').length).toBeGreaterThan(6);
  const ended = await api<{ type: string }[]>('GET', '/log?type=call_ended');
  expect(ended.body).toHaveLength(1);
  const since = await api<{ seq: number }[]>('GET', `/log?since=${all.body.at(-2)!.seq}`);
  expect(since.body).toHaveLength(1);
  const jsonl = await (await fetch(`${sip.controlUrl}/log?format=jsonl&type=call_started`)).text();
  expect(
    jsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).type),
  ).toEqual(['call_started']);
  const file = readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; dir?: string; method?: string });
  expect(file.some((e) => e.type === 'sip' && e.dir === 'in' && e.method === 'INVITE')).toBe(true);
  expect(file.some((e) => e.type === 'call_ended')).toBe(true);
});

test('bad bodies are refused with 400 and the reason', async () => {
  const r = await api<{ error: string }>('POST', '/originate', { too: '+1' });
  expect(r.status).toBe(400);
  expect(r.body.error).toMatch(/to|too/);
  const notJson = await fetch(`${sip.controlUrl}/originate`, { method: 'POST', body: '{nope' });
  expect(notJson.status).toBe(400);
});

test('hanging up a customer call that is still ringing refuses the INVITE', async () => {
  sip.loadScenario({
    domain,
    users: [{ user: '1001', password: 'secret' }],
    customers: { '+ring': { action: 'ring' } },
  });
  const c = call(phone, '+ring', domain);
  await expect.poll(() => c.events).toEqual(['progress 180']);
  const id = sip.calls().find((x) => x.to === '+ring')!.id;
  expect(await api('POST', `/calls/${id}/hangup`)).toEqual({ status: 200, body: {} });
  expect((await c.ended).status).toBe(480);
});
