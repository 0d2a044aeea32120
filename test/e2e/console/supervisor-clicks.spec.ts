/**
 * Two Supervisor screens clicked end to end (issues 13.2 and 13.8) on the embedded campaign server in browser mode,
 * with real JsSIP/WebRTC against mock-sip: reassigning an owned callback (the new owner's console lists it), and
 * playing and saving a call's recording (admin only: an operator's token gets nothing). Each test checks what the
 * supervisor and the operator see and what the server recorded, read through the Public API, and scans the screen
 * with axe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../../support/mock-sip-fixture';
import { scan } from '../a11y/axe';
import { startEmbeddedHost, type EmbeddedHost, embeddedAdminApi } from './embedded-host';
import { customer, PublicApi, rawOperator, type ContactRecord } from './console-fixture';

/** The embedded host's own operator (embedded-host.ts signs it in as this login, SIP user 1001). */
const OWN_OPERATOR = 'operator';

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: { [customer(1)]: { action: 'answer', afterMs: 300, media: { play: { tone: 440 } } } },
  },
});

/**
 * Opens the Supervisor view, which starts the embedded server and its operator, and returns the Public API with the
 * host's admin token; the `others` operators (their tokens returned) and `campaign` are created through it (with the
 * customer Ada Lovelace), and the campaign is started.
 */
async function supervisorWithCampaign(
  page: Page,
  embedded: EmbeddedHost,
  campaign: Record<string, unknown>,
  others: Array<{ login: string; name: string }> = [],
): Promise<{ api: PublicApi; campaignId: string; contactId: string; tokens: Record<string, string> }> {
  await page.goto(embedded.host.url);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
  await nav(page, 'Supervisor');
  await expect(page.getByText('No campaign yet')).toBeVisible({ timeout: 60_000 });
  const { api } = await embeddedAdminApi(page, embedded.userDataDir);
  const tokens: Record<string, string> = {};
  for (const o of others)
    tokens[o.login] = (await api.call<{ token: string }>('POST', '/operators', o)).token;
  const k = await api.call<{ id: string }>('POST', '/campaigns', {
    name: 'Autumn renewals',
    mode: 'preview',
    ...campaign,
  });
  await api.call('POST', `/campaigns/${k.id}/contacts`, {
    contacts: [{ phone: customer(1), name: 'Ada Lovelace' }],
  });
  await api.call('POST', `/campaigns/${k.id}/start`);
  const listed = await api.call<{ contacts: Array<{ id: string }> }>('GET', `/campaigns/${k.id}/contacts`);
  // The console checks for a campaign before Ready: it asks again now that there is one.
  await page.evaluate(() => window.dialdeck!.reconnectCampaign());
  return { api, campaignId: k.id, contactId: listed.contacts[0]!.id, tokens };
}

async function nav(page: Page, view: 'Supervisor' | 'Console'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view }).click();
}

async function consoleConnected(page: Page): Promise<void> {
  await nav(page, 'Console');
  await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected', {
    timeout: 30_000,
  });
}

