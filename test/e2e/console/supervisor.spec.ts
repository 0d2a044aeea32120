/**
 * The Supervisor view on the embedded campaign server (PGlite in the user-data folder, started by the host):
 * create a campaign, import a CSV with a refused row, watch the live counts, blacklist a number, remove a
 * contact, cancel the campaign — checked on screen and through the Public API.
 */
import { test, expect } from '../../support/mock-sip-fixture';
import { startEmbeddedHost, embeddedAdminApi } from './embedded-host';

test.use({ mockSipScenario: { users: [{ user: '1001', password: 'operator-secret' }] } });

test('supervisor: create, import CSV with per-row errors, live counts, blacklist, remove, cancel', async ({
  page,
  mockSip,
}) => {
  const { host, userDataDir, stop } = await startEmbeddedHost('dialdeck-supervisor-', mockSip);
  try {
    page.on('dialog', (d) => void d.accept());
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Supervisor' }).click();
    await expect(page.getByText('No campaign yet')).toBeVisible({ timeout: 60_000 });

    const create = page.getByTestId('create-campaign');
    await create.getByText('Create a campaign').click();
    await create.getByLabel('Campaign name').fill('Spring offer');
    // A field left empty is refused by name, not sent as 0.
    await create.getByLabel('BCW seconds').fill('');
    await create.getByRole('button', { name: 'Create campaign' }).click();
    await expect(create.getByRole('alert')).toHaveText('BCW seconds (preview): enter a number');
    await create.getByLabel('BCW seconds').fill('30');
    await create.getByRole('button', { name: 'Create campaign' }).click();
    const panel = page.getByTestId('campaign-panel');
    await expect(panel.getByRole('heading', { name: /Spring offer — draft/ })).toBeVisible({
      timeout: 15_000,
    });

    const csv = [
      'phone,name,plan',
      '+12025550101,Ada Lovelace,gold',
      '+12025550102,Bob Blacklist,silver',
      '+12025550103,Rita Remove,bronze',
      'not a phone,Ivy Invalid,none',
      '+12025550101,Ada Again,gold',
    ].join('\n');
    await panel
      .getByLabel('CSV file')
      .setInputFiles({ name: 'spring.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await panel.getByRole('button', { name: /Import spring.csv/ }).click();
    const result = panel.getByTestId('import-result');
    await expect(result).toContainText('Imported 4 contacts; 1 row refused', { timeout: 30_000 });
    await expect(result.getByTestId('import-errors')).toContainText('6');
    await expect(result.getByTestId('import-errors')).toContainText(
      'The number +12025550101 is already on row 2.',
    );
    await expect(panel.getByTestId('chart-INITIAL')).toHaveAttribute('data-count', '3', { timeout: 15_000 });
    await expect(panel.getByTestId('chart-INVALID_RECORD')).toHaveAttribute('data-count', '1');

    const blacklist = page.getByRole('region', { name: 'Blacklist' });
    await blacklist.getByLabel('Number to blacklist').fill('+1 202 555 0102');
    await blacklist.getByLabel('Reason').fill('asked not to be called');
    await blacklist.getByRole('button', { name: 'Add' }).click();
    await expect(blacklist.getByTestId('blacklist')).toContainText('+12025550102');
    await expect(panel.getByTestId('chart-BLACKLISTED')).toHaveAttribute('data-count', '1', {
      timeout: 15_000,
    });

    const rita = panel.getByTestId('contact-list').getByRole('row', { name: /Rita Remove/ });
    await rita.getByRole('button', { name: 'Remove' }).click();
    await expect(panel.getByTestId('chart-REMOVED')).toHaveAttribute('data-count', '1', { timeout: 15_000 });

    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('campaign-list').getByTestId('campaign-status')).toHaveAttribute(
      'data-status',
      'RUNNING',
    );
    await panel.getByRole('button', { name: 'Cancel campaign' }).click();
    await expect(panel.getByTestId('chart-CANCELLED_BY_ADMIN')).toHaveAttribute('data-count', '1', {
      timeout: 15_000,
    });
    await expect(page.getByTestId('campaign-list').getByTestId('campaign-status')).toHaveAttribute(
      'data-status',
      'CANCELLED',
    );

    // What the server recorded, read as any API client would: the embedded server's URL and admin token.
    const session = await page.evaluate(() => window.dialdeck!.getCampaignSession());
    expect(session).toBeTruthy();
    const { api } = await embeddedAdminApi(page, userDataDir);
    const { campaigns } = await api.call<{
      campaigns: Array<{ id: string; name: string; status: string; operators: string[] }>;
    }>('GET', '/campaigns');
    expect(campaigns).toEqual([
      expect.objectContaining({ name: 'Spring offer', status: 'CANCELLED', operators: ['operator'] }),
    ]);
    const report = await api.call<{ contactsByState: Record<string, number> }>(
      'GET',
      `/campaigns/${campaigns[0]!.id}/report`,
    );
    expect(report.contactsByState).toEqual({
      CANCELLED_BY_ADMIN: 1,
      BLACKLISTED: 1,
      REMOVED: 1,
      INVALID_RECORD: 1,
    });
  } finally {
    await page.close().catch(() => undefined);
    await stop();
  }
});
