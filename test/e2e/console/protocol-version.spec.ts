/**
 * A campaign server of another protocol major version: the console says which side is too old and stops
 * retrying. The server's refusal itself is proven against the real server (test/server/engine-scenarios.ts);
 * a real server of another version cannot run in this build, so here a small WebSocket server answers `hello`
 * the way a newer server does.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { OPERATOR_CHANNEL_PROTOCOL_VERSION, OPERATOR_CHANNEL_PATH } from '../../../core/operator-channel';
import { OPERATOR, expect, test } from './console-fixture';

test('a campaign server of a newer protocol: the console says this Dialdeck is too old and what to do', async ({
  rig,
}) => {
  const newer = OPERATOR_CHANNEL_PROTOCOL_VERSION + 1;
  const hellos: Array<Record<string, unknown>> = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: OPERATOR_CHANNEL_PATH });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const hello = JSON.parse(String(data)) as Record<string, unknown>;
      hellos.push(hello);
      ws.send(
        JSON.stringify({
          type: 'error',
          code: 'protocol_version',
          message: `This Dialdeck is too old for the campaign server (operator channel protocol ${String(hello.protocolVersion)}, the server speaks ${newer}): update Dialdeck on this workstation.`,
        }),
      );
      ws.close(4002, 'protocol_version');
    });
  });
  try {
    rig.host.services.settings.update({
      campaignServer: {
        mode: 'remote',
        url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`,
        operatorLogin: OPERATOR,
      },
    });
    await rig.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Console' }).click();
    const bar = rig.page.getByTestId('campaign-connection');
    await expect(bar).toHaveAttribute('data-status', 'offline', { timeout: 30_000 });
    await expect(bar).toContainText(
      `This Dialdeck is too old for the campaign server (operator channel protocol ${OPERATOR_CHANNEL_PROTOCOL_VERSION}, the server speaks ${newer}): update Dialdeck on this workstation.`,
    );
    expect(hellos[0]).toMatchObject({ type: 'hello', protocolVersion: OPERATOR_CHANNEL_PROTOCOL_VERSION });
    // Retrying cannot help, so the app does not hammer the server.
    const before = hellos.length;
    await rig.page.waitForTimeout(1000);
    expect(hellos.length).toBe(before);
  } finally {
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  }
});
