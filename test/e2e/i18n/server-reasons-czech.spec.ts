/**
 * The campaign server's own words in Czech: an offer left unanswered makes the server set the operator Not ready
 * and end the contact with a reason. Both arrive as codes on the operator channel (the English words beside them
 * are for older clients) and the console shows them in Czech; the server's record is read through the Public API.
 */
import { test, expect, customer, OPERATOR } from '../console/console-fixture';

test.use({
  locale: 'cs-CZ',
  campaign: { offerTimeoutSeconds: 3, contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
});

test('Czech: an unanswered offer — the server sets Nepřipraven with its reason and ends the offer with one', async ({
  rig,
}) => {
  const { page, api } = rig;
  await expect(page.locator('html')).toHaveAttribute('lang', 'cs');
  await page
    .getByRole('navigation', { name: 'Hlavní nabídka' })
    .getByRole('button', { name: 'Konzole' })
    .click();
  await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected', {
    timeout: 30_000,
  });
  await rig
    .console()
    .getByRole('button', { name: /^Připraven/ })
    .click();
  await expect(page.getByTestId('offer-panel')).toBeVisible({ timeout: 30_000 });

  // Nobody accepts: the server's Not ready reason and the result's reason, in Czech.
  await expect(page.getByTestId('operator-status')).toHaveText('Nepřipraven — nabídka zůstala bez odpovědi', {
    timeout: 30_000,
  });
  const last = page.getByTestId('last-result');
  await expect(last).toContainText('Ada Lovelace: Připraven k volání (čas na přijetí nabídky vypršel)');
  // The English words still travel beside the code, for clients from before the codes.
  await expect(last).toHaveAttribute('data-reason', 'offer timed out');

  const record = await api.contact(rig.contactIds[0]!);
  expect(record.state).toBe('INITIAL');
  expect(record.events.at(-1)).toMatchObject({ event: 'offer_timeout', actor: 'system', to: 'INITIAL' });
  const { operators } = await api.call<{
    operators: Array<{ login: string; ready: boolean; notReadyReason: string | null }>;
  }>('GET', '/operators');
  expect(operators.find((o) => o.login === OPERATOR)).toMatchObject({
    ready: false,
    notReadyReason: 'offer not answered',
  });
});
