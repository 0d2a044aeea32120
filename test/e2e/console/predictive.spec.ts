/**
 * Predictive campaigns: the server originates through mock-sip, the answered customer is delivered to the
 * operator as an INVITE carrying the contact id, and the app answers it by itself.
 */
import { test, expect, customer } from './console-fixture';

const users = [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }];

test.describe('one operator, one customer', () => {
  test.use({
    mockSipScenario: { users, customers: { [customer(1)]: { action: 'answer', afterMs: 500 } } },
    campaign: {
      mode: 'predictive',
      contacts: [{ phone: customer(1), name: 'Ada Lovelace', customFields: { plan: 'gold' } }],
    },
  });

  test('predictive: the campaign call is answered automatically and the contact card shows at once', async ({
    rig,
    mockSip,
  }) => {
    const { page, api } = rig;
    await rig.goReady();
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 45_000 });
    const inCall = page.getByTestId('in-call-panel');
    await expect(inCall.getByTestId('contact-name')).toHaveText('Ada Lovelace');
    await expect(inCall.getByTestId('contact-card')).toContainText('gold');
    // Nobody pressed Answer: the phone took the call because the PBX asked it to (answer-after=0).
    const call = await page.evaluate(() => {
      // The phone's own call object (renderer/phone/call.ts), read through the test hooks.
      type Seen = { direction: string; autoAnswer: boolean; contactId: string | null; state: string };
      const c = (window as unknown as { dialdeckTest?: { phone: { currentCall: Seen | null } } }).dialdeckTest
        ?.phone.currentCall;
      return c
        ? { direction: c.direction, autoAnswer: c.autoAnswer, contactId: c.contactId, state: c.state }
        : null;
    });
    expect(call).toMatchObject({ direction: 'inbound', autoAnswer: true, contactId: rig.contactIds[0] });
    await expect(page.getByTestId('incoming-call')).toHaveCount(0);
    expect(mockSip.calls().some((c) => c.kind === 'originate' || c.kind === 'customer')).toBe(true);

    await inCall.getByRole('button', { name: /Hang up/ }).click();
    const acw = page.getByTestId('acw-panel');
    await expect(acw).toBeVisible({ timeout: 30_000 });
    // ACW says how the call ended (the in-call panel that would have is gone).
    await expect(acw.getByTestId('acw-call-end')).toHaveText('You ended the call.');
    await acw.getByRole('button', { name: /Complete/ }).click();
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', {
      timeout: 30_000,
    });

    const record = await api.contact(rig.contactIds[0]!);
    expect(record.state).toBe('SUCCESS');
    expect(record.events.map((e) => e.to)).toEqual([
      'INITIAL',
      'CALLING',
      'CALL_IN_PROGRESS',
      'ACW',
      'SUCCESS',
    ]);
    expect(record.attemptHistory[0]).toMatchObject({ operator: 'op1', disposition: 'success' });
  });
});

// An abandon limit of 100 % lets the pacer dial two customers for one operator, so the second one who answers
// has to wait: the deterministic way to reach AWAITING_FREE_OPERATOR with a single operator.
const twoAtOnce = { abandonRateLimit: 1, maxRatio: 2, ringTimeoutSeconds: 15 };

test.describe('more customers answer than there are operators', () => {
  test.use({
    mockSipScenario: {
      users,
      customers: {
        [customer(1)]: { action: 'answer', afterMs: 300 },
        [customer(2)]: { action: 'answer', afterMs: 1500 },
      },
    },
    campaign: {
      mode: 'predictive',
      predictive: twoAtOnce,
      contacts: [
        { phone: customer(1), name: 'First Answerer' },
        { phone: customer(2), name: 'Second Answerer' },
      ],
    },
  });

  test('no free operator → AWAITING_FREE_OPERATOR, then connected when the operator is free', async ({
    rig,
  }) => {
    const { page, api } = rig;
    const [first, second] = rig.contactIds as [string, string];
    await rig.goReady();
    await expect(page.getByTestId('in-call-panel').getByTestId('contact-name')).toHaveText('First Answerer', {
      timeout: 45_000,
    });
    await expect.poll(() => api.state(second), { timeout: 30_000 }).toBe('AWAITING_FREE_OPERATOR');

    await page.keyboard.press('Alt+H');
    await page
      .getByTestId('acw-panel')
      .getByRole('button', { name: /Complete/ })
      .click({ timeout: 30_000 });
    // The waiting customer is connected as soon as the operator is free.
    await expect(page.getByTestId('in-call-panel').getByTestId('contact-name')).toHaveText(
      'Second Answerer',
      { timeout: 30_000 },
    );
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS');

    expect(await api.state(first)).toBe('SUCCESS');
    expect(await api.path(second)).toEqual([
      'INITIAL',
      'CALLING',
      'AWAITING_FREE_OPERATOR',
      'CALL_IN_PROGRESS',
    ]);
  });
});

test.describe('a customer who gives up waiting', () => {
  test.use({
    mockSipScenario: {
      users,
      customers: {
        [customer(1)]: { action: 'answer', afterMs: 300 },
        [customer(2)]: { action: 'answer', afterMs: 1500, hangupAfterMs: 2000 },
      },
    },
    campaign: {
      mode: 'predictive',
      predictive: twoAtOnce,
      retry: { retryAbandoned: false },
      contacts: [
        { phone: customer(1), name: 'First Answerer' },
        { phone: customer(2), name: 'Impatient' },
      ],
    },
  });

  test('the client hangs up while awaiting an operator → CANCELLED_BY_CLIENT', async ({ rig }) => {
    const { page, api } = rig;
    const second = rig.contactIds[1]!;
    await rig.goReady();
    await expect(page.getByTestId('in-call-panel').getByTestId('contact-name')).toHaveText('First Answerer', {
      timeout: 45_000,
    });
    await expect.poll(() => api.state(second), { timeout: 30_000 }).toBe('CANCELLED_BY_CLIENT');
    expect(await api.path(second)).toEqual([
      'INITIAL',
      'CALLING',
      'AWAITING_FREE_OPERATOR',
      'CANCELLED_BY_CLIENT',
    ]);
    const record = await api.contact(second);
    expect(record.attemptHistory[0]!.outcome).toBe('abandoned');
    // The operator's own call was not disturbed.
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS');
    await expect(page.getByTestId('in-call-panel').getByTestId('contact-name')).toHaveText('First Answerer');
  });
});
