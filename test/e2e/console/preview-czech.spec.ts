/**
 * The main operator path in Czech: the browser (standing in for the OS) prefers Czech, so the app speaks Czech
 * without any setting. Ready → offer → accept → BCW → call → hang up → ACW → complete, asserting the Czech the
 * operator reads at each step, and scans the console in call with axe-core once in Czech. The English run of the
 * same path is preview.spec.ts.
 */
import { test, expect, customer } from './console-fixture';
import { scan } from '../a11y/axe';

test.use({
  locale: 'cs-CZ',
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: { [customer(1)]: { action: 'answer', afterMs: 600 } },
  },
  campaign: { bcwSeconds: 2, contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
});

test('Czech: Připraven → nabídka → Přijmout → hovor → Zavěsit → Po hovoru → Dokončit → Úspěch', async ({
  rig,
}) => {
  const { page } = rig;
  await expect(page.locator('html')).toHaveAttribute('lang', 'cs');
  await expect(page.getByTestId('registration-status')).toContainText('Zaregistrováno');

  const nav = page.getByRole('navigation', { name: 'Hlavní nabídka' });
  await nav.getByRole('button', { name: 'Konzole' }).click();
  const console = rig.console();
  await expect(console).toHaveAccessibleName('Konzole kampaně');
  await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('campaign-connection')).toContainText('Server kampaní: Připojeno');
  await console.getByRole('button', { name: /^Připraven/ }).click();
  await expect(page.getByTestId('operator-status')).toHaveText('Připraven', { timeout: 30_000 });

  const offer = page.getByTestId('offer-panel');
  await expect(offer).toBeVisible({ timeout: 30_000 });
  await expect(offer.getByRole('heading')).toHaveText('Nový kontakt');
  // A US number is foreign to a Czech operator: international format.
  await expect(offer.getByTestId('contact-number')).toHaveText('+1 202 555 0101');
  await expect(offer.getByTestId('offer-time-left')).toContainText(/Na přijetí (zbývá|zbývají) \d+ s/);
  await offer.getByRole('button', { name: /^Přijmout/ }).click();

  await expect(page.getByTestId('bcw-panel')).toContainText('Příprava před hovorem');
  await expect(console).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  const inCall = page.getByTestId('in-call-panel');
  await expect(inCall.getByRole('heading')).toHaveText('Probíhá hovor');
  await expect(inCall.getByRole('button', { name: /^Ztlumit/ })).toBeVisible();
  // Once in Czech: the page says it is Czech, and the Czech words keep the structure and the contrast.
  await scan(page, 'console in Czech (in call)');
  await inCall.getByRole('button', { name: /^Zavěsit/ }).click();

  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await expect(acw.getByRole('heading')).toHaveText('Po hovoru');
  await acw.getByLabel('Výsledek hovoru').selectOption('success');
  await acw.getByLabel('Poznámka').fill('Má zájem o zlatý tarif');
  await acw.getByRole('button', { name: /^Dokončit/ }).click();

  await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', { timeout: 30_000 });
  await expect(page.getByTestId('last-result')).toContainText('Ada Lovelace: Úspěch');
  await expect(page.getByTestId('campaign-badge')).toContainText('Kampaň: Připojeno · Připraven');

  // The wire and the API keep their ids: only what the operator reads is Czech.
  const record = await rig.api.contact(rig.contactIds[0]!);
  expect(record.state).toBe('SUCCESS');
  expect(record.attemptHistory[0]).toMatchObject({ disposition: 'success', note: 'Má zájem o zlatý tarif' });
});