test('a supervisor gives a callback to another operator: picked, confirmed, listed in the new owner’s console, recorded by the server', async ({
  page,
  mockSip,
}) => {
  test.setTimeout(240_000);
  const embedded = await startEmbeddedHost('dialdeck-callback-reassign-', mockSip);
  let other: Awaited<ReturnType<typeof rawOperator>> | null = null;
  try {
    const { api, contactId, tokens } = await supervisorWithCampaign(
      page,
      embedded,
      {
        bcwSeconds: 60,
        operators: [OWN_OPERATOR, 'grace'],
        callbacks: { reminderSeconds: 0, graceSeconds: 600 },
      },
      [{ login: 'grace', name: 'Grace Hopper' }],
    );
    // Another operator, on their own workstation, takes the call and schedules the callback, so it is theirs.
    other = await rawOperator(api.baseUrl, 'grace', tokens.grace!);
    await scheduleCallbackAs(other, contactId, new Date(Date.now() + 26 * 3600_000));
    expect(await api.call('GET', `/contacts/${contactId}/callback`)).toMatchObject({
      owner: 'grace',
      state: 'SCHEDULED',
    });

    // This workstation's operator has no callbacks yet.
    await consoleConnected(page);
    const mine = page.getByTestId('my-callbacks');
    await expect(mine).toContainText('No callbacks scheduled.');

    // The supervisor picks the operator and confirms.
    await nav(page, 'Supervisor');
    const list = page.getByTestId('admin-callbacks');
    const row = list.getByTestId('admin-callback');
    await expect(row).toHaveCount(1, { timeout: 30_000 });
    await expect(row).toContainText('Ada Lovelace');
    await expect(row).toContainText('grace');
    await expect(row).toContainText('Scheduled');
    await row.getByLabel('Give the callback for Ada Lovelace to (operator login)').fill(OWN_OPERATOR);
    await row.getByRole('button', { name: 'Reassign' }).click();
    const confirm = row.getByRole('group', {
      name: `Give the callback for Ada Lovelace to ${OWN_OPERATOR}?`,
    });
    await expect(confirm).toBeVisible();
    // Nothing is sent before the supervisor confirms; focus waits on Confirm for a keyboard user.
    expect(await api.call('GET', `/contacts/${contactId}/callback`)).toMatchObject({ owner: 'grace' });
    await expect(confirm.getByRole('button', { name: 'Confirm' })).toBeFocused();
    await scan(page, 'supervisor (callback reassignment to confirm)');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await expect(list.getByTestId('admin-callbacks-note')).toHaveText(
      `The callback for Ada Lovelace now belongs to ${OWN_OPERATOR}.`,
    );
    await expect(row).toContainText(OWN_OPERATOR);
    await expect(row).not.toContainText('grace');
    await scan(page, 'supervisor (callback reassigned)');

    // What the server recorded.
    expect(await api.call('GET', `/contacts/${contactId}/callback`)).toMatchObject({
      owner: OWN_OPERATOR,
      state: 'SCHEDULED',
    });
    const reassigned = (await api.contact(contactId)).events.find((e) => e.event === 'callback_reassign');
    expect(reassigned).toBeTruthy();

    // The new owner's console lists it.
    await nav(page, 'Console');
    await expect(mine.getByTestId('my-callback')).toHaveCount(1, { timeout: 15_000 });
    await expect(mine.getByTestId('my-callback')).toContainText('Ada Lovelace');
  } finally {
    other?.close();
    await embedded.stop();
  }
});

/** A raw operator works the offered contact to ACW and asks for a callback at `dueAt`. */
async function scheduleCallbackAs(
  op: Awaited<ReturnType<typeof rawOperator>>,
  contactId: string,
  dueAt: Date,
): Promise<void> {
  const find = (type: string, extra: (m: Record<string, unknown>) => boolean = () => true) =>
    op.messages.find((m) => m.type === type && extra(m));
  op.send({ type: 'setReady', requestId: 'r1' });
  await expect.poll(() => Boolean(find('offer')), { timeout: 30_000 }).toBe(true);
  op.send({ type: 'acceptOffer', contactId, requestId: 'r2' });
  op.send({ type: 'callNow', contactId, requestId: 'r3' });
  await expect.poll(() => Boolean(find('dial')), { timeout: 30_000 }).toBe(true);
  const attemptId = find('dial')!.attemptId as string;
  const call = { contactId, attemptId };
  op.send({ type: 'reportCallProgress', ...call, stage: 'answered', requestId: 'r4' });
  op.send({
    type: 'reportCallEnded',
    ...call,
    outcome: 'answered',
    sipCode: 200,
    cause: 'bye',
    requestId: 'r5',
  });
  await expect
    .poll(() => Boolean(find('contactState', (m) => m.state === 'ACW')), { timeout: 30_000 })
    .toBe(true);
  op.send({
    type: 'submitAfterCallWork',
    contactId,
    disposition: 'callback',
    note: '',
    callbackAt: dueAt.toISOString(),
    requestId: 'r6',
  });
  await expect
    .poll(() => find('result', (m) => m.contactId === contactId)?.finalState, { timeout: 30_000 })
    .toBe('RETRY_SCHEDULED');
}

type Recording = { status: string; format: string; durationMs: number; sizeBytes: number; pauses: unknown[] };

