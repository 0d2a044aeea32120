/**
 * A call survives a dropped WebSocket (issue 12, item 1): the operator sees "Reconnecting…", the phone comes back
 * over a new connection (RFC 5626: mock-sip moves the dialog to the new flow), registers, and restarts ICE with a
 * re-INVITE; the customer is heard again and hears the operator. When the PBX has lost the call meanwhile, the
 * call ends with that reason (481) instead of leaving dead air.
 */
import {
  test,
  expect,
  expectRegistered,
  currentSipCallId,
  remoteLevel,
  USER,
  PASSWORD,
} from './softphone-fixture';
import { packetsHeard } from '../../support/dead-air-probe';
import { osNetworkUp } from '../../support/os-network';
import {
  callReconnecting,
  connectedCall,
  expectSameCallBack,
  heardByCustomer,
  noteRecovery,
  sleepPage,
  watchedCall,
  type Noted,
} from './recovered-call';

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD }],
    customers: { '2001': { action: 'answer', afterMs: 200, media: { play: { tone: 440 }, record: true } } },
  },
});

test('the WebSocket drops mid-call: "Reconnecting…", then the call goes on with audio both ways', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  const sipCallId = await watchedCall(rig);

  const droppedAt = Date.now();
  const dropped = await fetch(`${mockSip.controlUrl}/users/${USER}/drop`, { method: 'POST' });
  expect(await dropped.json()).toEqual({ flowsDropped: 1 });
  await expect(callReconnecting(page)).toBeVisible({ timeout: 5_000 });

  // Back: the warning goes, the call is still the same connected call.
  await expect(callReconnecting(page)).toHaveCount(0, { timeout: 15_000 });
  const note = await page.evaluate(() => (window as Noted).recoveryNote!);
  expect(note.recoveredAt).toBeDefined();
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/);
  expect(await currentSipCallId(page)).toBe(sipCallId);
  console.log(
    `WebSocket dropped mid-call → recovered (registered again, ICE-restart re-INVITE answered, audio flowing): ` +
      `${note.recoveredAt! - droppedAt} ms after the drop (mock-sip)`,
  );

  // mock-sip saw the same instance come back, moved the dialog to the new connection and restarted ICE.
  const events = mockSip.events();
  expect(events.some((e) => e.type === 'flow_replaced' && e.user === USER)).toBe(true);
  expect(events.some((e) => e.type === 'ice_restart')).toBe(true);

  // Audio both ways after the recovery: the operator hears the customer, the customer hears the operator.
  const heardBefore = await packetsHeard(page);
  const customerBefore = await heardByCustomer(mockSip, sipCallId);
  await expect.poll(() => packetsHeard(page), { timeout: 10_000 }).toBeGreaterThan(heardBefore + 50);
  await expect.poll(() => remoteLevel(page), { timeout: 10_000 }).toBeGreaterThan(0.02);
  await expect
    .poll(() => heardByCustomer(mockSip, sipCallId), { timeout: 10_000 })
    .toBeGreaterThan(customerBefore + 50);

  // The operator still controls the call over the new connection: hanging up reaches the customer.
  await page.getByRole('button', { name: 'Hang up' }).click();
  await mockSip.waitForEvent((e) => e.type === 'call_ended' && e.reason === 'remote hung up', 10_000);
  const end = await page.evaluate(() => window.dialdeckTest?.calls.at(-1)?.end ?? null);
  expect(end).toMatchObject({ outcome: 'answered', originator: 'local' });
});

test('the PBX lost the call while the WebSocket was down: the call ends with that reason (481)', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  await expectRegistered(rig);
  const sipCallId = await connectedCall(rig);

  const droppedAt = Date.now();
  await fetch(`${mockSip.controlUrl}/users/${USER}/drop`, { method: 'POST' });
  // The PBX restarts without its dialogs while the phone is away: its re-INVITE will get 481.
  const forgot = await fetch(`${mockSip.controlUrl}/calls/${encodeURIComponent(sipCallId)}/forget`, {
    method: 'POST',
  });
  expect(await forgot.json()).toEqual({ forgotten: true });
  await expect(callReconnecting(page)).toBeVisible({ timeout: 5_000 });

  const last = page.getByTestId('last-call');
  await expect(last).toContainText('481', { timeout: 15_000 });
  console.log(
    `PBX lost the call during the drop → call ended (481): ${Date.now() - droppedAt} ms after the drop`,
  );
  const end = await page.evaluate(() => window.dialdeckTest?.calls.at(-1)?.end ?? null);
  expect(end).toMatchObject({ outcome: 'answered', sipCode: 481, originator: 'remote' });
  // It was the recovery re-INVITE that learned it (an INVITE answered 481 inside the call's dialog).
  const invites481 = mockSip
    .events()
    .filter(
      (e) => e.type === 'sip' && e.sipCallId === sipCallId && e.method === 'INVITE' && e.status === 481,
    );
  expect(invites481.length).toBeGreaterThan(0);
  await expect(rig.registration()).toHaveAttribute('data-state', 'registered');
});

