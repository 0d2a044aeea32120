/**
 * Manual calls from the dial box (issue 16, items 4 and 5): a bare user name is completed with the operator's own
 * SIP domain, and a failed manual call is described without campaign words (there is no contact to retry).
 */
import { test, expect, expectRegistered, dial, USER, PASSWORD } from './softphone-fixture';

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD }],
    customers: {
      custb: { action: 'answer', afterMs: 200, media: { play: { tone: 440 } } },
      '2486': { action: 'reject', code: 486, ringFirst: true, afterMs: 200 },
      '2404': { action: 'reject', code: 404, afterMs: 100 },
    },
  },
});

test('a bare user name is called at the account domain', async ({ rig, mockSip }) => {
  const { page } = rig;
  await expectRegistered(rig);
  await dial(page, 'custb');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  // mock-sip routes by the Request-URI's user: the call reached custb at its own domain.
  expect(mockSip.calls().map((c) => c.to)).toContain('custb');
  await page.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByTestId('last-call')).toContainText('custb');
});

test('a manual call that fails says what happened, with no campaign words', async ({ rig }) => {
  const { page } = rig;
  await expectRegistered(rig);
  await dial(page, '2486');
  const last = page.getByTestId('last-call');
  await expect(last).toContainText(/busy/i, { timeout: 20_000 });
  await expect(last).not.toContainText(/contact|campaign|retried/i);
  await dial(page, '2404');
  await expect(last).toContainText(/not found/i, { timeout: 20_000 });
  await expect(last).not.toContainText(/contact|campaign|retried/i);
});
