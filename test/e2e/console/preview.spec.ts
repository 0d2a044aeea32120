/**
 * Preview campaigns worked from the console, end to end: real JsSIP/WebRTC against mock-sip, the real campaign
 * server. Each test checks what the operator sees and what the server recorded (Public API).
 */
import { test, expect, customer } from './console-fixture';

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: {
      [customer(1)]: { action: 'answer', afterMs: 600 },
      [customer(2)]: { action: 'answer', afterMs: 600 },
    },
  },
});

test('accept → BCW runs out → dialled automatically → answered → hang up → ACW → SUCCESS', async ({
  rig,
}) => {
  const { page } = rig;
  await rig.goReady();
  const offer = page.getByTestId('offer-panel');
  await expect(offer).toBeVisible({ timeout: 30_000 });
  await expect(offer.getByTestId('contact-name')).toHaveText('Ada Lovelace');
  // The browser speaks en-US, so a US number is shown in its national format.
  await expect(offer.getByTestId('contact-number')).toHaveText('(202) 555-0101');
  await expect(offer.getByTestId('contact-number')).toHaveAttribute('data-e164', customer(1));
  await expect(offer.getByTestId('offer-time-left')).toContainText('s left');
  await offer.getByRole('button', { name: /Accept/ }).click();

  // The countdown comes from the server's bcwEndsAt and runs out by itself.
  await expect(page.getByTestId('bcw-countdown')).toBeVisible();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  const inCall = page.getByTestId('in-call-panel');
  await expect(inCall.getByTestId('contact-name')).toHaveText('Ada Lovelace');
  await expect(inCall.getByRole('button', { name: /Hang up/ })).toBeVisible();
  await inCall.getByRole('button', { name: /Hang up/ }).click();

  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await acw.getByLabel('Disposition').selectOption('success');
  await acw.getByLabel('Note').fill('Interested in the gold plan');
  await acw.getByRole('button', { name: /Complete/ }).click();
  await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', { timeout: 30_000 });
  await expect(page.getByTestId('last-result')).toContainText('Ada Lovelace: Success');

  const id = rig.contactIds[0]!;
  const record = await rig.api.contact(id);
  expect(record.state).toBe('SUCCESS');
  expect(record.events.map((e) => e.to)).toEqual([
    'INITIAL',
    'OPERATOR_ASSIGNED',
    'BCW',
    'CALLING',
    'CALL_IN_PROGRESS',
    'ACW',
    'SUCCESS',
  ]);
  // Dialled by the BCW timer, not by the operator.
  expect(record.events.find((e) => e.to === 'CALLING')?.actor).toBe('system');
  expect(record.attemptHistory).toHaveLength(1);
  expect(record.attemptHistory[0]).toMatchObject({
    outcome: 'answered',
    disposition: 'success',
    note: 'Interested in the gold plan',
  });
  expect(record.attemptHistory[0]!.answeredAt).not.toBeNull();
});

test.describe('with a long BCW', () => {
  test.use({
    campaign: { bcwSeconds: 120, contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
  });

  test('Call now during BCW dials at once', async ({ rig }) => {
    const { page } = rig;
    await rig.goReady();
    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /Accept/ })
      .click();
    const countdown = page.getByTestId('bcw-countdown');
    await expect(countdown).toBeVisible({ timeout: 30_000 });
    expect(Number(await countdown.textContent())).toBeGreaterThan(60);
    await page
      .getByTestId('bcw-panel')
      .getByRole('button', { name: /Call now/ })
      .click();
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });

    const record = await rig.api.contact(rig.contactIds[0]!);
    expect(record.state).toBe('CALL_IN_PROGRESS');
    expect(record.events.map((e) => e.to)).toEqual([
      'INITIAL',
      'OPERATOR_ASSIGNED',
      'BCW',
      'CALLING',
      'CALL_IN_PROGRESS',
    ]);
    // Dialled by the operator's Call now, long before the countdown would have run out.
    expect(record.events.find((e) => e.to === 'CALLING')?.actor).not.toBe('system');
  });

  test('reject in BCW → CANCELLED_BY_OPERATOR, nothing dialled', async ({ rig, mockSip }) => {
    const { page } = rig;
    await rig.goReady();
    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /Accept/ })
      .click();
    await expect(page.getByTestId('bcw-countdown')).toBeVisible({ timeout: 30_000 });
    // The keyboard works as well as the mouse: Alt+R is Reject.
    await page.keyboard.press('Alt+R');
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'CANCELLED_BY_OPERATOR', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('last-result')).toContainText('Rejected by operator');

    const record = await rig.api.contact(rig.contactIds[0]!);
    expect(record.state).toBe('CANCELLED_BY_OPERATOR');
    expect(record.events.map((e) => e.to)).toEqual([
      'INITIAL',
      'OPERATOR_ASSIGNED',
      'BCW',
      'CANCELLED_BY_OPERATOR',
    ]);
    expect(record.attemptHistory).toHaveLength(0);
    expect(mockSip.calls()).toHaveLength(0);
  });
});

test.describe('a customer who lets it ring', () => {
  test.use({
    mockSipScenario: {
      users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
      customers: { [customer(1)]: { action: 'ring', timeoutMs: 60_000 } },
    },
    campaign: { bcwSeconds: 1, contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
  });

  test('cancel while calling → CANCELLED_BY_OPERATOR and the call is cancelled at the PBX', async ({
    rig,
    mockSip,
  }) => {
    const { page } = rig;
    await rig.goReady();
    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /Accept/ })
      .click();
    const calling = page.getByTestId('calling-panel');
    await expect(calling.getByTestId('calling-progress')).toHaveText('Ringing…', { timeout: 30_000 });
    await calling.getByRole('button', { name: /Cancel/ }).click();
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'CANCELLED_BY_OPERATOR', {
      timeout: 30_000,
    });

    const record = await rig.api.contact(rig.contactIds[0]!);
    expect(record.state).toBe('CANCELLED_BY_OPERATOR');
    expect(record.events.map((e) => e.to)).toEqual([
      'INITIAL',
      'OPERATOR_ASSIGNED',
      'BCW',
      'CALLING',
      'CANCELLED_BY_OPERATOR',
    ]);
    expect(mockSip.calls().length).toBeGreaterThan(0);
    await expect
      .poll(() => mockSip.calls().every((c) => c.state === 'ended'), { timeout: 15_000 })
      .toBe(true);
  });
});
