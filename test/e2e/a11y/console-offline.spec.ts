/**
 * The console's states around going Ready, scanned with axe-core against a real campaign server behind a relay
 * the test can refuse: the server unreachable (the operator-token form of a shared server shown), the check
 * before Ready failing while offline (microphone and campaign server), and failing once connected again (the
 * microphone alone). The workstation's microphone is denied throughout, as a browser that blocked it would.
 */
import type { Page } from '@playwright/test';
import { test, expect } from '../console/console-fixture';
import { scan } from './axe';

async function denyMicrophone(page: Page): Promise<void> {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () =>
      Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
}

test.use({ beforeLoad: { run: denyMicrophone }, startCampaign: false });

test('console offline, and the check before Ready failing: no serious or critical axe violations', async ({
  rig,
}) => {
  test.setTimeout(180_000);
  const { page } = rig;
  const connection = page.getByTestId('campaign-connection');
  rig.relay.cut(10 * 60_000);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Console' }).click();
  await expect(connection).toHaveAttribute('data-status', 'offline', { timeout: 30_000 });
  await expect(connection.getByRole('button', { name: 'Retry now' })).toBeVisible();
  await expect(connection.getByLabel('Operator token')).toBeVisible();
  // Only the words are live: the buttons and the token field stay out of the status region.
  const live = connection.getByRole('status').filter({ hasText: 'Offline' });
  await expect(live).toContainText('Cannot reach the campaign server');
  await expect(live.locator('input, button')).toHaveCount(0);
  await scan(page, 'console (campaign server offline, operator token form)');

  const console = rig.console();
  await console.getByRole('button', { name: /^Ready/ }).click();
  const preflight = page.getByTestId('preflight');
  await expect(preflight).toBeVisible({ timeout: 30_000 });
  await expect(preflight.getByTestId('preflight-microphone')).toHaveAttribute('data-ok', '0');
  await expect(preflight.getByTestId('preflight-campaign')).toHaveAttribute('data-ok', '0');
  await scan(page, 'console (offline, check before Ready failed)');

  rig.relay.cut(0);
  await connection.getByRole('button', { name: 'Retry now' }).click();
  await expect(connection).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
  await console.getByRole('button', { name: /^Ready/ }).click();
  await expect(preflight.getByTestId('preflight-campaign')).toHaveAttribute('data-ok', '1', {
    timeout: 30_000,
  });
  await expect(preflight.getByTestId('preflight-microphone')).toContainText('Microphone access is blocked');
  await expect(page.getByTestId('operator-status')).not.toHaveText('Ready');
  await scan(page, 'console (connected, check before Ready failed: microphone)');
});
