/**
 * Offers the operator does not take, and after-call work that asks for a callback.
 */
import { test, expect, customer, rawOperator, OPERATOR } from './console-fixture';

const users = [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }];

test.describe('two operators on one campaign', () => {
  test.use({ campaign: { operators: [], contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] } });

  test('a declined offer goes to another operator', async ({ rig }) => {
    const { page, api } = rig;
    const { token } = await api.call<{ token: string; id: string }>('POST', '/operators', {
      login: 'op2',
      name: 'Operator Two',
      sipUser: '1002',
    });
    await api.call('PATCH', `/campaigns/${rig.campaignId}`, { operators: [OPERATOR, 'op2'] });
    await rig.goReady();
    const offer = page.getByTestId('offer-panel');
    await expect(offer).toBeVisible({ timeout: 30_000 });
    const id = rig.contactIds[0]!;
    const op1 = (await api.contact(id)) as unknown as { operatorId: string };

    const second = await rawOperator(rig.server.url, 'op2', token);
    try {
      second.send({ type: 'setReady' });
      await expect
        .poll(() => second.messages.some((m) => m.type === 'operatorStatus' && m.ready === true))
        .toBe(true);
      await offer.getByRole('button', { name: /Decline/ }).click();
      await expect(page.getByTestId('last-result')).toHaveAttribute('data-reason', 'declined', {
        timeout: 30_000,
      });
      await expect(offer).toBeHidden();

      // The other operator is offered the same contact.
      await expect
        .poll(() => second.messages.find((m) => m.type === 'offer')?.contact, { timeout: 30_000 })
        .toMatchObject({ id, name: 'Ada Lovelace' });
      const record = (await api.contact(id)) as unknown as {
        state: string;
        operatorId: string;
        events: Array<{ to: string; event: string }>;
      };
      expect(record.state).toBe('OPERATOR_ASSIGNED');
      expect(record.operatorId).not.toBe(op1.operatorId);
      expect(record.events.map((e) => `${e.event}→${e.to}`)).toEqual([
        expect.stringMatching(/→INITIAL$/),
        'assign→OPERATOR_ASSIGNED',
        'decline→INITIAL',
        'assign→OPERATOR_ASSIGNED',
      ]);
    } finally {
      second.close();
    }
  });
});

test.describe('an operator away from the desk', () => {
  test.use({
    campaign: { offerTimeoutSeconds: 3, contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
    // The window is hidden (minimised): the offer must reach the operator by notification and the tray.
    beforeLoad: {
      run: async (page) => {
        await page.addInitScript(() => {
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
          document.hasFocus = () => false;
        });
      },
    },
  });

  test('an unanswered offer times out: back to the queue, the operator Not ready, and a notification was raised', async ({
    rig,
  }) => {
    const { page, api, host } = rig;
    await rig.goReady();
    await expect(page.getByTestId('offer-panel')).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => host.desktopState.notifications).toContain('New campaign contact');
    await expect.poll(() => host.desktopState.attention).toEqual({ count: 1, reason: 'campaign offer' });

    await expect(page.getByTestId('operator-status')).toHaveText('Not ready — offer not answered', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('offer-panel')).toBeHidden();
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-reason', 'offer timed out');
    await expect.poll(() => host.desktopState.attention.count).toBe(0);

    const record = await api.contact(rig.contactIds[0]!);
    expect(record.state).toBe('INITIAL');
    expect(record.events.map((e) => e.to)).toEqual(['INITIAL', 'OPERATOR_ASSIGNED', 'INITIAL']);
    expect(record.events[2]).toMatchObject({ event: 'offer_timeout', actor: 'system' });
  });
});

test.describe('a customer who asks to be called back', () => {
  test.use({
    mockSipScenario: { users, customers: { [customer(1)]: { action: 'answer', afterMs: 300 } } },
    campaign: { bcwSeconds: 1, contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
  });

  test('callback disposition → RETRY_SCHEDULED at the chosen time', async ({ rig }) => {
    const { page, api } = rig;
    await rig.goReady();
    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /Accept/ })
      .click({ timeout: 30_000 });
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
    await page.keyboard.press('Alt+H');
    const acw = page.getByTestId('acw-panel');
    await expect(acw).toBeVisible({ timeout: 30_000 });
    await acw.getByLabel('Disposition').selectOption('callback');
    // The operator types the time on the customer's clock: +1 202 is New York (issue 13.2).
    const when = await page.evaluate(() => {
      const d = new Date(Date.now() + 2 * 3600_000);
      d.setSeconds(0, 0);
      const part = Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', {
          timeZone: 'America/New_York',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        })
          .formatToParts(d)
          .map((p) => [p.type, p.value]),
      );
      return {
        local: `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}`,
        iso: d.toISOString(),
      };
    });
    await acw.getByLabel('Call back at').fill(when.local);
    await acw.getByLabel('Note').fill('Call after lunch');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'RETRY_SCHEDULED', {
      timeout: 30_000,
    });

    const record = await api.contact(rig.contactIds[0]!);
    expect(record.state).toBe('RETRY_SCHEDULED');
    expect(record.retryAt).toBe(when.iso);
    expect(record.events.map((e) => e.to)).toEqual([
      'INITIAL',
      'OPERATOR_ASSIGNED',
      'BCW',
      'CALLING',
      'CALL_IN_PROGRESS',
      'ACW',
      'RETRY_SCHEDULED',
    ]);
    expect(record.attemptHistory[0]).toMatchObject({ disposition: 'callback', note: 'Call after lunch' });
  });
});
