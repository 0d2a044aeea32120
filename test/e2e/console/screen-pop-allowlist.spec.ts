/**
 * The CRM allowlist in Settings (issue 13.7), end to end in browser mode against mock-sip and a real campaign
 * server: the operator types the CRM's host in Settings (a URL with a scheme and a path is refused at the field,
 * nothing saved), then the campaign's screen-pop to that host opens with the offer; when the supervisor points the
 * template at another host (pushed live to the console), the next offer's page is refused with the message the
 * operator sees, and nothing reaches that host.
 */
import { createServer, type Server } from 'node:http';
import { test, expect, customer } from './console-fixture';
import type { ConsoleTestHooks } from '../../../renderer/console/test-hooks';

type Crm = { origin: string; asked: string[]; stop(): Promise<void> };

async function startCrm(): Promise<Crm> {
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
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
      screenPop: { urlTemplate: `${crm.origin}/contacts/{{externalId}}` },
      contacts: [
        { phone: customer(1), name: 'Ada Lovelace', externalId: 'A1' },
        { phone: customer(2), name: 'Grace Hopper', externalId: 'G2' },
      ],
    }),
});

test('a host set in Settings opens its CRM page; a page on another host is refused with a message', async ({
  rig,
  context,
}) => {
  test.setTimeout(180_000);
  const { page } = rig;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const section = page.getByTestId('screen-pop-settings');
  const hosts = section.getByLabel('Sites this workstation may open');
  await expect(hosts).toBeEnabled();

  // A whole address is not a host name: refused at the field, and nothing is saved.
  await hosts.fill(`${crm.origin}/contacts`);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(section.getByRole('alert')).toHaveText(
    'must be a host name such as crm.example.com or *.example.com, with no https:// and no path',
  );
  await expect(hosts).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('status').filter({ hasText: /Not saved/ })).toBeVisible();
  expect(rig.host.services.settings.current().screenPop.allowedHosts).toEqual([]);

  await hosts.fill('127.0.0.1');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  await expect(section.getByRole('alert')).toHaveCount(0);
  expect(rig.host.services.settings.current().screenPop.allowedHosts).toEqual(['127.0.0.1']);

  // The first offer's CRM page is on that host: it opens.
  const tab = context.waitForEvent('page');
  await rig.goReady();
  const offer = page.getByTestId('offer-panel');
  await expect(offer).toBeVisible({ timeout: 30_000 });
  const crmTab = await tab;
  await crmTab.waitForURL(`${crm.origin}/contacts/A1`);
  const notice = page.getByTestId('screen-pop-notice');
  await expect(notice).toHaveAttribute('data-tone', 'info');
  await expect(notice).toContainText(`CRM page opened: ${crm.origin}/contacts/A1`);
  expect(crm.asked).toEqual(['/contacts/A1']);
  await offer.getByRole('button', { name: /^Accept/ }).click();

  // The supervisor points the campaign at another host while the operator prepares; the console has it at once.
  const elsewhere = crm.origin.replace('127.0.0.1', 'localhost');
  await rig.api.call('PATCH', `/campaigns/${rig.campaignId}`, {
    screenPop: { urlTemplate: `${elsewhere}/contacts/{{externalId}}`, on: 'offer' },
  });
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as { dialdeckConsoleTest?: ConsoleTestHooks }).dialdeckConsoleTest?.session?.campaigns[0]
            ?.screenPop?.urlTemplate,
      ),
    )
    .toBe(`${elsewhere}/contacts/{{externalId}}`);
  let tabs = 0;
  context.on('page', () => tabs++);
  await page
    .getByTestId('bcw-panel')
    .getByRole('button', { name: /^Reject/ })
    .click();

  // The next offer's page is on a host the workstation may not open: refused, with the operator's words.
  await expect(page.getByTestId('offer-panel')).toBeVisible({ timeout: 30_000 });
  await expect(notice).toHaveAttribute('data-tone', 'error', { timeout: 10_000 });
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toContainText(
    `The CRM page was not opened: ${new URL(elsewhere).host} is not on the list of sites this workstation may open.`,
  );
  expect(tabs).toBe(0);
  expect(crm.asked).toEqual(['/contacts/A1']);
});
