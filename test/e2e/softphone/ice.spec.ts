import { createSocket, type Socket } from 'node:dgram';
import { test, expect, expectRegistered, dial } from './softphone-fixture';

/** A STUN server that never answers: a UDP port on loopback that swallows every packet. */
let blackHole: Socket;
let port = 0;
test.beforeAll(async () => {
  blackHole = createSocket('udp4');
  blackHole.on('message', () => {});
  await new Promise<void>((resolve) => blackHole.bind(0, '127.0.0.1', () => resolve()));
  port = blackHole.address().port;
});
test.afterAll(() => blackHole.close());

test.describe('unreachable STUN server', () => {
  test.use({ phoneSettings: {} });
  test('the INVITE still leaves at once and the call connects', async ({ rig, mockSip }) => {
    const { page } = rig;
    await page.evaluate(
      (p) => window.dialdeck!.updateSettings({ ice: { servers: [{ urls: [`stun:127.0.0.1:${p}`] }] } }),
      port,
    );
    await expectRegistered(rig);
    await dial(page, '4001');
    await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
    const t = await page.evaluate(() => window.dialdeckTest!.phone.currentCall!.timings);
    // Stock JsSIP waits for gathering to time out (~40 s); the benchmark reports the exact figure.
    expect(t.inviteSentAt! - t.requestedAt).toBeLessThan(2000);
    expect(mockSip.calls()).toHaveLength(1);
    await page.getByRole('button', { name: 'Hang up' }).click();
  });
});
