import {
  test,
  expect,
  expectRegistered,
  dial,
  remoteLevel,
  currentSipCallId,
  USER,
  PASSWORD,
} from './softphone-fixture';

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD }],
    customers: {
      '2001': { action: 'answer', afterMs: 300, media: { play: { tone: 440 }, record: true } },
      '2183': {
        action: 'answer',
        afterMs: 8000,
        earlyMedia: true,
        media: { play: { tone: 440 }, record: true },
      },
      '2486': { action: 'reject', code: 486, ringFirst: true, afterMs: 300 },
      '2603': { action: 'reject', code: 603, ringFirst: true, afterMs: 300 },
      '2480': { action: 'reject', code: 480, afterMs: 100 },
      '2408': { action: 'ring', timeoutMs: 2000 },
    },
  },
});

test('an answered call carries audio both ways and lands in the history', async ({ rig, mockSip }) => {
  const { page } = rig;
  await expectRegistered(rig);
  await dial(page, '20-01');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  await expect(page.getByTestId('call-timer')).toHaveText(/00:0[1-9]/, { timeout: 10_000 });
  // What the operator hears: the customer's 440 Hz tone.
  await expect.poll(() => remoteLevel(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  // What the customer hears: our fake microphone's 1 kHz tone, as mock-sip recorded it.
  const sipCallId = await currentSipCallId(page);
  expect(sipCallId).toBeTruthy();
  await expect
    .poll(() => mockSip.mediaReport(sipCallId!)?.recentRms ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(0.02);
  await expect(page.getByTestId('call-quality')).toContainText('MOS', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByTestId('last-call')).toBeVisible();
  await expect.poll(() => mockSip.calls().find((c) => c.sipCallId === sipCallId)?.state).toBe('ended');

  await page.getByRole('button', { name: 'History' }).click();
  const row = page.getByTestId('history-row').first();
  await expect(row).toHaveAttribute('data-outcome', 'answered');
  await expect(row).toContainText('2001');
  await expect(row).toContainText(/\d\.\d/); // MOS kept in the record
  // Redial from the history places the same call again.
  await row.getByRole('button', { name: 'Redial 2001' }).click();
  await expect
    .poll(() => mockSip.calls().filter((c) => c.to.includes('2001')).length, { timeout: 15_000 })
    .toBe(2);
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Hang up' }).click();
});

test('early media (183) is heard while it rings, and Cancel stops the call', async ({ rig, mockSip }) => {
  const { page } = rig;
  await expectRegistered(rig);
  await dial(page, '2183');
  await expect(page.getByTestId('call-state')).toHaveText(/Ringing/, { timeout: 20_000 });
  await expect.poll(() => remoteLevel(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  await expect(page.getByTestId('call-state')).toHaveText(/Ringing/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('last-call')).toContainText(/cancelled/i);
  await expect.poll(() => mockSip.events().some((e) => e.type === 'call_cancelled')).toBe(true);
});

const failures: Array<{ number: string; text: RegExp; outcome: string; code: number | null }> = [
  { number: '2486', text: /busy/i, outcome: 'rejected', code: 486 },
  { number: '2603', text: /declined/i, outcome: 'rejected', code: 603 },
  { number: '2480', text: /unavailable/i, outcome: 'unreachable', code: 480 },
  { number: '2408', text: /nobody answered|no answer/i, outcome: 'unreachable', code: 408 },
];

for (const f of failures) {
  test(`${f.number}: the operator sees why (${f.outcome}${f.code ? `, ${f.code}` : ''})`, async ({ rig }) => {
    const { page } = rig;
    await expectRegistered(rig);
    await dial(page, f.number);
    await expect(page.getByTestId('last-call')).toContainText(f.text, { timeout: 20_000 });
    if (f.code) await expect(page.getByTestId('last-call')).toContainText(String(f.code));
    const record = await page.evaluate(() => window.dialdeck!.listCallHistory({ limit: 1 }));
    expect(record[0]).toMatchObject({ outcome: f.outcome, sipCode: f.code, direction: 'outbound' });
  });
}

test('microphone missing: the call fails with a clear message and never reaches the PBX', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  await expectRegistered(rig);
  // A device id that does not exist makes getUserMedia fail with OverconstrainedError, as an unplugged headset does.
  await page.evaluate(() => window.dialdeckTest!.phone.setDevice('microphone', 'unplugged-headset'));
  await dial(page, '2001');
  await expect(page.getByTestId('last-call')).toContainText(/microphone/i, { timeout: 20_000 });
  expect(mockSip.calls()).toHaveLength(0);
  const record = await page.evaluate(() => window.dialdeck!.listCallHistory({ limit: 1 }));
  expect(record[0]).toMatchObject({ outcome: 'dial_failed', dialFailureReason: 'no_input_device' });
});