test('the media relay restarts mid-call: ICE restart, and the audio comes back within the bound', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  const sipCallId = await watchedCall(rig);

  const cutAt = Date.now();
  const cut = await fetch(`${mockSip.controlUrl}/calls/${encodeURIComponent(sipCallId)}/media-outage`, {
    method: 'POST',
  });
  expect(await cut.json()).toEqual({ cut: true });
  // The line shows while ICE restarts (about a second here): the page's note is the witness that it came.
  await page.waitForFunction(() => (window as Noted).recoveryNote?.startedAt !== undefined, null, {
    timeout: 15_000,
  });
  await page.waitForFunction(() => (window as Noted).recoveryNote?.recoveredAt !== undefined, null, {
    timeout: 20_000,
  });
  await expect(callReconnecting(page)).toHaveCount(0);
  const heardAgainFrom = await packetsHeard(page);
  await expect.poll(() => packetsHeard(page), { timeout: 10_000 }).toBeGreaterThan(heardAgainFrom + 25);
  const note = await page.evaluate(() => (window as Noted).recoveryNote!);
  const warnings = await page.evaluate(() =>
    window.dialdeckTest?.phone.currentCall?.warnings.map((w) => w.message.key),
  );
  expect(warnings).not.toContain('call.recovery.mediaRestart');
  console.log(
    `media relay restart → recovery started ${note.startedAt! - cutAt} ms after the cut, ` +
      `recovered ${note.recoveredAt! - cutAt} ms after it (ICE restart ${Math.round(note.afterMs!)} ms) (mock-sip)`,
  );
  expect(mockSip.events().some((e) => e.type === 'ice_restart')).toBe(true);
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/);
  await expect.poll(() => remoteLevel(page), { timeout: 10_000 }).toBeGreaterThan(0.02);
  const customerBefore = await heardByCustomer(mockSip, sipCallId);
  await expect
    .poll(() => heardByCustomer(mockSip, sipCallId), { timeout: 10_000 })
    .toBeGreaterThan(customerBefore + 50);
  await page.getByRole('button', { name: 'Hang up' }).click();
});

test('the browser goes offline mid-call, then online: "Reconnecting…" at once, then the call goes on with audio both ways', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  osNetworkUp();
  await expect
    .poll(() => page.evaluate(() => navigator.onLine), {
      timeout: 10_000,
      message: 'the OS reports a network',
    })
    .toBe(true);
  // The link coming up may renew the connection (a new kind of network): wait until it settled.
  await expectRegistered(rig);
  const sipCallId = await connectedCall(rig);
  await noteRecovery(page);

  // The OS says the network is gone (window `offline`): the phone drops its socket without waiting for TCP.
  const offlineAt = Date.now();
  await page.context().setOffline(true);
  await expect(callReconnecting(page)).toBeVisible({ timeout: 5_000 });
  const reconnectingMs = Date.now() - offlineAt;
  await expect(rig.registration()).not.toHaveAttribute('data-state', 'registered');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/);

  // Back (window `online`): reconnect at once, register, restart ICE; the same call goes on.
  const onlineAt = Date.now();
  await page.context().setOffline(false);
  await page.waitForFunction(() => (window as Noted).recoveryNote?.recoveredAt !== undefined, null, {
    timeout: 20_000,
  });
  const note = await page.evaluate(() => (window as Noted).recoveryNote!);
  console.log(
    `browser offline mid-call → "Reconnecting…" within ${reconnectingMs} ms; online → recovered ` +
      `${note.recoveredAt! - onlineAt} ms after it (mock-sip)`,
  );
  await expectSameCallBack(rig, mockSip, sipCallId);
});

test('the workstation sleeps mid-call and the PBX drops its connection meanwhile: on resume "Reconnecting…", then the call goes on with audio both ways', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  const sipCallId = await watchedCall(rig);

  // Asleep, as the page sees it. Meanwhile the PBX gives up on the silent connection and closes it, so the phone
  // learns of the close only when it wakes.
  const { frozenAt, wokeAt } = await sleepPage(page, 5_000, async () => {
    const dropped = await fetch(`${mockSip.controlUrl}/users/${USER}/drop`, { method: 'POST' });
    expect(await dropped.json()).toEqual({ flowsDropped: 1 });
  });

  // Awake: the phone finds its socket closed, reconnects, registers and restarts ICE; the same call goes on.
  await page.waitForFunction(() => (window as Noted).recoveryNote?.recoveredAt !== undefined, null, {
    timeout: 20_000,
  });
  const note = await page.evaluate(() => (window as Noted).recoveryNote!);
  // Nothing ran in the page while it slept: the recovery started only when it woke.
  expect(note.startedAt).toBeGreaterThanOrEqual(wokeAt - 100);
  console.log(
    `workstation asleep ${wokeAt - frozenAt} ms mid-call, connection dropped meanwhile → recovered ` +
      `${note.recoveredAt! - wokeAt} ms after waking (mock-sip)`,
  );
  await expectSameCallBack(rig, mockSip, sipCallId);
});
