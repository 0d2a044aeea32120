import { test, expect, expectRegistered, dial, currentSipCallId, USER, PASSWORD } from './softphone-fixture';

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD }],
    defaultCustomer: { action: 'answer', afterMs: 100, media: { play: { tone: 440 }, record: true } },
  },
});

async function connectedCall(rig: Parameters<Parameters<typeof test>[2]>[0]['rig']) {
  await expectRegistered(rig);
  await dial(rig.page, '3001');
  await expect(rig.page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  const sipCallId = await currentSipCallId(rig.page);
  expect(sipCallId).toBeTruthy();
  return sipCallId!;
}

test('mute sends silence to the far end; unmute brings the voice back', async ({ rig, mockSip }) => {
  const id = await connectedCall(rig);
  const level = () => mockSip.mediaReport(id)?.recentRms ?? 0;
  await expect.poll(level, { timeout: 15_000 }).toBeGreaterThan(0.02);
  await rig.page.getByRole('button', { name: 'Mute' }).click();
  await expect(rig.page.getByRole('button', { name: 'Unmute' })).toBeVisible();
  await expect.poll(level, { timeout: 15_000 }).toBeLessThan(0.005);
  await rig.page.getByRole('button', { name: 'Unmute' }).click();
  await expect.poll(level, { timeout: 15_000 }).toBeGreaterThan(0.02);
});

test('hold and resume: one re-INVITE each, the operator sees the state', async ({ rig, mockSip }) => {
  await connectedCall(rig);
  await rig.page.getByRole('button', { name: 'Hold' }).click();
  await expect(rig.page.getByTestId('call-state')).toHaveText(/On hold/, { timeout: 15_000 });
  await rig.page.getByRole('button', { name: 'Resume' }).click();
  await expect(rig.page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 15_000 });
  // mock-sip saw our re-INVITEs: a=sendonly (held), then a=sendrecv (answered again).
  const moves = mockSip
    .events()
    .filter((e) => (e.type === 'call_held' || e.type === 'call_answered') && e.by === 'remote');
  expect(moves.map((e) => e.type)).toEqual(['call_held', 'call_answered']);
});

for (const mode of ['rfc2833', 'info'] as const) {
  test.describe(`DTMF by ${mode}`, () => {
    test.use({ phoneSettings: { dtmf: { mode } } });
    test('the digits pressed on the keypad reach the far end', async ({ rig, mockSip }) => {
      const id = await connectedCall(rig);
      for (const d of ['1', '2', '#']) await rig.page.getByRole('button', { name: `DTMF ${d}` }).click();
      await expect(rig.page.getByTestId('dtmf-sent')).toContainText('12#');
      await expect
        .poll(() => (mockSip.mediaReport(id)?.dtmf ?? []).map((d) => d.digit).join(''), { timeout: 15_000 })
        .toBe('12#');
      expect((mockSip.mediaReport(id)?.dtmf ?? []).every((d) => d.via === mode)).toBe(true);
    });
  });
}

test('switching the microphone mid-call keeps audio flowing without renegotiation', async ({
  rig,
  mockSip,
}) => {
  const id = await connectedCall(rig);
  const { page } = rig;
  const mics = await page.evaluate(
    async () => (await window.dialdeckTest!.phone.refreshDevices()).microphones,
  );
  const other = mics.find((m) => m.id !== 'default' && m.id !== 'communications');
  expect(other, `Chromium's fake devices: ${JSON.stringify(mics)}`).toBeTruthy();
  const before = await page.evaluate(() => window.dialdeckTest!.phone.currentCall!.localTrack!.id);
  await page.getByRole('combobox', { name: 'Microphone' }).selectOption(other!.id);
  await expect
    .poll(() => page.evaluate(() => window.dialdeckTest!.phone.currentCall!.localTrack!.id))
    .not.toBe(before);
  const receivedAt = mockSip.mediaReport(id)?.packetsReceived ?? 0;
  await expect
    .poll(() => mockSip.mediaReport(id)?.packetsReceived ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(receivedAt + 50);
  await expect.poll(() => mockSip.mediaReport(id)?.recentRms ?? 0, { timeout: 15_000 }).toBeGreaterThan(0.02);
  expect(mockSip.events().filter((e) => e.by === 'remote')).toHaveLength(0);
  // The choice is kept in settings.
  await expect
    .poll(() => page.evaluate(async () => (await window.dialdeck!.getSettings()).settings.audio.microphoneId))
    .toBe(other!.id);
});

test.describe('a PBX that answers every re-INVITE with 491', () => {
  test.use({
    mockSipScenario: {
      users: [{ user: USER, password: PASSWORD }],
      defaultCustomer: { action: 'answer', afterMs: 100, reInvite491: true },
    },
  });
  test('hold is retried once after RFC 3261 14.1 back-off, then the operator is told and the call goes on', async ({
    rig,
    mockSip,
  }) => {
    await connectedCall(rig);
    await rig.page.getByRole('button', { name: 'Hold' }).click();
    await expect(rig.page.getByRole('alert').filter({ hasText: /refused to hold/ })).toBeVisible({
      timeout: 20_000,
    });
    // JsSIP's dialog layer re-sends once after 1 s by itself; the phone adds one retry after 2.1–4 s: 2 × 2.
    const refused = mockSip.events().filter((e) => e.type === 'reinvite_refused');
    expect(refused).toHaveLength(4);
    const gap = Date.parse(refused[2]!.at) - Date.parse(refused[1]!.at);
    expect(gap).toBeGreaterThanOrEqual(2000);
    await expect(rig.page.getByTestId('call-state')).toHaveText(/Connected/);
    expect(mockSip.calls()[0]?.state).toBe('answered');
  });
});

test('a chosen microphone that disappears falls back to the default, and the operator is told', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  await expectRegistered(rig);
  await page.evaluate(() => window.dialdeckTest!.phone.setDevice('microphone', 'headset-that-was-unplugged'));
  // What the OS does when a headset is pulled out.
  await page.evaluate(() => navigator.mediaDevices.dispatchEvent(new Event('devicechange')));
  await expect(page.getByTestId('device-notice')).toContainText(
    /microphone “headset-that-was-unplugged” was disconnected/i,
    {
      timeout: 15_000,
    },
  );
  await expect(page.getByRole('combobox', { name: 'Microphone' })).toHaveValue('default');
  // Calls go out on the default microphone.
  await dial(page, '3002');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  const id = await currentSipCallId(page);
  await expect
    .poll(() => mockSip.mediaReport(id!)?.recentRms ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(0.02);
});
