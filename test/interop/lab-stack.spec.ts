/**
 * The lab itself, proven with a minimal JsSIP page (no app): register over WebSocket with digest auth, call the
 * baresip customer through Kamailio and rtpengine, hear its tone, and have it record ours. When these fail, the
 * lab is broken, not the app.
 */
import { expect, test } from './fixtures';
import { DOMAIN, NUMBERS, OPERATORS } from './stack';
import { serveBareJsSip } from '../support/bare-jssip/serve';
import { serveLabPage } from './support/lab-page-server';
import WebSocket from 'ws';

test('a stock JsSIP page registers, calls baresip and has audio both ways through Kamailio and rtpengine', async ({
  stack,
  labPage,
}) => {
  const served = await serveLabPage();
  try {
    await labPage.goto(served.url);
    await expect(labPage.locator('body')).toHaveAttribute('data-ready', '1');
    const op = OPERATORS.bob;
    await labPage.evaluate((o) => window.lab.register(o), {
      wsUrl: stack.wsUrl,
      uri: `sip:${op.user}@${DOMAIN}`,
      password: op.password,
    });
    await expect
      .poll(() => labPage.evaluate(() => window.lab.state.registered), { timeout: 15_000 })
      .toBe(true);

    const customer = stack.toneCustomer;
    const since = customer.events.length;
    if (process.env.DIALDECK_INTEROP_DEBUG) console.log('call starts');
    await labPage.evaluate((n) => window.lab.call(`sip:${n}@127.0.0.1`), NUMBERS.tone);
    await expect
      .poll(() => labPage.evaluate(() => window.lab.state.callState), { timeout: 15_000 })
      .toBe('confirmed');
    await customer.waitForEvent('CALL_ESTABLISHED', { since });

    // The browser hears the customer's tone.
    await expect
      .poll(() => labPage.evaluate(() => window.lab.inboundLevel()), { timeout: 15_000 })
      .toBeGreaterThan(0.05);

    // The customer hears the operator's tone: its recording holds sound.
    await expect
      .poll(() => customer.lastHeard()?.secondsWithSound ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(1);

    await labPage.evaluate(() => window.lab.hangup());
    await customer.waitForEvent('CALL_CLOSED', { since });
  } finally {
    await served.stop();
  }
});

test('baresip calls a stock JsSIP page through Kamailio (WebSocket contact) and receives its RFC 2833 DTMF', async ({
  stack,
  labPage,
}) => {
  const served = await serveLabPage();
  try {
    await labPage.goto(served.url);
    await expect(labPage.locator('body')).toHaveAttribute('data-ready', '1');
    const op = OPERATORS.bob;
    await labPage.evaluate((o) => window.lab.register(o), {
      wsUrl: stack.wsUrl,
      uri: `sip:${op.user}@${DOMAIN}`,
      password: op.password,
    });
    await expect
      .poll(() => labPage.evaluate(() => window.lab.state.registered), { timeout: 15_000 })
      .toBe(true);

    const customer = stack.toneCustomer;
    const since = customer.events.length;
    await customer.dial(`sip:${op.user}@${DOMAIN}:${stack.ports.sip}`);
    await expect
      .poll(() => labPage.evaluate(() => window.lab.state.callState), { timeout: 15_000 })
      .toBe('confirmed');
    await customer.waitForEvent('CALL_ESTABLISHED', { since });
    await expect
      .poll(() => labPage.evaluate(() => window.lab.inboundLevel()), { timeout: 15_000 })
      .toBeGreaterThan(0.05);

    await labPage.evaluate(() => window.lab.sendDtmf('7'));
    await customer.waitForEvent('CALL_DTMF_START', { since, param: '7' });

    await customer.hangup();
    await expect
      .poll(() => labPage.evaluate(() => window.lab.state.callState), { timeout: 15_000 })
      .toBe('ended');
  } finally {
    await served.stop();
  }
});

/** The part of the shared stock-JsSIP page (test/support/bare-jssip) this test drives. */
type Bare = {
  state: string;
  register(o: { wsUrl: string; uri: string; password: string }): Promise<void>;
  call(target: string): void;
  hangup(): void;
  inboundAudio(): Promise<{ audioLevel: number }>;
};

test('the shared stock JsSIP page (test/support/bare-jssip) calls baresip through the lab with audio both ways', async ({
  stack,
  labPage,
}) => {
  const served = await serveBareJsSip();
  try {
    await labPage.goto(served.url);
    await labPage.waitForFunction(() => 'bare' in window);
    const op = OPERATORS.bob;
    await labPage.evaluate((o) => (window as unknown as { bare: Bare }).bare.register(o), {
      wsUrl: stack.wsUrl,
      uri: `sip:${op.user}@${DOMAIN}`,
      password: op.password,
    });
    const state = () => labPage.evaluate(() => (window as unknown as { bare: Bare }).bare.state);
    await expect.poll(state, { timeout: 15_000 }).toBe('registered');

    const customer = stack.toneCustomer;
    const since = customer.events.length;
    const recordingsBefore = customer.heardRecordings().length;
    await labPage.evaluate(
      (n) => (window as unknown as { bare: Bare }).bare.call(`sip:${n}@127.0.0.1`),
      NUMBERS.tone,
    );
    await expect.poll(state, { timeout: 20_000 }).toBe('confirmed');
    await customer.waitForEvent('CALL_ESTABLISHED', { since });
    await expect
      .poll(
        () =>
          labPage.evaluate(
            async () => (await (window as unknown as { bare: Bare }).bare.inboundAudio()).audioLevel,
          ),
        {
          timeout: 15_000,
        },
      )
      .toBeGreaterThan(0.05);
    await expect
      .poll(() => customer.heardSince(recordingsBefore), {
        timeout: 15_000,
      })
      .toBeGreaterThan(1);

    await labPage.evaluate(() => (window as unknown as { bare: Bare }).bare.hangup());
    await customer.waitForEvent('CALL_CLOSED', { since });
  } finally {
    await served.stop();
  }
});

test('rfc5626 4.4.1 Kamailio answers a double-CRLF ping in a WebSocket text frame with a CRLF pong, and keeps the connection', async ({
  stack,
}) => {
  // What the app's keep-alive (renderer/phone/flow-keepalive.ts) relies on to judge its connection on this PBX.
  const ws = new WebSocket(stack.wsUrl, 'sip');
  try {
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    let closed = false;
    ws.on('close', () => (closed = true));
    const pong = new Promise<{ data: string; ms: number }>((resolve) => {
      const sentAt = performance.now();
      ws.once('message', (d: Buffer) => resolve({ data: d.toString(), ms: performance.now() - sentAt }));
      ws.send('\r\n\r\n');
    });
    const answer = await Promise.race([pong, new Promise<null>((r) => setTimeout(() => r(null), 3_000))]);
    expect(answer?.data).toBe('\r\n');
    await new Promise((r) => setTimeout(r, 500));
    expect(closed).toBe(false);
  } finally {
    ws.close();
  }
});
