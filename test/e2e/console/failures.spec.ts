/**
 * Contacts that do not end in a conversation: busy customers and retries, and dial failures from the
 * workstation and the PBX, reported with their reason and diagnostics.
 */
import type { Page } from '@playwright/test';
import { test, expect, customer } from './console-fixture';

const users = [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }];

test.describe('a busy customer', () => {
  test.use({
    mockSipScenario: {
      users,
      customers: { [customer(1)]: { action: 'reject', code: 486, ringFirst: true, afterMs: 300 } },
    },
    campaign: {
      bcwSeconds: 0,
      retry: { maxAttempts: 2, delaySeconds: { rejected: 1, unreachable: 1, dialFailed: 1, abandoned: 1 } },
      contacts: [{ phone: customer(1), name: 'Busy Bee' }],
    },
  });

  test('busy → RETRY_SCHEDULED, offered again, and final after the last attempt', async ({ rig }) => {
    const { page } = rig;
    await rig.goReady();
    const id = rig.contactIds[0]!;
    let shownAt: string | null = null;
    for (let attempt = 1; attempt <= 2; attempt++) {
      await page
        .getByTestId('offer-panel')
        .getByRole('button', { name: /Accept/ })
        .click({ timeout: 30_000 });
      const result = page.getByTestId('last-result');
      // A new result each time (the first one may still be on screen when the second arrives).
      await expect(result).toHaveAttribute('data-at', shownAt ? new RegExp(`^(?!${shownAt}$)`) : /.+/, {
        timeout: 30_000,
      });
      await expect(result).toHaveAttribute('data-reason', 'rejected');
      await expect(result).toContainText('Busy Bee: Retry scheduled');
      shownAt = await result.getAttribute('data-at');
      await expect
        .poll(async () => (await rig.api.contact(id)).attemptHistory.map((a) => a.outcome), {
          timeout: 15_000,
        })
        .toEqual(Array(attempt).fill('rejected'));
    }
    const record = await rig.api.contact(id);
    // Attempts used up: it stays where it is with no retry time ("not reached", DOMAIN.md).
    expect(record.state).toBe('RETRY_SCHEDULED');
    expect(record.retryAt).toBeNull();
    expect(record.attempts).toBe(2);
    expect(record.attemptHistory.map((a) => [a.outcome, a.sipCode])).toEqual([
      ['rejected', 486],
      ['rejected', 486],
    ]);
    // Not offered a third time.
    await expect(page.getByTestId('waiting')).toBeVisible();
    expect(record.events.filter((e) => e.to === 'OPERATOR_ASSIGNED')).toHaveLength(2);
  });
});

test.describe('an unreachable customer on the last attempt', () => {
  test.use({
    mockSipScenario: { users, customers: { [customer(1)]: { action: 'reject', code: 480 } } },
    campaign: {
      bcwSeconds: 0,
      retry: { maxAttempts: 1 },
      contacts: [{ phone: customer(1), name: 'Away Al' }],
    },
  });

  test('unreachable (480) on the only attempt → final: RETRY_SCHEDULED with no retry time', async ({
    rig,
  }) => {
    const { page } = rig;
    await rig.goReady();
    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /Accept/ })
      .click({ timeout: 30_000 });
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-reason', 'unreachable', {
      timeout: 30_000,
    });
    const record = await rig.api.contact(rig.contactIds[0]!);
    expect(record.state).toBe('RETRY_SCHEDULED');
    expect(record.retryAt).toBeNull();
    expect(record.attemptHistory.map((a) => [a.outcome, a.sipCode])).toEqual([['unreachable', 480]]);
  });
});

test.describe('a PBX that answers 503', () => {
  test.use({
    mockSipScenario: { users, customers: { [customer(1)]: { action: 'reject', code: 503 } } },
    campaign: { bcwSeconds: 0, contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
  });

  test('PBX 503 → DIAL_FAILED with reason pbx_error and the SIP code in the diagnostics', async ({ rig }) => {
    const { page } = rig;
    await rig.goReady();
    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /Accept/ })
      .click();
    const result = page.getByTestId('last-result');
    await expect(result).toHaveAttribute('data-reason', 'pbx_error', { timeout: 30_000 });
    await expect(result.getByTestId('dial-failure')).toContainText('The PBX failed to place the call');

    const record = await rig.api.contact(rig.contactIds[0]!);
    const failed = record.events.find((e) => e.to === 'DIAL_FAILED');
    expect(failed?.reason).toBe('pbx_error');
    const attempt = record.attemptHistory[0]!;
    expect(attempt.dialFailureReason).toBe('pbx_error');
    expect(attempt.diagnostics).toMatchObject({ sipCode: 503 });
    // A PBX failure is not the workstation's: it counts as an attempt.
    expect(attempt.counts).toBe(true);
  });
});

