/**
 * Issue 13.4 and 13.5 in the console, end to end (real JsSIP/WebRTC against mock-sip, the real campaign server):
 * do-not-call from ACW puts the number on the blacklist and another campaign's import refuses it; a Not ready
 * reason the server offers, with its maximum-duration warning; the operator's own figures after two calls,
 * matching what the Public API serves.
 */
import type { OperatorFigures } from '../../../core/operator-day';
import { test, expect, customer, OPERATOR } from './console-fixture';

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: {
      [customer(1)]: { action: 'answer', afterMs: 600 },
      [customer(2)]: { action: 'answer', afterMs: 600 },
    },
  },
  campaign: {
    bcwSeconds: 1,
    contacts: [
      { phone: customer(1), name: 'Ada Lovelace' },
      { phone: customer(2), name: 'Charles Babbage' },
    ],
  },
});

test('do not call from ACW, a Not ready reason past its limit, and my day as the server counts it', async ({
  rig,
}) => {
  const { page, api } = rig;
  const coffee = await api.call<{ id: string }>('POST', '/not-ready-reasons', {
    name: 'Coffee',
    paid: false,
    maxSeconds: 2,
  });
  await rig.goReady();

  // First customer: talk, then "do not call" with the reason picked in ACW.
  async function work(disposition: string, dncReason?: string) {
    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /Accept/ })
      .click();
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
    await page
      .getByTestId('in-call-panel')
      .getByRole('button', { name: /Hang up/ })
      .click();
    const acw = page.getByTestId('acw-panel');
    await expect(acw).toBeVisible({ timeout: 30_000 });
    await acw.getByLabel('Disposition').selectOption(disposition);
    if (dncReason) await acw.getByTestId('dnc-reason').fill(dncReason);
    await acw.getByRole('button', { name: /Complete/ }).click();
  }
  await expect(page.getByTestId('offer-panel')).toBeVisible({ timeout: 30_000 });
  await work('do_not_call', 'Wrong number');
  await expect(page.getByTestId('offer-panel')).toBeVisible({ timeout: 30_000 });
  await work('success');
  await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', { timeout: 30_000 });

  // Not ready for the server's reason, keyboard only: the reason list, then the button.
  const reason = page.getByTestId('not-ready-reason');
  await reason.focus();
  await reason.selectOption({ label: 'Coffee' });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('operator-status')).toHaveText('Not ready — Coffee');
  await expect(page.getByTestId('not-ready-overdue')).toContainText('Coffee has run', { timeout: 15_000 });

  // The server recorded the DNC with who, why and where; another campaign's import refuses the number.
  const { numbers } = await api.call<{ numbers: Array<Record<string, unknown>> }>('GET', '/blacklist');
  expect(numbers.find((n) => n.phone === customer(1))).toMatchObject({
    reason: 'Wrong number',
    operatorLogin: OPERATOR,
    campaignId: rig.campaignId,
  });
  const other = await api.call<{ id: string }>('POST', '/campaigns', { name: 'Other', operators: [] });
  await api.call('POST', `/campaigns/${other.id}/contacts`, { contacts: [{ phone: customer(1) }] });
  const imported = await api.call<{ contacts: Array<{ state: string }> }>(
    'GET',
    `/campaigns/${other.id}/contacts`,
  );
  expect(imported.contacts.map((c) => c.state)).toEqual(['BLACKLISTED']);

  // My day shows what the Public API serves: two calls, both answered, one success of two.
  const { operators } = await api.call<{ operators: OperatorFigures[] }>(
    'GET',
    `/operators/figures?timeZone=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}`,
  );
  const mine = operators.find((o) => o.login === OPERATOR)!;
  expect(mine).toMatchObject({ calls: 2, answered: 2, successRate: 0.5 });
  expect(mine.talkSeconds).toBeGreaterThan(0);
  expect(mine.current).toMatchObject({ state: 'not_ready', reasonId: coffee.id, overdue: true });
  expect(mine.notReady.map((r) => r.name)).toContain('Coffee');
  const day = page.getByTestId('my-day');
  await expect(day.getByTestId('my-day-calls')).toHaveText('2 calls, 2 answered');
  await expect(day.getByTestId('my-day-success')).toHaveText('50%');
  await expect(day.getByTestId('my-day-reasons')).toContainText('Coffee (unpaid)');
});
