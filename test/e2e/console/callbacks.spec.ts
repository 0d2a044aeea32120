/**
 * Owned callbacks end to end (issue 13.2): real JsSIP/WebRTC against mock-sip and the real campaign server. The
 * operator picks the callback time on the customer's clock, sees it in My callbacks, is reminded, and is offered it
 * when due; a supervisor's reassignment takes it off their list. The server's record is read through the Public API.
 */
import { test, expect, customer, OPERATOR } from './console-fixture';
import { localInputInZone } from '../../../core/zoned-time';
import type { Page } from '@playwright/test';

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: { [customer(1)]: { action: 'answer', afterMs: 600 } },
  },
  campaign: {
    bcwSeconds: 60,
    callbacks: { reminderSeconds: 150, graceSeconds: 600 },
    contacts: [{ phone: customer(1), name: 'Ada Lovelace' }],
  },
});

type Callback = { owner: string; dueAt: string; state: string; timeZone: string };

/** Works the offered contact to ACW and asks for a callback at `local` on the customer's clock. */
async function scheduleCallback(page: Page, local: string): Promise<void> {
  const offer = page.getByTestId('offer-panel');
  await expect(offer).toBeVisible({ timeout: 30_000 });
  await offer.getByRole('button', { name: /Accept/ }).click();
  await page
    .getByTestId('bcw-panel')
    .getByRole('button', { name: /Call now/ })
    .click();
  const inCall = page.getByTestId('in-call-panel');
  await expect(inCall.getByRole('button', { name: /Hang up/ })).toBeVisible({ timeout: 30_000 });
  await inCall.getByRole('button', { name: /Hang up/ }).click();
  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await acw.getByLabel('Disposition').selectOption('callback');
  // +1 202 is Washington, DC: the field asks for the customer's time and names their zone.
  await expect(acw).toContainText('customer’s time (America/New_York)');
  const field = acw.getByLabel('Call back at');
  await expect(field).toHaveAttribute('data-time-zone', 'America/New_York');
  await field.fill(local);
  await expect(acw.getByTestId('acw-callback-both')).toContainText('for the customer');
  await acw.getByRole('button', { name: /Complete/ }).click();
  await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'RETRY_SCHEDULED', {
    timeout: 30_000,
  });
}

test('a callback picked on the customer’s clock is listed, reminded and offered to its owner when due', async ({
  rig,
}) => {
  test.setTimeout(300_000);
  const { page } = rig;
  await rig.goReady();
  // The next whole minute at least 80 s away, so at most 140 s: the reminder (150 s before) is due already and comes
  // at once, the offer when the callback is due.
  const due = new Date(Math.ceil((Date.now() + 80_000) / 60_000) * 60_000);
  await scheduleCallback(page, localInputInZone(due, 'America/New_York'));

  const id = rig.contactIds[0]!;
  const record = await rig.api.call<Callback>('GET', `/contacts/${id}/callback`);
  expect(record).toMatchObject({
    owner: OPERATOR,
    dueAt: due.toISOString(),
    state: 'SCHEDULED',
    timeZone: 'America/New_York',
  });

  const mine = page.getByTestId('my-callbacks');
  await expect(mine.getByRole('heading', { name: 'My callbacks' })).toBeVisible();
  await expect(mine.getByTestId('my-callback')).toHaveCount(1);
  await expect(mine.getByTestId('my-callback')).toContainText('Ada Lovelace');
  await expect(mine.getByTestId('my-callback')).toContainText('America/New_York');
  const reminder = page.getByTestId('callback-reminder');
  await expect(reminder).toBeVisible({ timeout: 30_000 });
  await expect(reminder).toHaveAttribute('role', 'alert');
  await expect(reminder).toContainText('Ada Lovelace');

  // Due: offered to its owner, who is Ready.
  const offer = page.getByTestId('offer-panel');
  await expect(offer).toBeVisible({ timeout: 150_000 });
  await expect(offer.getByTestId('contact-name')).toHaveText('Ada Lovelace');
  expect((await rig.api.call<Callback>('GET', `/contacts/${id}/callback`)).state).toBe('OFFERED');
  expect(await rig.api.path(id)).toEqual([
    'INITIAL',
    'OPERATOR_ASSIGNED',
    'BCW',
    'CALLING',
    'CALL_IN_PROGRESS',
    'ACW',
    'RETRY_SCHEDULED',
    'INITIAL',
    'OPERATOR_ASSIGNED',
  ]);
  await expect(mine.getByTestId('my-callback')).toHaveCount(0);
});

test('a supervisor reassigns a callback: it leaves the owner’s list and the server records the new owner', async ({
  rig,
}) => {
  test.setTimeout(180_000);
  const { page } = rig;
  await rig.api.call('POST', '/operators', { login: 'op2', name: 'Operator Two' });
  await rig.api.call('PATCH', `/campaigns/${rig.campaignId}`, { operators: [OPERATOR, 'op2'] });
  await rig.goReady();
  const due = new Date(Date.now() + 26 * 3600_000);
  await scheduleCallback(page, localInputInZone(due, 'America/New_York'));
  const mine = page.getByTestId('my-callbacks');
  await expect(mine.getByTestId('my-callback')).toHaveCount(1);

  const id = rig.contactIds[0]!;
  await rig.api.call('PUT', `/contacts/${id}/callback/owner`, { operator: 'op2' });
  await expect(mine.getByTestId('my-callback')).toHaveCount(0, { timeout: 15_000 });
  await expect(mine).toContainText('No callbacks scheduled.');
  const record = await rig.api.call<Callback>('GET', `/contacts/${id}/callback`);
  expect(record).toMatchObject({ owner: 'op2', state: 'SCHEDULED' });
  const history = await rig.api.contact(id);
  expect(history.events.map((e) => e.event)).toContain('callback_reassign');
});
