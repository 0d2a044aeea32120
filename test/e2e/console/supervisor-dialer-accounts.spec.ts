/**
 * The supervisor sees a campaign's own dialer account's problem on that campaign (issue 11): the embedded server's
 * SIP dialer registers on mock-sip (over TCP, with digest) as the server-wide account, campaign A dials through it
 * and campaign B through an account of its own. B's password is then changed to a wrong one: mock-sip refuses it,
 * and B's row and B's panel say why, in words and with the raw detail for IT, while A's row and panel show nothing
 * wrong. Then the same in Czech, and an axe scan.
 */
import { randomBytes } from 'node:crypto';
import { test, expect } from '../../support/mock-sip-fixture';
import { scan } from '../a11y/axe';
import { startEmbeddedHost, embeddedAdminApi } from './embedded-host';

test.use({
  mockSipScenario: {
    users: [
      { user: '1001', password: 'operator-secret' },
      { user: 'dialer', password: 'dialer-secret' },
      { user: 'sales', password: 'sales-secret' },
    ],
  },
});

const refusedWords =
  "The phone system refused the dialer's user name or password. Ask IT to check the dialer's SIP account.";

test("supervisor: a campaign's own dialer account refused shows on that campaign only, with the reason", async ({
  page,
  mockSip,
}) => {
  // Two campaigns, an axe scan and a language switch on a loaded machine.
  test.setTimeout(180_000);
  const saved = { dialer: process.env.DIALDECK_SIP_DIALER, key: process.env.DIALDECK_SECRET_KEY };
  // The embedded server starts when the Supervisor view first asks, and takes its dialer and key from here.
  process.env.DIALDECK_SIP_DIALER = JSON.stringify({
    proxy: `sip:127.0.0.1:${mockSip.tcpPort};transport=tcp`,
    domain: mockSip.domain,
    user: 'dialer',
    password: 'dialer-secret',
  });
  process.env.DIALDECK_SECRET_KEY = randomBytes(32).toString('base64');
  const { host, userDataDir, stop } = await startEmbeddedHost('dialdeck-supervisor-accounts-', mockSip);
  try {
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Supervisor' }).click();
    await expect(page.getByText('No campaign yet')).toBeVisible({ timeout: 60_000 });

    const { api } = await embeddedAdminApi(page, userDataDir);
    const create = async (name: string, dialer?: Record<string, string>) => {
      const k = await api.call<{ id: string }>('POST', '/campaigns', {
        name,
        mode: 'predictive',
        operators: ['operator'],
        ...(dialer ? { dialer } : {}),
      });
      await api.call('POST', `/campaigns/${k.id}/contacts`, {
        contacts: [{ phone: '+442071002001', name: `${name} customer` }],
      });
      await api.call('POST', `/campaigns/${k.id}/start`);
      return k.id;
    };
    const a = await create('Server account');
    const b = await create('Own account', { fromUser: 'sales', password: 'sales-secret' });

    const row = (id: string) => page.getByTestId(`campaign-${id}`).getByTestId('campaign-dialer');
    await expect(row(a)).toHaveText('Can dial', { timeout: 15_000 });
    await expect(row(b)).toHaveText('Can dial', { timeout: 15_000 });

    // B's account now has a wrong password: the PBX refuses its REGISTER.
    await api.call('PATCH', `/campaigns/${b}`, { dialer: { password: 'not-the-password' } });
    await expect(row(b)).toHaveText("Cannot dial: the campaign's own account", { timeout: 20_000 });
    await expect(row(b)).toHaveAttribute('data-code', 'dialer_auth_refused');
    await expect(row(b)).toHaveAttribute('title', refusedWords);
    await expect(row(a)).toHaveText('Can dial');

    const panel = page.getByTestId('campaign-panel');
    await page.getByTestId(`campaign-${b}`).getByRole('button', { name: 'Show' }).click();
    await expect(panel.getByRole('heading', { name: /Own account — running/ })).toBeVisible();
    const banner = panel.getByTestId('dialer-problem');
    await expect(banner).toHaveAttribute('role', 'alert');
    await expect(banner).toContainText(refusedWords);
    await expect(banner).toContainText(
      "This is the campaign's own dialer account; other campaigns go on dialling through theirs.",
    );
    await expect(banner.locator('.hint').last()).toContainText(
      /^Details for IT: tcp:127\.0\.0\.1:\d+: REGISTER: 401, wrong user or password$/,
    );

    await page.getByTestId(`campaign-${a}`).getByRole('button', { name: 'Show' }).click();
    await expect(panel.getByRole('heading', { name: /Server account — running/ })).toBeVisible();
    await expect(panel.getByTestId('dialer-problem')).toHaveCount(0);

    // Nothing was dialled for B: its contact is untouched.
    const { contacts } = await api.call<{ contacts: { id: string }[] }>('GET', `/campaigns/${b}/contacts`);
    expect(await api.contact(contacts[0]!.id)).toMatchObject({ state: 'INITIAL', attempts: 0 });

    await page.getByTestId(`campaign-${b}`).getByRole('button', { name: 'Show' }).click();
    await expect(banner).toBeVisible();
    await scan(page, "supervisor with a campaign's own dialer account refused");

    // The same in Czech; the raw detail stays as it came.
    await page.evaluate(() => window.dialdeck!.updateSettings({ ui: { language: 'cs' } }));
    await expect(row(b)).toHaveText('Nemůže volat: vlastní účet kampaně', { timeout: 15_000 });
    await expect(row(a)).toHaveText('Může volat');
    await expect(banner).toContainText('Telefonní ústředna odmítla uživatelské jméno nebo heslo vytáčení');
    await expect(banner).toContainText('Jde o vlastní účet vytáčení této kampaně');
    await expect(banner.locator('.hint').last()).toContainText('REGISTER: 401, wrong user or password');
  } finally {
    for (const [name, value] of [
      ['DIALDECK_SIP_DIALER', saved.dialer],
      ['DIALDECK_SECRET_KEY', saved.key],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await stop();
  }
});
