/**
 * Per-campaign dialer accounts (issue 11) through Kamailio: campaign A dials through the server-wide account
 * (`DIALER`, the server's caller ID) and campaign B through an account of its own (`CAMPAIGN_DIALER`, its own
 * caller ID). Each registers on Kamailio, is challenged and places its calls as its own account, and the customer
 * receives each campaign's own From user as Kamailio passes it (the lab's Kamailio adds no P-Asserted-Identity,
 * so the From is what a customer's phone shows). B's password is changed to a wrong one while its operator is in
 * after-call work: Kamailio refuses it, B stops with the reason in the status API and places nothing more, while A
 * dials on. (Each campaign keeps a contact to dial, so neither finishes and drops out of the status.)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { DialerStatus } from '../../core/dialer-status';
import { operatorHears } from './app';
import { OPERATOR_LOGIN, startDialerRig, type DialerRig } from './dialer-rig';
import { expect, test } from './fixtures';
import { CAMPAIGN_DIALER } from './lab-accounts';
import { DIALER, NUMBERS, e164, type InteropStack } from './stack';

const SERVER_CALLER_ID = '+442071000000';
const CAMPAIGN_B_CALLER_ID = '+442071009999';

let rig: DialerRig | null = null;
const savedKey = process.env.DIALDECK_SECRET_KEY;

test.beforeAll(() => {
  // A campaign's dialer password is stored sealed under the server's key; without one the API refuses it.
  process.env.DIALDECK_SECRET_KEY = randomBytes(32).toString('base64');
});
test.afterAll(() => {
  if (savedKey === undefined) delete process.env.DIALDECK_SECRET_KEY;
  else process.env.DIALDECK_SECRET_KEY = savedKey;
});
test.afterEach(async () => {
  await rig?.stop();
  rig = null;
});

/** The AoRs Kamailio holds a registration for (its usrloc, read over the lab's RPC socket). */
function registeredAors(stack: InteropStack): string[] {
  const socket = `unix:${join(stack.workDir, 'kamailio-ctl.sock')}`;
  const dump = execFileSync('kamcmd', ['-s', socket, 'ul.dump'], { encoding: 'utf8' });
  return [...dump.matchAll(/AoR:\s*(\S+)/g)].map((m) => m[1]!);
}

/** Kamailio's own log line for each new dialer INVITE it authenticated: who it came from and as which account. */
function dialerInvites(
  stack: InteropStack,
  since: number,
): Array<{ from: string; to: string; account: string }> {
  const log = (stack.logs().kamailio ?? '').slice(since);
  return [...log.matchAll(/dialer INVITE from (\S+) to (\S+) authenticated as (\S+)/g)].map((m) => ({
    from: m[1]!,
    to: m[2]!,
    account: m[3]!,
  }));
}

/**
 * The customer (baresip 2001) is put through to the operator: the From it received, audio both ways; the operator
 * hangs up and is in after-call work.
 */
async function putThrough(stack: InteropStack, page: Page, contactName: string): Promise<string> {
  const customer = stack.toneCustomer;
  const since = customer.events.length;
  const recordingsBefore = customer.heardRecordings().length;
  await expect(page.getByTestId('console')).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', {
    timeout: 30_000,
  });
  const inCall = page.getByTestId('in-call-panel');
  await expect(inCall.getByTestId('contact-name')).toHaveText(contactName);
  const established = await customer.waitForEvent('CALL_ESTABLISHED', { since });
  await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  await expect.poll(() => customer.heardSince(recordingsBefore), { timeout: 15_000 }).toBeGreaterThan(1);
  await inCall.getByRole('button', { name: /Hang up/ }).click();
  await customer.waitForEvent('CALL_CLOSED', { since });
  await expect(page.getByTestId('acw-panel')).toBeVisible({ timeout: 30_000 });
  return established.peeruri ?? '';
}

/** The operator completes after-call work and is Ready again. */
async function completeAcw(page: Page): Promise<void> {
  await page
    .getByTestId('acw-panel')
    .getByRole('button', { name: /Complete/ })
    .click();
  await expect(page.getByTestId('operator-status')).toHaveText('Ready', { timeout: 30_000 });
}