/** Lets the test break the microphone after the preflight has passed, as a headset unplugged mid-shift would. */
async function breakableMicrophone(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    (window as unknown as { denyMicrophone: boolean }).denyMicrophone = false;
    navigator.mediaDevices.getUserMedia = (constraints) =>
      (window as unknown as { denyMicrophone: boolean }).denyMicrophone
        ? Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))
        : real(constraints);
  });
}

test.describe('a workstation whose microphone is denied', () => {
  test.use({
    beforeLoad: { run: breakableMicrophone },
    startCampaign: false,
    campaign: {
      mode: 'progressive',
      contacts: [1, 2, 3, 4].map((n) => ({ phone: customer(n), name: `Customer ${n}` })),
    },
  });

  test('microphone denied → DIAL_FAILED (microphone_denied), attempts kept, Not ready after 3 in a row', async ({
    rig,
  }) => {
    const { page } = rig;
    await rig.goReady();
    await page.evaluate(() => ((window as unknown as { denyMicrophone: boolean }).denyMicrophone = true));
    await rig.startCampaign();

    const result = page.getByTestId('last-result');
    await expect(result).toHaveAttribute('data-reason', 'microphone_denied', { timeout: 30_000 });
    await expect(result.getByTestId('dial-failure')).toContainText('Microphone access is blocked');
    await expect(page.getByTestId('operator-status')).toContainText(
      'Not ready — 3 consecutive dial failures',
      { timeout: 30_000 },
    );
    await expect(result).toContainText('fix the problem above, then go Ready');

    const records = await Promise.all(rig.contactIds.map((id) => rig.api.contact(id)));
    const failed = records.filter((r) => r.events.some((e) => e.to === 'DIAL_FAILED'));
    expect(failed).toHaveLength(3);
    for (const r of failed) {
      const a = r.attemptHistory[0]!;
      expect(a.dialFailureReason).toBe('microphone_denied');
      // The workstation's fault: the contact keeps its attempts.
      expect(a.counts).toBe(false);
      expect(r.attempts).toBe(0);
      expect(a.diagnostics).toMatchObject({
        appVersion: expect.any(String),
        os: expect.any(String),
        timestamps: expect.any(Object),
      });
      expect(
        (a.diagnostics as { devices: { microphones: unknown[] } }).devices.microphones.length,
      ).toBeGreaterThan(0);
    }
    // The fourth contact was never offered.
    expect(records.filter((r) => r.events.some((e) => e.to === 'CALLING'))).toHaveLength(3);
  });
});

test.describe('a PBX that goes away', () => {
  test.use({ campaign: { bcwSeconds: 0, contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] } });

  test('transport down → DIAL_FAILED (transport_down), and the operator is told how to fix it', async ({
    rig,
    mockSip,
  }) => {
    const { page } = rig;
    await rig.goReady();
    await expect(page.getByTestId('offer-panel')).toBeVisible({ timeout: 30_000 });
    await mockSip.stop();
    await expect(page.getByTestId('console-registration')).not.toHaveAttribute('data-state', 'registered', {
      timeout: 30_000,
    });
    await page
      .getByTestId('offer-panel')
      .getByRole('button', { name: /Accept/ })
      .click();
    const result = page.getByTestId('last-result');
    await expect(result).toHaveAttribute('data-reason', /transport_down|not_registered/, { timeout: 30_000 });
    await expect(result.getByTestId('dial-failure')).toContainText(
      /connection to the PBX is down|not registered/,
    );

    const record = await rig.api.contact(rig.contactIds[0]!);
    expect(record.events.find((e) => e.to === 'DIAL_FAILED')?.reason).toMatch(
      /transport_down|not_registered/,
    );
    expect(record.attemptHistory[0]!.counts).toBe(false);
  });
});
