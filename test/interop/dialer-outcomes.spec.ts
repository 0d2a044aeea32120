/**
 * What the SIP dialer reports when a predictive call does not simply reach an operator, through the real lab:
 * customers who are busy, decline, do not exist or never answer; an operator whose phone is not registered;
 * a customer who hangs up while waiting; no operator in time (the announcement); a campaign cancelled while
 * customers ring; and a dialer whose password the PBX refuses.
 */
import type { DialerEvent } from '../../server/dialer/adapter';
import { startDialerRig, type DialerRig } from './dialer-rig';
import { expect, test } from './fixtures';
import { DIALER, NO_ANSWER_RING_MS, NUMBERS, OPERATORS } from './stack';

let rig: DialerRig | null = null;

test.afterEach(async () => {
  await rig?.stop();
  rig = null;
});

const manyAtOnce = { abandonRateLimit: 1, maxRatio: 4, ringTimeoutSeconds: 15 };

test('busy, decline, not found and no answer: each attempt keeps its SIP code and the contact is scheduled again per the retry policy', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  test.setTimeout(90_000);
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.busy, NUMBERS.decline, NUMBERS.notFound, NUMBERS.noAnswer],
    campaign: {
      predictive: manyAtOnce,
      retry: { maxAttempts: 3, delaySeconds: { rejected: 600, unreachable: 300 } },
    },
  });
  const { api, contactIds } = rig;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  await rig.startCampaign();
  await rig.goReady();
  const expected = [
    { outcome: 'rejected', sipCode: 486, delay: 600 },
    { outcome: 'rejected', sipCode: 603, delay: 600 },
    { outcome: 'unreachable', sipCode: 404, delay: 300 },
    // Kamailio gives up on the number that never answers with 408 after NO_ANSWER_RING_MS.
    { outcome: 'unreachable', sipCode: 408, delay: 300 },
  ];
  for (const [i, want] of expected.entries()) {
    const id = contactIds[i]!;
    await expect.poll(() => api.state(id), { timeout: NO_ANSWER_RING_MS + 20_000 }).toBe('RETRY_SCHEDULED');
    const record = await api.contact(id);
    expect(record.attemptHistory[0]).toMatchObject({ outcome: want.outcome, sipCode: want.sipCode });
    const inSeconds = (Date.parse(record.retryAt!) - Date.now()) / 1000;
    expect(inSeconds).toBeGreaterThan(want.delay - 60);
    expect(inSeconds).toBeLessThanOrEqual(want.delay);
  }
  // Nobody answered, so the operator was never called.
  await expect(rig.console()).not.toHaveAttribute('data-state', 'CALL_IN_PROGRESS');
});

test("the operator's phone is not registered: the customer waits, the operator is set Not ready, and the customer hanging up ends it CANCELLED_BY_CLIENT", async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.tone],
    // The server rings bob's phone, which nobody registered: Kamailio answers 404.
    operatorSipUser: OPERATORS.bob.user,
    // Long enough that the customer, not the dialer, gives up first.
    dialer: { abandonAfterMs: 60_000 },
    campaign: { retry: { retryAbandoned: false } },
  });
  const { api, page } = rig;
  const id = rig.contactIds[0]!;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  const customer = stack.toneCustomer;
  const since = customer.events.length;
  await rig.startCampaign();
  await rig.goReady();
  await expect.poll(() => api.state(id), { timeout: 30_000 }).toBe('AWAITING_FREE_OPERATOR');
  // Unacknowledged while the dialer looks for an operator, then held (a=inactive) within 10 s of the answer.
  await customer.waitForEvent('CALL_ESTABLISHED', { since, timeoutMs: 15_000 });
  const rejected = (await api.contact(id)).events.find((e) => e.event === 'operator_rejected');
  expect(rejected?.details).toMatchObject({ sipCode: 404 });
  await expect(page.getByTestId('operator-status')).not.toHaveText('Ready', { timeout: 15_000 });

  await customer.hangup();
  await expect.poll(() => api.state(id), { timeout: 15_000 }).toBe('CANCELLED_BY_CLIENT');
  expect((await api.contact(id)).attemptHistory[0]).toMatchObject({ outcome: 'abandoned' });
});

