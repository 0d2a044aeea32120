import { test, expect } from '../../support/mock-sip-fixture';
import { serveBareJsSip } from '../../support/bare-jssip/serve';
import { wavRms, type OriginateEvent } from '../../../mock-sip/index';
import { launchWithToneMic } from './fake-mic';
import * as bare from './bare-page';

const domain = 'mock.dialdeck.test';
test.use({
  launchOptions: launchWithToneMic(),
  mockSipScenario: {
    domain,
    users: [{ user: 'op1', password: 'pw' }],
    customers: {
      '+33100000001': { action: 'answer', afterMs: 500, media: { play: { tone: 440 }, record: true } },
      '+33100000002': { action: 'answer', afterMs: 300, hangupAfterMs: 1500 },
    },
  },
});

let served: Awaited<ReturnType<typeof serveBareJsSip>>;
test.beforeAll(async () => {
  served = await serveBareJsSip();
});
test.afterAll(async () => {
  await served.stop();
});

/** Reads the originate API's Server-Sent Events for one call into an array. */
function collectEvents(controlUrl: string, callId: string): { events: OriginateEvent[]; close: () => void } {
  const events: OriginateEvent[] = [];
  const abort = new AbortController();
  void (async () => {
    const res = await fetch(`${controlUrl}/events?callId=${callId}`, { signal: abort.signal });
    const reader = res.body!.getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += new TextDecoder().decode(value);
      let i;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) events.push(JSON.parse(data.slice(6)) as OriginateEvent);
      }
    }
  })().catch(() => undefined);
  return { events, close: () => abort.abort() };
}

test('originate: customer answers, operator is called with answer-after=0 and the contact id, audio bridged', async ({
  page,
  mockSip,
}) => {
  await page.goto(served.url);
  await bare.register(page, mockSip.wsUrl, 'op1', 'pw', domain);
  const res = await fetch(`${mockSip.controlUrl}/originate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: '+33100000001', headers: { 'X-Dialdeck-Contact-Id': 'c-123' } }),
  });
  expect(res.status).toBe(201);
  const { callId } = (await res.json()) as { callId: string };
  const stream = collectEvents(mockSip.controlUrl, callId);
  await expect
    .poll(() => stream.events.map((e) => e.type), { timeout: 20_000 })
    .toEqual(['ringing', 'answered']);

  const connect = await fetch(`${mockSip.controlUrl}/calls/${callId}/connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operator: 'op1', headers: { 'X-Dialdeck-Contact-Id': 'c-123' } }),
  });
  expect(connect.status).toBe(200);
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('confirmed');
  const incoming = await bare.incoming(page);
  expect(incoming?.from).toBe('+33100000001');
  expect(incoming?.callInfo).toContain('answer-after=0');
  expect(incoming?.headers['X-Dialdeck-Contact-Id']).toBe('c-123');
  await expect
    .poll(() => stream.events.map((e) => e.type), { timeout: 20_000 })
    .toContain('operator_answered');

  // The operator hears the customer, and the customer's recording has the operator's voice.
  await expect
    .poll(async () => (await bare.inboundAudio(page)).analyserRms, { timeout: 20_000 })
    .toBeGreaterThan(0.02);
  await expect
    .poll(() => mockSip.mediaReport(callId)?.recentRms ?? 0, { timeout: 20_000 })
    .toBeGreaterThan(0.02);

  await bare.hangup(page);
  await expect.poll(() => stream.events.map((e) => e.type), { timeout: 20_000 }).toContain('ended');
  const report = mockSip.mediaReport(callId)!;
  expect(wavRms(report.recordingPath!)).toBeGreaterThan(0.02);
  stream.close();
});

test('originate with an operator: the customer hangs up while talking and the operator is released', async ({
  page,
  mockSip,
}) => {
  await page.goto(served.url);
  await bare.register(page, mockSip.wsUrl, 'op1', 'pw', domain);
  const res = await fetch(`${mockSip.controlUrl}/originate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      to: '+33100000002',
      operator: 'op1',
      headers: { 'X-Dialdeck-Contact-Id': 'c-9' },
    }),
  });
  const { callId } = (await res.json()) as { callId: string };
  const stream = collectEvents(mockSip.controlUrl, callId);
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('confirmed');
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('ended');
  await expect
    .poll(() => stream.events.map((e) => e.type), { timeout: 20_000 })
    .toEqual(['ringing', 'answered', 'operator_ringing', 'operator_answered', 'customer_hangup', 'ended']);
  expect(stream.events.find((e) => e.type === 'customer_hangup')?.beforeOperator).toBe(false);
  stream.close();
});

test('a customer calls the softphone (inbound) and is heard', async ({ page, mockSip }) => {
  await page.goto(served.url);
  await bare.register(page, mockSip.wsUrl, 'op1', 'pw', domain);
  await page.evaluate(
    () => ((window as unknown as { bare: { autoAnswer: boolean } }).bare.autoAnswer = false),
  );
  const res = await fetch(`${mockSip.controlUrl}/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: '+33100000001', to: 'op1' }),
  });
  expect(res.status).toBe(201);
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('incoming');
  expect((await bare.incoming(page))?.from).toBe('+33100000001');
  await page.evaluate(() => (window as unknown as { bare: { answer(): void } }).bare.answer());
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('confirmed');
  await expect
    .poll(async () => (await bare.inboundAudio(page)).analyserRms, { timeout: 20_000 })
    .toBeGreaterThan(0.02);
  await bare.hangup(page);
});
