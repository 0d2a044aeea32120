import { createServer } from 'node:http';
import { expect, test } from '@playwright/test';
import { startMockSip, type MockSip, type OriginateEvent } from '../../mock-sip/index';
import { nodePhone, type NodePhone } from './jssip-node';

const domain = 'mock.dialdeck.test';
let sip: MockSip;
let operator: NodePhone;

test.beforeEach(async () => {
  sip = await startMockSip({
    scenario: {
      domain,
      users: [{ user: 'op1', password: 'pw' }],
      customers: {
        '+answers': { action: 'answer', afterMs: 200 },
        '+busy': { action: 'reject', code: 486, ringFirst: true },
        '+declines': { action: 'reject', code: 603 },
        '+missing': { action: 'reject', code: 404 },
        '+rings': { action: 'ring', timeoutMs: 60_000 },
        '+leaves': { action: 'answer', afterMs: 100, hangupAfterMs: 300 },
      },
    },
  });
  operator = nodePhone({ wsUrl: sip.wsUrl, user: 'op1', password: 'pw', domain, autoAnswer: true });
  await operator.registered;
});

test.afterEach(async () => {
  await operator.stop();
  await sip.stop();
});

async function post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${sip.controlUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

function progress(callId: string): string[] {
  return sip
    .events()
    .filter((e) => e.type === 'originate' && (e.event as OriginateEvent).callId === callId)
    .map((e) => (e.event as OriginateEvent).type);
}

test("originate with an operator: the operator INVITE carries the number, the requester's headers and answer-after=0", async () => {
  const r = await post<{ callId: string }>('/originate', {
    to: '+answers',
    operator: 'op1',
    headers: { 'X-Dialdeck-Contact-Id': 'c-123' },
  });
  expect(r.status).toBe(201);
  await expect.poll(() => operator.incoming.length).toBe(1);
  const request = (operator.incoming[0] as unknown as { _request: { getHeader(n: string): string } })
    ._request;
  expect(operator.incoming[0]!.remote_identity.uri.user).toBe('+answers');
  expect(request.getHeader('X-Dialdeck-Contact-Id')).toBe('c-123');
  expect(request.getHeader('Call-Info')).toMatch(/^<sip:[^>]+>;answer-after=0$/);
  await expect
    .poll(() => progress(r.body.callId))
    .toEqual(['ringing', 'answered', 'operator_ringing', 'operator_answered']);
  expect(await post(`/calls/${r.body.callId}/hangup`, {})).toEqual({ status: 200, body: {} });
  await expect.poll(() => progress(r.body.callId)).toContain('ended');
  await expect.poll(() => operator.incoming[0]!.isEnded()).toBe(true);
});

for (const [to, type, sipCode] of [
  ['+busy', 'rejected', 486],
  ['+declines', 'rejected', 603],
  ['+missing', 'unreachable', 404],
] as const) {
  test(`originate to a customer who answers ${sipCode}: ${type}, then ended`, async () => {
    const { body } = await post<{ callId: string }>('/originate', { to });
    await expect.poll(() => progress(body.callId)).toContain('ended');
    const events = sip
      .events()
      .filter((e) => e.type === 'originate')
      .map((e) => e.event as OriginateEvent);
    expect(events.find((e) => e.type === type)).toMatchObject({ callId: body.callId, sipCode });
  });
}

test('no answer within ringTimeoutMs is unreachable (408)', async () => {
  const { body } = await post<{ callId: string }>('/originate', { to: '+rings', ringTimeoutMs: 300 });
  await expect.poll(() => progress(body.callId)).toEqual(['ringing', 'unreachable', 'ended']);
});

test('the customer hangs up before an operator is connected: customer_hangup beforeOperator, then connect is 409', async () => {
  const { body } = await post<{ callId: string }>('/originate', { to: '+leaves' });
  await expect.poll(() => progress(body.callId)).toEqual(['ringing', 'answered', 'customer_hangup', 'ended']);
  const hangup = sip
    .events()
    .map((e) => e.event as OriginateEvent | undefined)
    .find((e) => e?.type === 'customer_hangup');
  expect(hangup?.beforeOperator).toBe(true);
  const connect = await post('/calls/' + body.callId + '/connect', { operator: 'op1' });
  expect(connect.status).toBe(409);
  expect(operator.incoming).toHaveLength(0);
});

test('connect later: the answered customer waits until POST /calls/:id/connect', async () => {
  const { body } = await post<{ callId: string }>('/originate', { to: '+answers' });
  await expect.poll(() => progress(body.callId)).toEqual(['ringing', 'answered']);
  expect(operator.incoming).toHaveLength(0);
  expect(
    await post(`/calls/${body.callId}/connect`, {
      operator: 'op1',
      headers: { 'X-Dialdeck-Contact-Id': 'c-7' },
    }),
  ).toEqual({ status: 200, body: {} });
  await expect.poll(() => progress(body.callId)).toContain('operator_answered');
  expect((await post('/calls/unknown/connect', { operator: 'op1' })).status).toBe(404);
});

test('an operator who is not registered: operator_rejected', async () => {
  const { body } = await post<{ callId: string }>('/originate', { to: '+answers', operator: 'nobody' });
  await expect.poll(() => progress(body.callId)).toContain('operator_rejected');
});

test('progress is POSTed to the webhook', async () => {
  const received: OriginateEvent[] = [];
  const hook = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      received.push(JSON.parse(data) as OriginateEvent);
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
  const { body } = await post<{ callId: string }>('/originate', { to: '+busy', webhookUrl: url });
  await expect.poll(() => received.map((e) => e.type)).toEqual(['ringing', 'rejected', 'ended']);
  expect(received[1]).toMatchObject({ callId: body.callId, sipCode: 486, at: expect.any(String) });
  hook.closeAllConnections();
  await new Promise((r) => hook.close(r));
});
