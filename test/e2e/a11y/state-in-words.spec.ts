/**
 * Colour is never the only carrier of state (issue 14): every indicator whose colour changes with its state —
 * the campaign connection line and its dot, the campaign badge, the Ready pill, the recording state, the result
 * of a contact (a success, a dial failure in red) and the phone's registration dot — is driven through two
 * states that differ in colour, and its words must name each state and differ between them. A screen with the
 * colours removed would still say what is going on. Against mock-sip and a real campaign server.
 */
import type { Locator } from '@playwright/test';
import { test, expect, customer } from '../console/console-fixture';

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: {
      [customer(1)]: { action: 'answer', afterMs: 300 },
      [customer(2)]: { action: 'reject', code: 503 },
    },
  },
  campaign: {
    bcwSeconds: 1,
    recording: { mode: 'always', consentNotice: 'This call is recorded.' },
    contacts: [
      { phone: customer(1), name: 'Ada Lovelace' },
      { phone: customer(2), name: 'Cy Failure' },
    ],
  },
});

/** What the operator reads there: the visible words, and the accessible name where it has one of its own. */
async function words(indicator: Locator): Promise<string> {
  const text = (await indicator.innerText()).replace(/\s+/g, ' ').trim();
  const label = (await indicator.getAttribute('aria-label')) ?? '';
  return `${label} ${text}`.trim();
}

/** The two states differ in colour (else this proves nothing) and in words that name each state. */
async function expectStatesInWords(
  what: string,
  first: { words: string; colour: string; names: RegExp },
  second: { words: string; colour: string; names: RegExp },
) {
  expect(second.colour, `${what}: the two states should differ in colour`).not.toBe(first.colour);
  expect(first.words, `${what}: the first state in words`).toMatch(first.names);
  expect(second.words, `${what}: the second state in words`).toMatch(second.names);
  expect(second.words, `${what}: the words differ between the states`).not.toBe(first.words);
}

/** The colours an indicator shows: its own text, background, border and edge stripe, and those of a dot inside it. */
async function colours(indicator: Locator, dot?: string): Promise<string> {
  return indicator.evaluate((el, dot) => {
    const of = (e: Element | null) => {
      if (!e) return '';
      const s = getComputedStyle(e);
      return `${s.color}|${s.backgroundColor}|${s.borderTopColor}|${s.boxShadow}`;
    };
    return `${of(el)}/${of(dot ? el.querySelector(dot) : null)}`;
  }, dot);
}

async function snapshot(indicator: Locator, names: RegExp, dot?: string) {
  return { words: await words(indicator), colour: await colours(indicator, dot), names };
}

test('every state indicator that changes colour also says its state in words', async ({ rig, mockSip }) => {
  test.setTimeout(180_000);
  const { page } = rig;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Console' }).click();
  const connection = page.getByTestId('campaign-connection');
  const badge = page.getByTestId('campaign-badge');
  const pill = page.getByTestId('operator-status');
  await expect(connection).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });

  const connected = await snapshot(connection, /Connected/, '.dot');
  const badgeConnected = await snapshot(badge, /Connected/);
  const notReady = await snapshot(pill, /Not ready/);

  await rig.goReady();
  await expect(pill).toHaveText(/^Ready/);
  await expectStatesInWords('Ready pill', notReady, await snapshot(pill, /^Ready/));

  // Recording: REC while recording, words that say "not recording" while paused.
  await page
    .getByTestId('offer-panel')
    .getByRole('button', { name: /Accept/ })
    .click();
  const rec = page.getByTestId('recording');
  await expect(rec).toHaveAttribute('data-state', 'recording', { timeout: 30_000 });
  const recState = rec.getByTestId('recording-state');
  const recording = await snapshot(recState, /Recording/);
  await rec.getByRole('button', { name: 'Pause recording' }).click();
  await expect(rec).toHaveAttribute('data-state', 'paused');
  await expectStatesInWords('recording state', recording, await snapshot(recState, /not recording/));

  // The contact's result: a success, then a dial failure (shown in red) — each named in words.
  await page
    .getByTestId('in-call-panel')
    .getByRole('button', { name: /Hang up/ })
    .click();
  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await acw.getByLabel('Disposition').selectOption('success');
  await acw.getByRole('button', { name: /Complete/ }).click();
  const result = page.getByTestId('last-result');
  await expect(result).toHaveAttribute('data-state', 'SUCCESS', { timeout: 30_000 });
  const success = await snapshot(result, /Ada Lovelace: Success/i);
  await page
    .getByTestId('offer-panel')
    .getByRole('button', { name: /Accept/ })
    .click();
  await expect(page.getByTestId('dial-failure')).toBeVisible({ timeout: 30_000 });
  await expectStatesInWords(
    'contact result',
    success,
    await snapshot(result, /Cy Failure: (Dial failed|Retry scheduled)/),
  );

  // The campaign link: connected, then lost.
  rig.relay.cut(5000);
  await expect(connection).toHaveAttribute('data-status', /reconnecting|offline/, { timeout: 15_000 });
  await expectStatesInWords(
    'campaign connection line',
    connected,
    await snapshot(connection, /Reconnecting|Offline/, '.dot'),
  );
  await expect(badge).toHaveAttribute('data-status', /reconnecting|offline/);
  await expectStatesInWords('campaign badge', badgeConnected, await snapshot(badge, /Reconnecting|Offline/));

  // The phone's registration dot: Registered, then the PBX gone.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Phone' }).click();
  const registration = page.getByTestId('registration-status');
  await expect(registration).toHaveAttribute('data-state', 'registered');
  const registered = await snapshot(registration, /Registered/, '.registration-dot');
  await mockSip.stop();
  await expect(registration).not.toHaveAttribute('data-state', 'registered', { timeout: 30_000 });
  await expectStatesInWords(
    'phone registration',
    registered,
    await snapshot(
      registration,
      /Reconnecting|Not registered|Connecting|Registering|Not connected/,
      '.registration-dot',
    ),
  );
});