test('after a recorded call the supervisor sees the recording with its length and pauses, plays it and saves it; an operator token gets nothing', async ({
  page,
  mockSip,
}) => {
  test.setTimeout(240_000);
  const embedded = await startEmbeddedHost('dialdeck-recording-list-', mockSip);
  try {
    const { api, campaignId, contactId } = await supervisorWithCampaign(page, embedded, {
      bcwSeconds: 1,
      operators: [OWN_OPERATOR],
      recording: { mode: 'always', consentNotice: 'This call is recorded.' },
    });

    // The operator's recorded call, with one pause.
    await consoleConnected(page);
    await page
      .getByTestId('console')
      .getByRole('button', { name: /^Ready/ })
      .click();
    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /Accept/ })
      .click({ timeout: 30_000 });
    const rec = page.getByTestId('recording');
    await expect(rec).toHaveAttribute('data-state', 'recording', { timeout: 30_000 });
    await page.waitForTimeout(2000); // the conversation
    await rec.getByRole('button', { name: 'Pause recording' }).click();
    await expect(rec).toHaveAttribute('data-state', 'paused');
    await page.waitForTimeout(1000);
    await rec.getByRole('button', { name: 'Resume recording' }).click();
    await expect(rec).toHaveAttribute('data-state', 'recording');
    await page.waitForTimeout(1500);
    await page
      .getByTestId('in-call-panel')
      .getByRole('button', { name: /Hang up/ })
      .click();
    const acw = page.getByTestId('acw-panel');
    await expect(acw).toBeVisible({ timeout: 30_000 });
    await acw.getByLabel('Disposition').selectOption('success');
    await acw.getByRole('button', { name: /Complete/ }).click();
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', {
      timeout: 30_000,
    });

    // What the server recorded.
    let attempt: (ContactRecord['attemptHistory'][number] & { recording: Recording | null }) | undefined;
    await expect
      .poll(
        async () => {
          const c = (await api.contact(contactId)) as ContactRecord & {
            attemptHistory: Array<typeof attempt>;
          };
          attempt = c.attemptHistory[0];
          return attempt?.recording?.status;
        },
        { timeout: 60_000 },
      )
      .toBe('uploaded');
    const recording = attempt!.recording!;
    expect(recording.pauses).toHaveLength(1);
    const audioPath = `/attempts/${attempt!.id}/recording/audio`;

    // What the supervisor sees: the recording kept on the server, its length and its one pause.
    await nav(page, 'Supervisor');
    const row = page.getByTestId(`recording-${attempt!.id}`);
    await expect(row).toHaveAttribute('data-status', 'uploaded', { timeout: 30_000 });
    await expect(row).toContainText('Ada Lovelace');
    await expect(row).toContainText('Kept on the server');
    const cells = row.getByRole('cell');
    const seconds = Math.round(recording.durationMs / 1000);
    await expect(cells.nth(4)).toHaveText(new RegExp(`^${seconds}\\b`));
    await expect(cells.nth(5)).toHaveText('1');

    // Play: the audio comes through the host (the page holds no token) and plays.
    await row
      .getByRole('button', { name: 'Play or save the recording of the call with Ada Lovelace' })
      .click();
    const player = row.getByTestId('recording-audio');
    await expect(player).toBeVisible({ timeout: 15_000 });
    const played = await player.evaluate(async (el) => {
      const audio = el as HTMLAudioElement;
      audio.muted = true; // nothing to hear in a test run; the clock still runs only if it really plays
      await audio.play();
      await new Promise((r) => setTimeout(r, 1200));
      audio.pause();
      return audio.currentTime;
    });
    expect(played).toBeGreaterThan(0.5);
    await scan(page, 'supervisor (recordings, player open)');

    // Save: the same bytes the Public API serves to an admin token.
    const download = page.waitForEvent('download');
    await row.getByRole('link', { name: 'Download the recording of the call with Ada Lovelace' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(new RegExp(`^recording-${attempt!.id}\\.(webm|ogg)$`));
    const savedBytes = readFileSync((await saved.path())!);
    expect(savedBytes.length).toBe(recording.sizeBytes);
    const adminAudio = await fetch(`${api.baseUrl}/api/v1${audioPath}`, {
      headers: {
        authorization: `Bearer ${readFileSync(join(embedded.userDataDir, 'campaign-admin-token'), 'utf8').trim()}`,
      },
    });
    expect(adminAudio.status).toBe(200);
    expect(Buffer.from(await adminAudio.arrayBuffer()).equals(savedBytes)).toBe(true);

    // An operator's token gets neither the audio nor the list.
    const { token: operatorToken } = await api.call<{ token: string }>('POST', '/operators', {
      login: 'op2',
      name: 'Operator Two',
    });
    const asOperator = { headers: { authorization: `Bearer ${operatorToken}` } };
    expect((await fetch(`${api.baseUrl}/api/v1${audioPath}`, asOperator)).status).toBe(401);
    expect((await fetch(`${api.baseUrl}/api/v1/campaigns/${campaignId}/recordings`, asOperator)).status).toBe(
      401,
    );
  } finally {
    await embedded.stop();
  }
});
