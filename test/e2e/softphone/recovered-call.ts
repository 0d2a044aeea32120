/**
 * What the net-recovery specs share: a connected call with audio, the page's note of when it started and ended
 * recovering, the call's "Reconnecting…" line, the page put to sleep, and the check that the same call came back
 * with audio both ways.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, dial, currentSipCallId, remoteLevel, expectRegistered, USER } from './softphone-fixture';
import { packetsHeard } from '../../support/dead-air-probe';
import type { MockSip } from '../../../mock-sip/index';

export type Noted = { recoveryNote?: { startedAt?: number; recoveredAt?: number; afterMs?: number } };

export async function connectedCall(rig: { page: Page }) {
  const { page } = rig;
  await dial(page, '2001');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  await expect.poll(() => remoteLevel(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  await expect.poll(() => packetsHeard(page), { timeout: 15_000 }).toBeGreaterThan(50);
  const sipCallId = await currentSipCallId(page);
  expect(sipCallId).toBeTruthy();
  return sipCallId!;
}

/** Registered, a connected call with audio, and its recovery noted (noteRecovery): the start of most tests here. */
export async function watchedCall(rig: Parameters<typeof expectRegistered>[0]) {
  await expectRegistered(rig);
  const sipCallId = await connectedCall(rig);
  await noteRecovery(rig.page);
  return sipCallId;
}

/** Notes in the page when the current call starts recovering ("Reconnecting…") and when it is back. */
export function noteRecovery(page: Page) {
  return page.evaluate(() => {
    const call = window.dialdeckTest!.phone.currentCall!;
    const note: NonNullable<Noted['recoveryNote']> = ((window as Noted).recoveryNote = {});
    call.on('warning', (w) => {
      if (w.code === 'reconnecting') note.startedAt ??= Date.now();
    });
    call.on('recovered', ({ afterMs }) => {
      note.recoveredAt = Date.now();
      note.afterMs = afterMs;
    });
  });
}

/** The call's own "Reconnecting…" line (the registration badge says it too, for the line as a whole). */
export function callReconnecting(page: Page) {
  return page.getByRole('alert').getByText(/^Reconnecting… the /);
}

/** What mock-sip (the customer) has received from the operator so far. */
export async function heardByCustomer(mockSip: MockSip, sipCallId: string): Promise<number> {
  const res = await fetch(`${mockSip.controlUrl}/calls/${encodeURIComponent(sipCallId)}/media`);
  return ((await res.json()) as { packetsReceived: number }).packetsReceived;
}

/**
 * After a recovery: registered again over the new connection (mock-sip moved the dialog to it), the same call
 * connected, audio both ways, and the operator's hang-up reaches the customer.
 */
export async function expectSameCallBack(
  rig: { page: Page; registration: () => Locator },
  mockSip: MockSip,
  sipCallId: string,
) {
  const { page } = rig;
  await expect(callReconnecting(page)).toHaveCount(0);
  await expect(rig.registration()).toHaveAttribute('data-state', 'registered');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/);
  expect(await currentSipCallId(page)).toBe(sipCallId);
  expect(mockSip.events().some((e) => e.type === 'flow_replaced' && e.user === USER)).toBe(true);

  const heardBefore = await packetsHeard(page);
  const customerBefore = await heardByCustomer(mockSip, sipCallId);
  await expect.poll(() => packetsHeard(page), { timeout: 10_000 }).toBeGreaterThan(heardBefore + 50);
  await expect
    .poll(() => heardByCustomer(mockSip, sipCallId), { timeout: 10_000 })
    .toBeGreaterThan(customerBefore + 50);
  await page.getByRole('button', { name: 'Hang up' }).click();
  await mockSip.waitForEvent((e) => e.type === 'call_ended' && e.reason === 'remote hung up', 10_000);
}

/**
 * Puts the page to sleep for `ms` while `meanwhile` runs: the debugger pauses its script at the next task, so every
 * timer, socket event and callback waits (the closest a browser test comes to a suspended machine; the media stack
 * below the page runs on). Returns when it went to sleep and when it woke.
 */
export async function sleepPage(
  page: Page,
  ms: number,
  meanwhile: () => Promise<void>,
): Promise<{ frozenAt: number; wokeAt: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Debugger.enable');
  await cdp.send('Debugger.pause');
  const frozenAt = Date.now();
  await meanwhile();
  await new Promise((r) => setTimeout(r, ms));
  const wokeAt = Date.now();
  await cdp.send('Debugger.resume');
  await cdp.send('Debugger.disable');
  return { frozenAt, wokeAt };
}