test('no operator within 2 s of the answer: the customer hears the announcement, then the dialer hangs up and the call counts as abandoned', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.tone],
    operatorSipUser: OPERATORS.bob.user,
    dialer: { abandonAfterMs: 2000, announcementMs: 3000 },
    campaign: { retry: { retryAbandoned: false } },
  });
  const { api } = rig;
  const id = rig.contactIds[0]!;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  const customer = stack.toneCustomer;
  const announcement = stack.announcement!;
  const since = customer.events.length;
  const announced = announcement.events.length;
  const recordingsBefore = customer.heardRecordings().length;
  await rig.startCampaign();
  await rig.goReady();
  await customer.waitForEvent('CALL_ESTABLISHED', { since });
  await announcement.waitForEvent('CALL_ESTABLISHED', { since: announced, timeoutMs: 15_000 });
  await expect.poll(() => api.state(id), { timeout: 15_000 }).toBe('CANCELLED_BY_CLIENT');
  expect((await api.contact(id)).attemptHistory[0]).toMatchObject({ outcome: 'abandoned' });
  // The dialer hangs up after the announcement; what the customer heard meanwhile is the announcement's tone.
  await customer.waitForEvent('CALL_CLOSED', { since, timeoutMs: 15_000 });
  await expect.poll(() => customer.heardSince(recordingsBefore), { timeout: 10_000 }).toBeGreaterThan(1);
});

test('the campaign is cancelled while the customer rings: the dialer sends CANCEL and the contact ends CANCELLED_BY_ADMIN', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  rig = await startDialerRig(stack, labBrowser, rendererDir, { customers: [NUMBERS.noAnswer] });
  const { api } = rig;
  const id = rig.contactIds[0]!;
  const events: Array<DialerEvent & { at: number }> = [];
  rig.dialer.onEvent((e) => events.push({ ...e, at: Date.now() }));
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  await rig.startCampaign();
  await rig.goReady();
  await expect.poll(() => events.some((e) => e.type === 'ringing'), { timeout: 30_000 }).toBe(true);
  const cancelledAt = Date.now();
  await api.call('POST', `/campaigns/${rig.campaignId}/cancel`);
  expect(await api.state(id)).toBe('CANCELLED_BY_ADMIN');
  // The call ends at once (the customer's 487 to our CANCEL), long before Kamailio's own 408.
  await expect
    .poll(() => events.find((e) => e.type === 'ended')?.at ?? 0, { timeout: 5000 })
    .toBeGreaterThan(0);
  expect(events.find((e) => e.type === 'ended')!.at - cancelledAt).toBeLessThan(NO_ANSWER_RING_MS / 2);
  expect(events.map((e) => e.type)).not.toContain('unreachable');
  expect(await api.state(id)).toBe('CANCELLED_BY_ADMIN');
});

test("the PBX refuses the dialer's password: starting the campaign is refused with the reason, and nothing is dialled", async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.tone],
    dialer: { password: `${DIALER.password}-wrong` },
  });
  const { api } = rig;
  await expect
    .poll(() => rig!.dialer.problem() ?? '', { timeout: 10_000 })
    .toContain('wrong user or password');
  const refusal = await rig.startCampaign().then(
    () => 'started',
    (e: Error) => e.message,
  );
  expect(refusal).toContain('409');
  expect(refusal).toContain("the PBX refused the dialer's registration: wrong user or password (401)");
  // The same reason as a code, for the supervisor's banner and for IT testing the configuration.
  const status = await api.call<{ canDial: boolean; registration: string; problem: { code: string } }>(
    'GET',
    '/dialer/status',
  );
  expect(status).toMatchObject({
    canDial: false,
    registration: 'not_registered',
    problem: { code: 'dialer_auth_refused' },
  });
  await rig.goReady();
  const customer = stack.toneCustomer;
  const since = customer.events.length;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(customer.events.slice(since).map((e) => e.type)).not.toContain('CALL_INCOMING');
  expect(await api.state(rig.contactIds[0]!)).toBe('INITIAL');
});
