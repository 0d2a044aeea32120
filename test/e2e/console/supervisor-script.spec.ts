/**
 * The supervisor sets a campaign's script and CRM page (issue 13.6, 13.7) on the create form, changes them on
 * the campaign's panel, and a bad URL is refused by name before anything is sent; the server's record is read
 * through the Public API of the embedded server.
 */
import { test, expect } from '../../support/mock-sip-fixture';
import { startEmbeddedHost, embeddedAdminApi } from './embedded-host';
import { scan } from '../a11y/axe';

test.use({ mockSipScenario: { users: [{ user: '1001', password: 'operator-secret' }] } });

test('supervisor: a campaign is created with a script and a CRM page, then both are changed', async ({
  page,
  mockSip,
}) => {
  const { host, userDataDir, stop } = await startEmbeddedHost('dialdeck-supervisor-script-', mockSip);
  try {
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Supervisor' }).click();
    await expect(page.getByText('No campaign yet')).toBeVisible({ timeout: 60_000 });

    const create = page.getByTestId('create-campaign');
    await create.getByText('Create a campaign').click();
    await create.getByLabel('Campaign name').fill('Scripted');
    await create.getByLabel('Script (Markdown)').fill('## Hello\n\nGood morning, {{name}}.');
    await create.getByLabel('CRM page (screen-pop)').fill('crm.example.com/{{externalId}}');
    await create.getByRole('button', { name: 'Create campaign' }).click();
    await expect(create.getByRole('alert')).toHaveText(
      'CRM page (screen-pop): must be an http:// or https:// address',
    );
    await create.getByLabel('CRM page (screen-pop)').fill('https://crm.example.com/c/{{externalId}}');
    await create.getByLabel('Open the CRM page').selectOption('answer');
    await create.getByRole('button', { name: 'Create campaign' }).click();
    const panel = page.getByTestId('campaign-panel');
    await expect(panel.getByRole('heading', { name: /Scripted — draft/ })).toBeVisible({ timeout: 15_000 });

    const { api } = await embeddedAdminApi(page, userDataDir);
    const read = async () =>
      (await api.call<{ campaigns: Array<{ script: string; screenPop: unknown }> }>('GET', '/campaigns'))
        .campaigns[0];
    expect(await read()).toMatchObject({
      script: '## Hello\n\nGood morning, {{name}}.',
      screenPop: { urlTemplate: 'https://crm.example.com/c/{{externalId}}', on: 'answer' },
    });

    const editor = panel.getByTestId('campaign-script-editor');
    await editor.getByText('Script and CRM page').click();
    await expect(editor.getByLabel('Script (Markdown)')).toHaveValue('## Hello\n\nGood morning, {{name}}.');
    // A bad address in the editor is refused in a sentence of ours, not the schema's English.
    await editor.getByLabel('CRM page (screen-pop)').fill('crm.example.com');
    await editor.getByRole('button', { name: 'Save script and CRM page' }).click();
    await expect(editor.getByRole('alert')).toContainText(
      'The CRM page must be an http:// or https:// address, such as https://crm.example.com/contacts/{{externalId}}.',
    );
    await scan(page, 'supervisor: the script editor refusing a bad CRM address');
    await editor.getByLabel('Script (Markdown)').fill('Good afternoon, {{name}} ({{plan}}).');
    await editor.getByLabel('CRM page (screen-pop)').fill('');
    await editor.getByRole('button', { name: 'Save script and CRM page' }).click();
    await expect(editor.getByRole('status')).toContainText('Saved.');
    expect(await read()).toMatchObject({ script: 'Good afternoon, {{name}} ({{plan}}).', screenPop: null });
  } finally {
    await page.close().catch(() => undefined);
    await stop();
  }
});
