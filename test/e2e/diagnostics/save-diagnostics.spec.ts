/**
 * Help → Save diagnostics… in browser mode against a real mock-sip: the phone registers with digest auth (so
 * the SIP password really was used), a real call leaves a record with quality figures, secrets are planted in
 * the logs and the token files, and the zip the operator saves is read back entry by entry.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ADMIN_TOKEN_FILE } from '../../../main/campaign/admin-token';
import { OPERATOR_TOKEN_FILE } from '../../../main/campaign/campaign-service';
import { secretForms } from '../../../main/diagnostics/redact';
import { unzipText } from '../../main/diagnostics-unzip';
import { dial, expect, expectRegistered, PASSWORD, test, USER } from '../softphone/softphone-fixture';

const ADMIN_TOKEN = 'ddk_E2eAdminTokenPlanted_0123456789abcdef';
const OPERATOR_TOKEN = 'e2e-operator-token-Planted-42';
const DIGEST = `Authorization: Digest username="${USER}", realm="mock", nonce="abc", response="9b7c1e2f3a4d5e6f70819a2b3c4d5e6f"`;

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD, displayName: 'Operator' }],
    customers: { '2001': { action: 'answer', afterMs: 200, media: { play: { tone: 440 } } } },
  },
});

test('Help → Save diagnostics writes a zip with what support needs and none of the secrets', async ({
  rig,
}) => {
  const { page, host } = rig;
  await expectRegistered(rig);
  const userDataDir = dirname(host.services.settings.path);
  writeFileSync(join(userDataDir, ADMIN_TOKEN_FILE), `${ADMIN_TOKEN}\n`);
  writeFileSync(join(userDataDir, OPERATOR_TOKEN_FILE), `${OPERATOR_TOKEN}\n`);
  // A careless log line from the page and one from the host, each carrying secrets.
  await page.evaluate(
    ([password, digest]) =>
      window.dialdeck!.writeLog({ level: 'debug', message: `REGISTER retry ${password}\n${digest}` }),
    [PASSWORD, DIGEST] as const,
  );
  host.services.log.write({
    level: 'info',
    message: `operator channel hello token=${OPERATOR_TOKEN} admin Bearer ${ADMIN_TOKEN}`,
  });

  // One real call, so the history has a record with quality figures.
  await dial(page, '2001');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  await expect(page.getByTestId('call-quality')).toContainText('MOS', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Hang up' }).click();
  await expect(page.getByTestId('last-call')).toBeVisible();

  await page.getByRole('button', { name: 'Help' }).click();
  await page.getByRole('menuitem', { name: 'Save diagnostics…' }).click();
  await expect(page.getByTestId('diagnostics-status')).toContainText('Diagnostics saved to', {
    timeout: 20_000,
  });
  const path = await page.getByTestId('diagnostics-path').textContent();
  expect(path).toMatch(/dialdeck-diagnostics-.*\.zip$/);

  const zip = await unzipText(path!);
  for (const name of [
    'README.txt',
    'versions.json',
    'settings.json',
    'policy.json',
    'audio-devices.json',
    'registration-history.json',
    'calls.json',
    'logs/dialdeck.log',
    'manifest.json',
  ])
    expect([...zip.keys()], `missing ${name}`).toContain(name);

  const forbidden = [PASSWORD, ADMIN_TOKEN, OPERATOR_TOKEN].flatMap(secretForms);
  forbidden.push('9b7c1e2f3a4d5e6f70819a2b3c4d5e6f');
  for (const [name, text] of zip)
    for (const secret of forbidden) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);

  const json = (name: string) => JSON.parse(zip.get(name)!);
  const states = json('registration-history.json').map((r: { state: string }) => r.state);
  expect(states).toContain('registered');
  const calls = json('calls.json');
  expect(calls[0]).toMatchObject({ number: expect.stringContaining('2001'), outcome: 'answered' });
  expect(calls[0].quality.mos).toBeGreaterThan(1);
  // Chromium's fake devices have labels once the microphone was allowed (the call above did that).
  expect(json('audio-devices.json').microphones.length).toBeGreaterThan(0);
  expect(json('settings.json').settings.sip.uri).toContain(`sip:${USER}@`);
  expect(json('versions.json').app.mode).toBe('browser');
  expect(zip.get('logs/dialdeck.log')).toContain('REGISTER retry [redacted]');
});
