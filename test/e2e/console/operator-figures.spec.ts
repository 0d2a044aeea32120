/**
 * Issue 13.5, the supervisor's side, on the embedded campaign server: an operator goes Not ready for a reason
 * the server offers; the Supervisor view's table shows that operator's state, reason and figures, live, as the
 * Public API serves them.
 */
import type { OperatorFigures } from '../../../core/operator-day';
import { test, expect } from '../../support/mock-sip-fixture';
import { startEmbeddedHost, embeddedAdminApi } from './embedded-host';

test.use({ mockSipScenario: { users: [{ user: '1001', password: 'operator-secret' }] } });

test("supervisor: each operator's state, Not ready reason and figures, live, as the Public API serves them", async ({
  page,
  mockSip,
}) => {
  const { host, userDataDir, stop } = await startEmbeddedHost('dialdeck-figures-', mockSip);
  try {
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Supervisor' }).click();
    await expect(page.getByText('No campaign yet')).toBeVisible({ timeout: 60_000 });

    // The supervisor's tool of choice configures a reason; the operator gets it when their console connects.
    const { api } = await embeddedAdminApi(page, userDataDir);
    await api.call('POST', '/not-ready-reasons', { name: 'Training', paid: true, maxSeconds: 3600 });
    // Ready needs a campaign to work on (the console's check before Ready); this one has nobody to call.
    await api.call('POST', '/campaigns', { name: 'Quiet', operators: ['operator'] });
    await page.evaluate(() => window.dialdeck!.reconnectCampaign());

    await nav.getByRole('button', { name: 'Console' }).click();
    await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected', {
      timeout: 30_000,
    });
    await page
      .getByTestId('console')
      .getByRole('button', { name: /^Ready/ })
      .click();
    await expect(page.getByTestId('operator-status')).toHaveText('Ready', { timeout: 30_000 });
    await page.getByTestId('not-ready-reason').selectOption({ label: 'Training' });
    await page
      .getByTestId('console')
      .getByRole('button', { name: /^Not ready/ })
      .click();
    await expect(page.getByTestId('operator-status')).toHaveText('Not ready — Training');

    await nav.getByRole('button', { name: 'Supervisor' }).click();
    const row = page.getByTestId('operator-figures-operator');
    await expect(row.getByTestId('figures-state')).toContainText('Not ready — Training', { timeout: 30_000 });
    await expect(row.getByTestId('figures-calls')).toHaveText('0 calls, 0 answered');
    await expect(row.getByTestId('figures-success')).toHaveText('no answered calls yet');
    // Live: the time not ready grows on screen without the operator doing anything.
    const before = await row.getByTestId('figures-not-ready').textContent();
    await expect(row.getByTestId('figures-not-ready')).not.toHaveText(before!, { timeout: 10_000 });

    const { operators } = await api.call<{ operators: OperatorFigures[] }>('GET', '/operators/figures');
    const mine = operators.find((o) => o.login === 'operator')!;
    expect(mine.current).toMatchObject({ state: 'not_ready', reason: 'Training', overdue: false });
    // Besides Training: the Not ready with no reason the operator signed in with.
    expect(mine.notReady).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Training', paid: true })]),
    );
    expect(mine.seconds.ready).toBeGreaterThan(0);
  } finally {
    await stop();
  }
});
