/**
 * The supervisor's error paths in Czech, on the embedded campaign server: a campaign the form refuses itself, one
 * the server refuses (an operator it does not know), a CSV whose rows the server refuses (a duplicate number, a
 * name too long), and a number the server will not blacklist. Each is read in Czech on screen; what the server
 * recorded is read through the Public API, whose `error` stays English for scripts.
 */
import { test, expect } from '../../support/mock-sip-fixture';
import { startEmbeddedHost, embeddedAdminApi } from '../console/embedded-host';

test.use({ locale: 'cs-CZ', mockSipScenario: { users: [{ user: '1001', password: 'operator-secret' }] } });

test('Czech supervisor: refused campaign, refused CSV rows and a refused blacklist number, each in Czech', async ({
  page,
  mockSip,
}) => {
  const { host, userDataDir, stop } = await startEmbeddedHost('dialdeck-supervisor-cs-', mockSip);
  try {
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    await expect(page.locator('html')).toHaveAttribute('lang', 'cs');
    await page
      .getByRole('navigation', { name: 'Hlavní nabídka' })
      .getByRole('button', { name: 'Supervizor' })
      .click();
    await expect(page.getByText('Zatím žádná kampaň')).toBeVisible({ timeout: 60_000 });

    // A bad payload: first the form's own check, then the server's refusal of an operator it does not know.
    const create = page.getByTestId('create-campaign');
    await create.getByText('Vytvořit kampaň').first().click();
    await create.getByLabel('Název kampaně').fill('Jarní nabídka');
    await create.getByLabel('BCW v sekundách').fill('');
    await create.getByRole('button', { name: 'Vytvořit kampaň' }).click();
    await expect(create.getByRole('alert')).toHaveText('BCW v sekundách (náhledová): zadejte číslo');
    await create.getByLabel('BCW v sekundách').fill('30');
    await create.getByLabel('Operátoři').fill('operator, zdenek');
    await create.getByRole('button', { name: 'Vytvořit kampaň' }).click();
    await expect(create.getByRole('alert')).toHaveText('Operátor zdenek neexistuje.', { timeout: 15_000 });
    await create.getByLabel('Operátoři').fill('operator');
    await create.getByRole('button', { name: 'Vytvořit kampaň' }).click();
    const panel = page.getByTestId('campaign-panel');
    await expect(panel.getByRole('heading', { name: /Jarní nabídka — koncept/ })).toBeVisible({
      timeout: 15_000,
    });

    // A CSV with broken rows (the good rows go in, as the form's default asks): each refused row's problem in Czech.
    const csv = [
      'phone,name',
      '+12025550101,Ada Lovelace',
      '+12025550101,Ada podruhé',
      `+12025550102,${'x'.repeat(201)}`,
    ].join('\n');
    await panel
      .getByLabel('Soubor CSV')
      .setInputFiles({ name: 'jaro.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await panel.getByRole('button', { name: 'Importovat jaro.csv' }).click();
    const result = panel.getByTestId('import-result');
    await expect(result).toContainText('Importováno 1 kontakt; 2 řádky odmítnuty', { timeout: 30_000 });
    const rows = result.getByTestId('import-errors');
    await expect(rows.getByRole('row', { name: /^3 / })).toContainText(
      'Číslo +12025550101 už je na řádku 2.',
    );
    await expect(rows.getByRole('row', { name: /^4 / })).toContainText('Jméno: nejvýše 200 znaků');

    // A refused action: the server will not blacklist something that is not a phone number.
    const blacklist = page.getByRole('region', { name: 'Černá listina' });
    await blacklist.getByLabel('Číslo na černou listinu').fill('zavolat později');
    await blacklist.getByLabel('Důvod').fill('omyl');
    await blacklist.getByRole('button', { name: 'Přidat' }).click();
    await expect(blacklist.getByRole('alert')).toHaveText(
      'Telefonní číslo obsahuje písmena nebo jiné zvláštní znaky.',
    );

    // What the server recorded: the campaign, its one good contact, no blacklist; its words stay English for scripts.
    const { api, url, token } = await embeddedAdminApi(page, userDataDir);
    const { campaigns } = await api.call<{
      campaigns: Array<{ id: string; name: string; operators: string[] }>;
    }>('GET', '/campaigns');
    expect(campaigns).toEqual([expect.objectContaining({ name: 'Jarní nabídka', operators: ['operator'] })]);
    const report = await api.call<{ contactsByState: Record<string, number> }>(
      'GET',
      `/campaigns/${campaigns[0]!.id}/report`,
    );
    expect(report.contactsByState).toEqual({ INITIAL: 1 });
    expect((await api.call<{ numbers: unknown[] }>('GET', '/blacklist')).numbers).toEqual([]);
    const refused = await fetch(`${url}/api/v1/blacklist`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: 'zavolat později', reason: 'omyl' }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: 'invalid phone: phone number has letters or special characters',
      code: 'invalid_phone',
      params: { why: 'letters', detail: 'phone number has letters or special characters' },
    });
  } finally {
    await page.close().catch(() => undefined);
    await stop();
  }
});
