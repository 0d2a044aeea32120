import { test, expect } from '../../support/mock-sip-fixture';
import { serveBareJsSip } from '../../support/bare-jssip/serve';
import { wavRms } from '../../../mock-sip/index';
import { launchWithToneMic } from './fake-mic';
import * as bare from './bare-page';

const domain = 'mock.dialdeck.test';
test.use({
  launchOptions: launchWithToneMic(),
  mockSipScenario: {
    domain,
    users: [{ user: '1001', password: 'secret' }],
    customers: {
      '+15550001': { action: 'answer', afterMs: 300, media: { play: { tone: 440 }, record: true } },
      '+15550002': { action: 'answer', afterMs: 0, media: { play: 'echo', record: true } },
      '+15550003': {
        action: 'answer',
        afterMs: 0,
        earlyMedia: true,
        media: { play: { tone: 440 }, record: true },
        deadAirAfterMs: 3000,
      },
      '+15550004': { action: 'answer', afterMs: 0, dtmf: { digits: '42', afterMs: 1500, method: 'info' } },
      '+15550005': { action: 'answer', afterMs: 0, hold: { afterMs: 1500, resumeAfterMs: 3000 } },
      '+15550006': { action: 'answer', afterMs: 0, media: { play: { tone: 440 }, record: true } },
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

test('audio both ways: the browser hears the customer tone and the customer records the browser', async ({
  page,
  mockSip,
}) => {
  await page.goto(served.url);
  await bare.register(page, mockSip.wsUrl, '1001', 'secret', domain);
  await bare.dial(page, `sip:+15550001@${domain}`);
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('confirmed');
  await expect
    .poll(async () => (await bare.inboundAudio(page)).analyserRms, { timeout: 20_000 })
    .toBeGreaterThan(0.02);
  await expect
    .poll(async () => (await bare.inboundAudio(page)).audioLevel, { timeout: 20_000 })
    .toBeGreaterThan(0.01);
  const call = mockSip.calls().find((c) => c.to === '+15550001')!;
  await expect
    .poll(() => mockSip.mediaReport(call.id)?.recentRms ?? 0, { timeout: 20_000 })
    .toBeGreaterThan(0.02);
  await bare.hangup(page);
  await expect
    .poll(() => mockSip.calls().find((c) => c.id === call.id)?.state, { timeout: 10_000 })
    .toBe('ended');
  const report = mockSip.mediaReport(call.id)!;
  expect(report.recordingPath).toBeTruthy();
  expect(wavRms(report.recordingPath!)).toBeGreaterThan(0.02);
});

test('an echoing customer sends back what the browser says', async ({ page, mockSip }) => {
  await page.goto(served.url);
  await bare.register(page, mockSip.wsUrl, '1001', 'secret', domain);
  await bare.dial(page, `sip:+15550002@${domain}`);
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('confirmed');
  await expect
    .poll(async () => (await bare.inboundAudio(page)).analyserRms, { timeout: 20_000 })
    .toBeGreaterThan(0.02);
  await bare.hangup(page);
});

test('early media is heard before the answer, then dead air stops the audio', async ({ page, mockSip }) => {
  await page.goto(served.url);
  await bare.register(page, mockSip.wsUrl, '1001', 'secret', domain);
  await bare.dial(page, `sip:+15550003@${domain}`);
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('confirmed');
  await expect
    .poll(async () => (await bare.inboundAudio(page)).analyserRms, { timeout: 20_000 })
    .toBeGreaterThan(0.02);
  await mockSip.waitForEvent((e) => e.type === 'dead_air', 20_000);
  await expect
    .poll(async () => (await bare.inboundAudio(page)).analyserRms, { timeout: 20_000 })
    .toBeLessThan(0.005);
  expect(await bare.state(page)).toBe('confirmed');
  await bare.hangup(page);
});

test("DTMF both ways: the customer hears RFC 2833 and SIP INFO digits; the browser gets the customer's", async ({
  page,
  mockSip,
}) => {
  await page.goto(served.url);
  await bare.register(page, mockSip.wsUrl, '1001', 'secret', domain);
  await bare.dial(page, `sip:+15550004@${domain}`);
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('confirmed');
  const call = mockSip.calls().find((c) => c.to === '+15550004')!;
  await mockSip.waitForEvent((e) => e.type === 'dtmf_sent' && e.callId === call.id, 20_000);
  await expect
    .poll(() => bare.events(page), { timeout: 20_000 })
    .toEqual(expect.arrayContaining(['dtmf remote 4', 'dtmf remote 2']));
  await bare.sendDtmf(page, '19', 'RFC2833');
  await expect
    .poll(
      () =>
        mockSip
          .mediaReport(call.id)
          ?.dtmf.filter((d) => d.via === 'rfc2833')
          .map((d) => d.digit)
          .join(''),
      { timeout: 20_000 },
    )
    .toBe('19');
  await bare.sendDtmf(page, '7#', 'INFO');
  await expect.poll(() => mockSip.mediaReport(call.id)?.infoDtmf, { timeout: 20_000 }).toBe('7#');
  await bare.hangup(page);
});

test('the customer puts the browser on hold and takes it off again', async ({ page, mockSip }) => {
  await page.goto(served.url);
  await bare.register(page, mockSip.wsUrl, '1001', 'secret', domain);
  await bare.dial(page, `sip:+15550005@${domain}`);
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('confirmed');
  await expect.poll(() => bare.events(page), { timeout: 20_000 }).toContain('hold remote');
  await expect.poll(() => bare.events(page), { timeout: 20_000 }).toContain('unhold remote');
  await expect
    .poll(async () => (await bare.inboundAudio(page)).analyserRms, { timeout: 20_000 })
    .toBeGreaterThan(0.02);
  await bare.hangup(page);
});

test('rfc3264 8.4 the browser holds: the customer stops sending (silence, as with baresip) and resumes after', async ({
  page,
  mockSip,
}) => {
  await page.goto(served.url);
  await bare.register(page, mockSip.wsUrl, '1001', 'secret', domain);
  await bare.dial(page, `sip:+15550006@${domain}`);
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('confirmed');
  const heard = async () => (await bare.inboundAudio(page)).analyserRms;
  await expect.poll(heard, { timeout: 20_000 }).toBeGreaterThan(0.02);
  const call = mockSip.calls().find((c) => c.to === '+15550006')!;
  const report = () => mockSip.mediaReport(call.id)!;

  expect(await bare.hold(page, true)).toBe(true);
  await mockSip.waitForEvent((e) => e.type === 'call_held' && e.callId === call.id, 20_000);
  await expect.poll(heard, { timeout: 20_000 }).toBeLessThan(0.005);
  // The browser still sends while it holds (a=sendonly): a second of its audio arriving is our clock, and
  // the customer must not have sent a packet meanwhile.
  const held = report();
  await expect
    .poll(() => report().packetsReceived, { timeout: 20_000 })
    .toBeGreaterThan(held.packetsReceived + 50);
  expect(report().packetsSent).toBe(held.packetsSent);

  expect(await bare.hold(page, false)).toBe(true);
  await expect.poll(heard, { timeout: 20_000 }).toBeGreaterThan(0.02);
  expect(report().packetsSent).toBeGreaterThan(held.packetsSent);
  await bare.hangup(page);
});

test('rfc3264 8.4 the customer holds from the control API: the browser hears silence, then the tone again', async ({
  page,
  mockSip,
}) => {
  await page.goto(served.url);
  await bare.register(page, mockSip.wsUrl, '1001', 'secret', domain);
  await bare.dial(page, `sip:+15550006@${domain}`);
  await expect.poll(() => bare.state(page), { timeout: 20_000 }).toBe('confirmed');
  const heard = async () => (await bare.inboundAudio(page)).analyserRms;
  await expect.poll(heard, { timeout: 20_000 }).toBeGreaterThan(0.02);
  const call = mockSip.calls().find((c) => c.to === '+15550006')!;
  const hold = (on: boolean) =>
    fetch(`${mockSip.controlUrl}/calls/${call.id}/hold`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hold: on }),
    });

  expect((await hold(true)).status).toBe(200);
  await expect.poll(() => bare.events(page), { timeout: 20_000 }).toContain('hold remote');
  await expect.poll(heard, { timeout: 20_000 }).toBeLessThan(0.005);
  expect(await bare.state(page)).toBe('confirmed');

  expect((await hold(false)).status).toBe(200);
  await expect.poll(() => bare.events(page), { timeout: 20_000 }).toContain('unhold remote');
  await expect.poll(heard, { timeout: 20_000 }).toBeGreaterThan(0.02);
  await bare.hangup(page);
});
