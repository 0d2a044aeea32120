/**
 * What supervisors and the network do to a running campaign: cancel, remove, blacklist, invalid numbers, and
 * an operator channel that drops in the middle of BCW.
 */
import { test, expect, customer } from './console-fixture';

const users = [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }];

test.describe('a supervisor at work', () => {
  test.use({
    mockSipScenario: { users, customers: { [customer(1)]: { action: 'answer', afterMs: 300 } } },
    campaign: {
      bcwSeconds: 1,
      contacts: [
        { phone: customer(1), name: 'Ada Lovelace' },
        { phone: customer(2), name: 'Removed Rita' },
        { phone: customer(3), name: 'Cancelled Carl' },
        { phone: customer(4), name: 'Blacklisted Bob' },
        { phone: 'call me maybe', name: 'Invalid Ivy' },
      ],
    },
    startCampaign: false,
  });

  test('admin cancels mid-campaign: the call up finishes, the rest CANCELLED_BY_ADMIN; removed, blacklisted and invalid never offered', async ({
    rig,
  }) => {
    const { page, api } = rig;
    const [ada, rita, carl, bob, ivy] = rig.contactIds as [string, string, string, string, string];
    expect(await api.state(ivy)).toBe('INVALID_RECORD');
    await api.call('POST', '/blacklist', { phone: customer(4), reason: 'asked not to be called' });
    expect(await api.state(bob)).toBe('BLACKLISTED');
    await api.call('DELETE', `/contacts/${rita}`);
    expect(await api.state(rita)).toBe('REMOVED');
    await rig.startCampaign();

    await rig.goReady();
    await expect(page.getByTestId('offer-panel').getByTestId('contact-name')).toHaveText('Ada Lovelace', {
      timeout: 30_000,
    });
    await page.keyboard.press('Alt+A');
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });

    await api.call('POST', `/campaigns/${rig.campaignId}/cancel`);
    expect(await api.state(carl)).toBe('CANCELLED_BY_ADMIN');
    // The call that is up is not cut: the operator finishes it and files it.
    expect(await api.state(ada)).toBe('CALL_IN_PROGRESS');
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS');
    await page.keyboard.press('Alt+H');
    await page
      .getByTestId('acw-panel')
      .getByRole('button', { name: /Complete/ })
      .click({ timeout: 30_000 });
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('waiting')).toBeVisible();

    expect(await api.path(ada)).toEqual([
      'INITIAL',
      'OPERATOR_ASSIGNED',
      'BCW',
      'CALLING',
      'CALL_IN_PROGRESS',
      'ACW',
      'SUCCESS',
    ]);
    for (const [id, final] of [
      [rita, 'REMOVED'],
      [carl, 'CANCELLED_BY_ADMIN'],
      [bob, 'BLACKLISTED'],
      [ivy, 'INVALID_RECORD'],
    ] as const) {
      const path = await api.path(id);
      expect(path[path.length - 1]).toBe(final);
      expect(path).not.toContain('OPERATOR_ASSIGNED');
    }
  });
});

test.describe('a network blip during BCW', () => {
  test.use({
    mockSipScenario: { users, customers: { [customer(1)]: { action: 'answer', afterMs: 300 } } },
    campaign: { bcwSeconds: 60, contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
  });

  test('the operator channel drops during BCW and resumes with the same contact', async ({ rig }) => {
    const { page, api } = rig;
    const ada = rig.contactIds[0]!;
    await rig.goReady();
    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /Accept/ })
      .click({ timeout: 30_000 });
    await expect(page.getByTestId('bcw-panel')).toBeVisible({ timeout: 30_000 });

    // Every connection to the server is cut, and new ones refused for 3 s.
    const cutAt = Date.now();
    rig.relay.cut(3000);
    await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'reconnecting', {
      timeout: 15_000,
    });
    // Watched in the page on every frame, so the figure is not the test's polling interval.
    const backAt = page.waitForFunction(
      () =>
        document.querySelector('[data-testid="campaign-connection"]')?.getAttribute('data-status') ===
          'connected' && Date.now(),
      null,
      { polling: 'raf', timeout: 30_000 },
    );
    await expect(page.getByTestId('campaign-connection')).toContainText('your contact is kept');
    // The badge shows it on every view, not only in the Console.
    await expect(page.getByTestId('campaign-badge')).toHaveAttribute('data-status', /reconnecting|connected/);
    const back = Number(await (await backAt).jsonValue());
    console.log(
      `operator channel cut during BCW → connected again ${back - cutAt} ms after the cut ` +
        `(new connections refused for the first 3000 ms)`,
    );

    // Same contact, still in BCW, and the countdown still follows the server's clock.
    await expect(page.getByTestId('bcw-panel').getByTestId('contact-name')).toHaveText('Ada Lovelace');
    expect(Number(await page.getByTestId('bcw-countdown').textContent())).toBeGreaterThan(20);
    expect(await api.state(ada)).toBe('BCW');
    await page
      .getByTestId('bcw-panel')
      .getByRole('button', { name: /Call now/ })
      .click();
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
    expect(await api.path(ada)).toEqual([
      'INITIAL',
      'OPERATOR_ASSIGNED',
      'BCW',
      'CALLING',
      'CALL_IN_PROGRESS',
    ]);
  });
});
