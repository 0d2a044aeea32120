/**
 * The campaign script and the CRM screen-pop (issue 13.6, 13.7), in browser mode against mock-sip and a real
 * campaign server. The CRM is a tiny HTTP server on loopback that records what it was asked for.
 *
 * 1. The screen-pop opens a new tab with the offer, at the contact's URL (values encoded); the script shows the
 *    contact's values in BCW and during the call; the campaign's script and template read back through the API.
 * 2. A hostile contact (HTML, script, Markdown and placeholders in its values) is drawn as text, and a CRM host
 *    not on the workstation's allowlist is refused with a message: no tab opens and the CRM hears nothing.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { test, expect, customer } from './console-fixture';
import { scan } from '../a11y/axe';

type Crm = { origin: string; asked: string[]; stop(): Promise<void> };

async function startCrm(): Promise<Crm> {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    // The browser's own favicon request is not a page the console asked for.
    if (req.url !== '/favicon.ico') asked.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>CRM</title><h1>Customer</h1>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    asked,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const script = [
  '## Opening',
  '',
  'Good morning, **{{name}}**. I am calling about your {{plan}} plan (ref {{externalId}}).',
  '',
  '- Confirm the number {{phone}}',
  '- Ask about {{nickname}}',
].join('\n');

test.describe('with a CRM on this workstation’s allowlist', () => {
  let crm: Crm;
  test.beforeAll(async () => {
    crm = await startCrm();
  });
  test.afterAll(async () => crm.stop());

  test.use({
    mockSipScenario: {
      users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
      customers: { [customer(1)]: { action: 'answer', afterMs: 600 } },
    },
    // eslint-disable-next-line no-empty-pattern -- the campaign needs only the CRM's port, known once it listens
    campaign: async ({}, use) =>
      use({
        bcwSeconds: 3,
        script,
        screenPop: { urlTemplate: `${crm.origin}/contacts/{{externalId}}?phone={{phone}}&id={{contactId}}` },
        contacts: [
          { phone: customer(1), name: 'Ada Lovelace', externalId: 'CRM 7/a', customFields: { plan: 'gold' } },
        ],
      }),
  });

  test('the CRM opens in a new tab with the offer; the script shows the contact’s values in BCW and in the call', async ({
    rig,
    context,
  }) => {
    const { page } = rig;
    rig.host.services.settings.update({ screenPop: { allowedHosts: ['127.0.0.1'] } });
    const k = await rig.api.call<{ script: string; screenPop: unknown }>(
      'GET',
      `/campaigns/${rig.campaignId}`,
    );
    expect(k.script).toBe(script);
    expect(k.screenPop).toEqual({
      urlTemplate: `${crm.origin}/contacts/{{externalId}}?phone={{phone}}&id={{contactId}}`,
      on: 'offer',
    });

    const tab = context.waitForEvent('page');
    await rig.goReady();
    await expect(page.getByTestId('offer-panel')).toBeVisible({ timeout: 30_000 });
    const crmTab = await tab;
    const id = rig.contactIds[0]!;
    const expected = `${crm.origin}/contacts/CRM%207%2Fa?phone=%2B12025550101&id=${id}`;
    await crmTab.waitForURL(expected);
    await expect(crmTab.getByRole('heading', { name: 'Customer' })).toBeVisible();
    // The CRM tab cannot reach back into the console.
    expect(await crmTab.evaluate(() => window.opener)).toBeNull();
    expect(crm.asked).toEqual([`/contacts/CRM%207%2Fa?phone=%2B12025550101&id=${id}`]);
    await expect(page.getByTestId('screen-pop-notice')).toHaveAttribute('data-tone', 'info');
    await expect(page.getByTestId('screen-pop-notice')).toContainText(`CRM page opened: ${expected}`);

    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /^Accept/ })
      .click();
    const bcwScript = page.getByTestId('bcw-panel').getByTestId('campaign-script');
    await expect(bcwScript.getByRole('heading', { name: 'Script' })).toBeVisible();
    await expect(bcwScript.getByRole('heading', { name: 'Opening' })).toBeVisible();
    await expect(bcwScript).toContainText(
      'Good morning, Ada Lovelace. I am calling about your gold plan (ref CRM 7/a).',
    );
    await expect(bcwScript.locator('strong')).toHaveText('Ada Lovelace');
    await expect(bcwScript.getByRole('listitem').first()).toHaveText('Confirm the number +12025550101');
    await expect(bcwScript.getByTestId('script-missing')).toHaveText('[no nickname]');

    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
    const callScript = page.getByTestId('in-call-panel').getByTestId('campaign-script');
    await expect(callScript).toContainText('Good morning, Ada Lovelace. I am calling about your gold plan');
    // Opened with the offer: the answer does not open it again.
    expect(context.pages()).toHaveLength(2);
    expect(crm.asked).toHaveLength(1);

    await page
      .getByTestId('in-call-panel')
      .getByRole('button', { name: /^Hang up/ })
      .click();
    const acw = page.getByTestId('acw-panel');
    await expect(acw).toBeVisible({ timeout: 30_000 });
    await acw.getByRole('button', { name: /^Complete/ }).click();
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', {
      timeout: 30_000,
    });
    const record = await rig.api.contact(id);
    expect(record.state).toBe('SUCCESS');
  });
});

test.describe('with a hostile contact and a CRM host that is not allowed', () => {
  let crm: Crm;
  test.beforeAll(async () => {
    crm = await startCrm();
  });
  test.afterAll(async () => crm.stop());

  test.use({
    // eslint-disable-next-line no-empty-pattern -- the campaign needs only the CRM's port, known once it listens
    campaign: async ({}, use) =>
      use({
        bcwSeconds: 120,
        script:
          '# {{name}}\n\n{{img}} {{link}} {{bold}} {{nested}}\n\n[CRM](https://crm.example.com/c/{{externalId}})',
        screenPop: { urlTemplate: `${crm.origin}/contacts/{{externalId}}` },
        contacts: [
          {
            phone: customer(2),
            name: '<script>window.__pwned = 1</script>',
            externalId: '"><img src=x onerror="window.__pwned=2">',
            customFields: {
              img: '<img src=x onerror="window.__pwned=3">',
              link: '[x](javascript:window.__pwned=4)',
              bold: '**not bold**',
              nested: '{{name}}',
            },
          },
        ],
      }),
  });

  test('hostile values are drawn as text, and the CRM page is refused with a message', async ({
    rig,
    context,
  }) => {
    const { page } = rig;
    rig.host.services.settings.update({ screenPop: { allowedHosts: ['crm.example.com'] } });
    let tabs = 0;
    context.on('page', () => tabs++);
    await rig.goReady();
    const notice = page.getByTestId('screen-pop-notice');
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await expect(notice).toHaveAttribute('role', 'alert');
    await expect(notice).toContainText(
      'The CRM page was not opened: ' +
        `${new URL(crm.origin).host} is not on the list of sites this workstation may open.`,
    );

    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /^Accept/ })
      .click();
    const shown = page.getByTestId('bcw-panel').getByTestId('campaign-script');
    await expect(shown.getByRole('heading', { level: 4 })).toHaveText('<script>window.__pwned = 1</script>');
    await expect(shown).toContainText('<img src=x onerror="window.__pwned=3">');
    await expect(shown).toContainText('[x](javascript:window.__pwned=4)');
    await expect(shown).toContainText('**not bold**');
    await expect(shown).toContainText('{{name}}');
    // Nothing the contact holds became an element, and nothing ran.
    await expect(shown.locator('script, img, strong, iframe, [onerror]')).toHaveCount(0);
    await expect(shown.locator('a')).toHaveCount(1);
    expect(await shown.locator('a').getAttribute('href')).toBe(
      'https://crm.example.com/c/%22%3E%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D2%22%3E',
    );
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned ?? null)).toBeNull();

    // The refused pop opened nothing and reached no one, and the host logged it (the host, not the customer's id).
    expect(tabs).toBe(0);
    expect(crm.asked).toEqual([]);
    const log = readFileSync(rig.host.services.log.path, 'utf8');
    expect(log).toContain('screen-pop refused: host not allowed');
    expect(log).not.toContain('pwned');
    // (After counting tabs: axe opens a page of its own.)
    // The script and the refusal keep the console's structure: one h1, no serious or critical axe finding.
    await scan(page, 'console in BCW with a campaign script and a refused screen-pop');

    await page
      .getByTestId('bcw-panel')
      .getByRole('button', { name: /^Reject/ })
      .click();
    await expect
      .poll(() => rig.api.state(rig.contactIds[0]!), { timeout: 30_000 })
      .toBe('CANCELLED_BY_OPERATOR');
  });
});