test('campaigns A (server-wide account) and B (its own) each register and call with their own From; a wrong password on B stops only B, with the reason, while A dials on', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  test.setTimeout(240_000);
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.tone],
    campaignAccounts: true,
    dialer: { callerId: SERVER_CALLER_ID },
  });
  const { api, page } = rig;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  const b = await api.call<{ id: string; dialer: { fromUser: string; passwordSet: boolean } }>(
    'POST',
    '/campaigns',
    {
      name: 'Own account',
      mode: 'predictive',
      defaultRegion: 'GB',
      operators: [OPERATOR_LOGIN],
      predictive: { callerId: CAMPAIGN_B_CALLER_ID },
      dialer: { fromUser: CAMPAIGN_DIALER.user, password: CAMPAIGN_DIALER.password },
    },
  );
  const campaignB = b.id;
  expect(b.dialer).toEqual({ fromUser: CAMPAIGN_DIALER.user, passwordSet: true });
  const addContact = async (campaignId: string, name: string, number: string) => {
    await api.call('POST', `/campaigns/${campaignId}/contacts`, {
      contacts: [{ phone: e164(number), name }],
    });
    const listed = await api.call<{ contacts: Array<{ id: string; name: string }> }>(
      'GET',
      `/campaigns/${campaignId}/contacts?limit=1000`,
    );
    return listed.contacts.find((c) => c.name === name)!.id;
  };
  const firstOfB = await addContact(campaignB, 'B customer 1', NUMBERS.tone);
  const status = () => api.call<DialerStatus>('GET', '/dialer/status');
  const ofB = async () => (await status()).campaigns?.find((c) => c.campaignId === campaignB);

  // ── B, its own account: registered beside the server-wide one, its own caller ID, placed as `sales` ──
  let kamailioSince = stack.logs().kamailio?.length ?? 0;
  await rig.goReady();
  await api.call('POST', `/campaigns/${campaignB}/start`);
  await expect.poll(async () => (await ofB())?.registration, { timeout: 15_000 }).toBe('registered');
  expect(registeredAors(stack)).toEqual(expect.arrayContaining([DIALER.user, CAMPAIGN_DIALER.user]));
  const fromB = await putThrough(stack, page, 'B customer 1');
  expect(fromB).toContain(`sip:${CAMPAIGN_B_CALLER_ID}@`);
  expect(dialerInvites(stack, kamailioSince).filter((i) => i.to === e164(NUMBERS.tone))).toEqual([
    { from: CAMPAIGN_B_CALLER_ID, to: e164(NUMBERS.tone), account: CAMPAIGN_DIALER.user },
  ]);

  // ── while the operator is in after-call work, B's password goes wrong: Kamailio refuses it, B stops ──
  await api.call('PATCH', `/campaigns/${campaignB}`, { dialer: { password: 'not-the-password' } });
  // Polled whole, so a failure shows what the status said instead.
  await expect
    .poll(() => ofB(), { timeout: 30_000 })
    .toMatchObject({
      canDial: false,
      registration: 'not_registered',
      problem: { code: 'dialer_auth_refused' },
    });
  expect((await ofB())!.problem?.params?.detail).toMatch(/REGISTER: 401, wrong user or password/);
  // The server-wide account is untouched.
  expect(await status()).toMatchObject({ canDial: true, registration: 'registered', problem: null });
  // A number of its own (a campaign refuses the same number twice); it is never dialled.
  const secondOfB = await addContact(campaignB, 'B customer 2', NUMBERS.echo);
  await completeAcw(page);
  await expect.poll(() => api.state(firstOfB), { timeout: 15_000 }).toBe('SUCCESS');

  // ── A, the server-wide account, dials on: its From is the server's caller ID, placed as `dialer` ──
  kamailioSince = stack.logs().kamailio?.length ?? 0;
  await rig.startCampaign();
  const fromA = await putThrough(stack, page, `Customer 1 (${NUMBERS.tone})`);
  expect(fromA).toContain(`sip:${SERVER_CALLER_ID}@`);
  await completeAcw(page);
  await expect.poll(() => api.state(rig!.contactIds[0]!), { timeout: 15_000 }).toBe('SUCCESS');
  // Every new INVITE since B was refused (customers' and the operator's legs) came from the server-wide account.
  const invites = dialerInvites(stack, kamailioSince);
  expect(invites).toContainEqual({ from: SERVER_CALLER_ID, to: e164(NUMBERS.tone), account: DIALER.user });
  expect(invites.every((i) => i.account === DIALER.user)).toBe(true);

  // B placed nothing while A was dialled, talked to and completed: its new contact was never tried.
  expect(await api.contact(secondOfB)).toMatchObject({ state: 'INITIAL', attempts: 0 });
  expect((await api.call<{ status: string }>('GET', `/campaigns/${campaignB}`)).status).toBe('RUNNING');
  expect(await ofB()).toMatchObject({ problem: { code: 'dialer_auth_refused' } });
});
