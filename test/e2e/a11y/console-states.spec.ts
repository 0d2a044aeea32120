/**
 * The campaign console scanned with axe-core in every panel the operator can reach (panels/by-state.ts), on
 * one page walking a preview campaign against mock-sip and a real campaign server: Not ready, Ready and
 * waiting, an offer, BCW, dialling, in call, ACW, the result, a rejected contact, a dial failure, a refusal by
 * the server, and the connection coming back after a network blip.
 */
import { test, expect, customer } from '../console/console-fixture';
import { scan } from './axe';

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: {
      // Rings long enough for the calling panel to be scanned.
      [customer(1)]: { action: 'answer', afterMs: 4000 },
      [customer(2)]: { action: 'answer', afterMs: 600 },
      [customer(3)]: { action: 'reject', code: 503 },
    },
  },
  campaign: {
    bcwSeconds: 120,
    contacts: [
      { phone: customer(1), name: 'Ada Lovelace', customFields: { plan: 'gold' } },
      { phone: customer(2), name: 'Bob Reject' },
      { phone: customer(3), name: 'Cy Failure' },
    ],
  },
});

test('every console panel: no serious or critical axe violations', async ({ rig }) => {
  // Fifteen scans on a shared machine: each takes seconds when the cores are busy.
  test.setTimeout(300_000);
  const { page } = rig;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Console' }).click();
  await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected', {
    timeout: 30_000,
  });
  await scan(page, 'console (Not ready)');
  await page.getByTestId('shortcuts').locator('summary').click();
  await scan(page, 'console (shortcuts open)');
  await rig.goReady();

  const offer = page.getByTestId('offer-panel');
  await expect(offer.getByTestId('contact-name')).toHaveText('Ada Lovelace', { timeout: 30_000 });
  await scan(page, 'console (offered)');
  await offer.getByRole('button', { name: /Accept/ }).click();
  const bcw = page.getByTestId('bcw-panel');
  await expect(bcw).toBeVisible({ timeout: 30_000 });
  await scan(page, 'console (BCW)');
  await bcw.getByRole('button', { name: /Call now/ }).click();
  await expect(page.getByTestId('calling-progress')).toHaveText('Ringing…', { timeout: 30_000 });
  await scan(page, 'console (dialling)');
  const inCall = page.getByTestId('in-call-panel');
  await expect(inCall.getByRole('button', { name: /Hang up/ })).toBeVisible({ timeout: 30_000 });
  await scan(page, 'console (in call)');
  await inCall.getByRole('button', { name: /Hold/ }).click();
  await expect(inCall.getByRole('button', { name: /Resume/ })).toBeVisible({ timeout: 15_000 });
  await scan(page, 'console (in call, on hold)');
  await inCall.getByRole('button', { name: /Hang up/ }).click();
  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await scan(page, 'console (ACW)');
  await acw.getByRole('button', { name: /Complete/ }).click();
  await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', { timeout: 30_000 });

  await expect(offer.getByTestId('contact-name')).toHaveText('Bob Reject', { timeout: 30_000 });
  await scan(page, 'console (result shown, next offer)');
  await offer.getByRole('button', { name: /Accept/ }).click();
  await expect(bcw).toBeVisible({ timeout: 30_000 });
  await bcw.getByRole('button', { name: /Reject/ }).click();
  await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'CANCELLED_BY_OPERATOR', {
    timeout: 30_000,
  });
  await scan(page, 'console (preview contact rejected)');

  await expect(offer.getByTestId('contact-name')).toHaveText('Cy Failure', { timeout: 30_000 });
  await offer.getByRole('button', { name: /Accept/ }).click();
  await bcw.getByRole('button', { name: /Call now/ }).click();
  await expect(page.getByTestId('dial-failure')).toBeVisible({ timeout: 30_000 });
  await scan(page, 'console (dial failure)');

  // A contact that is not the operator's: the server refuses, and the console says so.
  await page.evaluate(() => window.dialdeck!.acceptOffer({ contactId: 'no-such-contact' }).catch(() => null));
  await expect(page.getByTestId('server-refusal')).toBeVisible({ timeout: 15_000 });
  await scan(page, 'console (server refusal)');

  rig.relay.cut(3000);
  await expect(page.getByTestId('campaign-connection')).toHaveAttribute(
    'data-status',
    /reconnecting|offline/,
    {
      timeout: 15_000,
    },
  );
  await scan(page, 'console (reconnecting)');
  await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected', {
    timeout: 30_000,
  });
});
