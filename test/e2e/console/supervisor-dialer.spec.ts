/**
 * The supervisor sees why the dialer cannot place calls (issue 11): the embedded server is given a SIP dialer
 * whose proxy is a closed loopback port, so the PBX is unreachable. The predictive campaign shows a banner with
 * the reason in words and the raw socket error on a "Details for IT" line; pressing Start is refused with the
 * same reason, and no call is placed (the contact stays untouched). Then the same in Czech, and an axe scan.
 */
import { createServer } from 'node:net';
import { test, expect } from '../../support/mock-sip-fixture';
import { scan } from '../a11y/axe';
import { startEmbeddedHost, embeddedAdminApi } from './embedded-host';

test.use({ mockSipScenario: { users: [{ user: '1001', password: 'operator-secret' }] } });

/** A loopback port that was just free: nothing listens there, so the dialer's connection is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

test('supervisor: an unreachable PBX shows on the predictive campaign, Start is refused, nothing is dialled', async ({
  page,
  mockSip,
}) => {
  const port = await closedPort();
  const before = process.env.DIALDECK_SIP_DIALER;
  // The embedded server starts when the Supervisor view first asks, and takes its dialer from here.
  process.env.DIALDECK_SIP_DIALER = JSON.stringify({
    proxy: `sip:127.0.0.1:${port};transport=tcp`,
    user: 'dialer',
    password: 'dialer-secret',
  });
  const { host, userDataDir, stop } = await startEmbeddedHost('dialdeck-supervisor-dialer-', mockSip);
  try {
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Supervisor' }).click();
    await expect(page.getByText('No campaign yet')).toBeVisible({ timeout: 60_000 });

    const { api } = await embeddedAdminApi(page, userDataDir);
    const k = await api.call<{ id: string }>('POST', '/campaigns', {
      name: 'Winter predictive',
      mode: 'predictive',
      operators: ['operator'],
    });
    await api.call('POST', `/campaigns/${k.id}/contacts`, {
      contacts: [{ phone: '+442071002001', name: 'Ada Lovelace' }],
    });
    const { contacts } = await api.call<{ contacts: { id: string }[] }>('GET', `/campaigns/${k.id}/contacts`);

    const panel = page.getByTestId('campaign-panel');
    await expect(panel.getByRole('heading', { name: /Winter predictive — draft/ })).toBeVisible({
      timeout: 15_000,
    });
    const banner = panel.getByTestId('dialer-problem');
    await expect(banner).toHaveAttribute('role', 'alert', { timeout: 15_000 });
    await expect(banner).toContainText(
      'The dialer cannot reach the phone system: nothing answers at its address. Ask IT to check the SIP proxy address and that the phone system is running.',
    );
    await expect(banner.locator('.hint')).toContainText(`Details for IT: tcp:127.0.0.1:${port}`);
    await expect(banner.locator('.hint')).toContainText('ECONNREFUSED');

    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(panel.getByTestId('problem')).toHaveText(
      'The dialer cannot reach the phone system: nothing answers at its address. Ask IT to check the SIP proxy address and that the phone system is running.',
    );
    await expect(panel.getByRole('heading', { name: /Winter predictive — draft/ })).toBeVisible();
    const contact = await api.contact(contacts[0]!.id);
    expect(contact.state).toBe('INITIAL');
    expect(contact.attempts).toBe(0);
    expect((await api.call<{ status: string }>('GET', `/campaigns/${k.id}`)).status).toBe('DRAFT');

    await scan(page, 'supervisor with the dialer banner');

    // The same reason in Czech; the raw detail stays as it came, on its own line.
    await page.evaluate(() => window.dialdeck!.updateSettings({ ui: { language: 'cs' } }));
    await expect(banner).toContainText('Vytáčení se nemůže spojit s telefonní ústřednou', {
      timeout: 15_000,
    });
    await expect(banner.locator('.hint')).toContainText('ECONNREFUSED');
  } finally {
    if (before === undefined) delete process.env.DIALDECK_SIP_DIALER;
    else process.env.DIALDECK_SIP_DIALER = before;
    await stop();
  }
});
