// Click-to-dial in browser mode (real Chromium, real mock-sip): `/?dial=<uri>` and a link handed to the host
// (the path Electron's argv and open-url take) put the number in the dial pad; one click dials.
import {
  test,
  expect,
  expectRegistered,
  currentSipCallId,
  USER,
  PASSWORD,
} from '../softphone/softphone-fixture';

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD }],
    customers: { '2001': { action: 'answer', afterMs: 200, media: { play: { tone: 440 } } } },
  },
});

const dialPad = (page: import('@playwright/test').Page) =>
  page.getByRole('textbox', { name: 'Number to call' });

test('a tel: link prefills the dial pad and dials after one click', async ({ rig, mockSip }) => {
  const { page, host } = rig;
  await page.goto(`${host.url}?dial=${encodeURIComponent('tel:20-01;phone-context=example.com')}`);
  await expectRegistered(rig);
  await expect(dialPad(page)).toHaveValue('2001');
  await expect(page.getByTestId('dial-link')).toHaveText('2001 from a link: press Call to dial.');
  // Nothing is dialled before the click, and the link is gone from the address (a reload must not redial).
  expect(mockSip.calls()).toHaveLength(0);
  expect(new URL(page.url()).search).toBe('');

  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  const sipCallId = await currentSipCallId(page);
  expect(mockSip.calls().find((c) => c.sipCallId === sipCallId)?.to).toContain('2001');
  await page.getByRole('button', { name: 'Hang up' }).click();

  await page.reload();
  await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
  await expect(dialPad(page)).toHaveValue('');
});

test('a link handed to the host while another view is open brings the phone to the front', async ({
  rig,
}) => {
  const { page, host } = rig;
  await expectRegistered(rig);
  await page.getByRole('button', { name: 'History' }).click();
  // What Electron main does with a second instance's argv or macOS open-url.
  await host.services.handlers.requestDial({ uri: 'sip:2001@pbx.example.com;transport=ws' });
  await expect(dialPad(page)).toHaveValue('sip:2001@pbx.example.com');
});

test('hostile links are refused with a message and nothing is dialled', async ({ rig, mockSip }) => {
  const { page, host } = rig;
  await expectRegistered(rig);
  for (const [uri, message] of [
    ['javascript:alert(document.domain)', /javascript: links are not phone numbers/],
    ['tel:<img src=x onerror=alert(1)>', /characters no number or address has/],
    [`tel:+${'9'.repeat(5000)}`, /characters long/],
  ] as const) {
    await page.goto(`${host.url}?dial=${encodeURIComponent(uri)}`);
    await expect(page.getByRole('alert').filter({ hasText: 'Refused a dial link' })).toHaveText(message);
    await expect(dialPad(page)).toHaveValue('');
  }
  expect(mockSip.calls()).toHaveLength(0);
});

test.describe('with "dial links at once" set', () => {
  test.use({ phoneSettings: { dial: { immediate: true } } });

  test('a link dials without the click', async ({ rig, mockSip }) => {
    const { page, host } = rig;
    await expectRegistered(rig);
    await page.goto(`${host.url}?dial=${encodeURIComponent('callto://20 01')}`);
    await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
    expect(mockSip.calls().some((c) => c.to.includes('2001'))).toBe(true);
    await expect(page.getByTestId('dial-link')).toHaveText('Dialling 2001 from a link.');
  });
});
