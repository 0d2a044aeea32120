/**
 * The supervisor imports a 30 000-row file into the embedded campaign server and watches it go: the progress bar
 * fills with the bytes the server has read and the rows it has checked count up under it, then the result replaces
 * the bar. (The embedded server's PGlite runs on the host's thread, so while it writes the rows no progress can be
 * answered: the "checking" stage is asserted by test/server/import-progress.spec.ts, not here.)
 */
import { test, expect } from '../../support/mock-sip-fixture';
import { startEmbeddedHost } from './embedded-host';

test.use({ mockSipScenario: { users: [{ user: '1001', password: 'operator-secret' }] } });
test.setTimeout(300_000);

const ROWS = 30_000;

test('supervisor: a large CSV import shows bytes read and rows checked as it goes, then the result', async ({
  page,
  mockSip,
}) => {
  const { host, stop } = await startEmbeddedHost('dialdeck-import-progress-', mockSip);
  try {
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Supervisor' }).click();
    await expect(page.getByText('No campaign yet')).toBeVisible({ timeout: 60_000 });
    const create = page.getByTestId('create-campaign');
    await create.getByText('Create a campaign').click();
    await create.getByLabel('Campaign name').fill('Big list');
    await create.getByRole('button', { name: 'Create campaign' }).click();
    const panel = page.getByTestId('campaign-panel');
    await expect(panel.getByRole('heading', { name: /Big list — draft/ })).toBeVisible({ timeout: 15_000 });

    const lines = ['phone,name,plan'];
    for (let i = 0; i < ROWS; i++)
      lines.push(`+1202${5_000_000 + i},Customer ${i},${i % 2 ? 'gold' : 'basic'}`);
    const file = Buffer.from(lines.join('\n') + '\n');
    await panel.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: file });
    // Every text the progress line shows, in order, however briefly.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="import-progress"]')?.textContent ?? '';
        const bar = document.querySelector('[aria-label="Import progress"]')?.getAttribute('aria-valuenow');
        const entry = `${bar}% ${text}`;
        if (text && seen[seen.length - 1] !== entry) seen.push(entry);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await panel.getByRole('button', { name: /Import big.csv/ }).click();
    const result = panel.getByTestId('import-result');
    await expect(result).toContainText(`Imported ${ROWS.toLocaleString('en')} contacts.`, {
      timeout: 240_000,
    });
    await expect(panel.getByRole('progressbar', { name: 'Import progress' })).toHaveCount(0);

    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    const total = (file.length / 1_000_000).toFixed(1);
    expect(seen[0]).toBe('0% Sending the file…');
    const parsed = seen.slice(1).map((s) => {
      const m = /^(\d+)% ([\d.]+) of ([\d.]+) MB read, ([\d,]+) of ([\d,]+) rows checked(.*)$/.exec(s);
      expect(m, s).not.toBeNull();
      return {
        pct: Number(m![1]),
        mbTotal: m![3],
        rows: Number(m![4]!.replace(/,/g, '')),
        rowsTotal: Number(m![5]!.replace(/,/g, '')),
        checking: m![6]!.includes('checking duplicates and the blacklist'),
      };
    });
    expect(parsed.every((p) => p.mbTotal === total && p.rowsTotal === ROWS)).toBe(true);
    // Seen part-way: some bytes read and some rows checked, but not all of them yet.
    expect(
      parsed.some((p) => p.pct > 0 && p.pct < 100 && p.rows > 0 && p.rows < ROWS),
      seen.join('\n'),
    ).toBe(true);
    // The host reports all of it as the server answers, but React may paint that and the result (which replaces
    // the bar) in one frame: the end is asserted by the result's count above, and the bar never overshoots.
    expect(parsed.every((p) => p.pct <= 100 && p.rows <= ROWS)).toBe(true);
    // Never going backwards.
    for (let i = 1; i < parsed.length; i++)
      expect(parsed[i]!.rows).toBeGreaterThanOrEqual(parsed[i - 1]!.rows);
    await expect(panel.getByTestId('chart-INITIAL')).toHaveAttribute('data-count', String(ROWS), {
      timeout: 30_000,
    });
  } finally {
    await stop();
  }
});
