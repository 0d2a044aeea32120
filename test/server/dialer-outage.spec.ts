/**
 * The predictive dialer when its PBX goes away (found by the all-day soak, test/server/soak-day.spec.ts): a call
 * the PBX forgot does not ring forever, an unreachable PBX does not take the whole list to RETRY_SCHEDULED, and
 * once the PBX is back its events reach the engine again. mock-sip is the PBX, restarted on its own ports.
 */
import { test, expect } from '@playwright/test';
import { startMockSip, type MockSip, type ScenarioInput } from '../../mock-sip/index';
import { MockSipDialer, startCampaignServer } from '../../server/index';
import { startPostgres } from '../support/postgres';
import { Api, TestOperator } from './support';

test.describe.configure({ timeout: 180_000 });

const ringing = '+12025550301';
const busy = (i: number) => `+1202555${String(1000 + i)}`;

test('a PBX restart: the forgotten call is given back after its ring timeout, pacing holds off while the PBX is down, and events flow again after', async () => {
  const scenario: ScenarioInput = {
    customers: { [ringing]: { action: 'ring', timeoutMs: 120_000 } },
    defaultCustomer: { action: 'reject', code: 486, afterMs: 200 },
  };
  let sip: MockSip = await startMockSip({ scenario });
  const ports = {
    wsPort: Number(new URL(sip.wsUrl).port),
    controlPort: Number(new URL(sip.controlUrl).port),
  };
  const pg = await startPostgres();
  const server = await startCampaignServer({
    database: { kind: 'postgres', url: pg.url },
    dialer: new MockSipDialer({ baseUrl: sip.controlUrl }),
  });
  try {
    const api = new Api(server.url, server.adminToken);
    const op = await api.ok<{ token: string }>('POST', '/operators', {
      login: 'pia',
      name: 'Pia',
      sipUser: '1001',
    });
    const k = await api.ok<{ id: string }>('POST', '/campaigns', {
      name: 'Outage',
      mode: 'predictive',
      operators: ['pia'],
      predictive: { ringTimeoutSeconds: 15, maxRatio: 3 },
    });
    await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone: ringing }] });
    await api.ok('POST', `/campaigns/${k.id}/start`);
    const pia = new TestOperator(server.url, 'pia', op.token);
    await pia.connect();
    pia.send({ type: 'setReady' });
    // As the app's host does, so the server keeps the operator connected through the test.
    const beat = setInterval(() => pia.send({ type: 'heartbeat', requestId: 'hb' }), 3_000);
    const contacts = async () =>
      (
        await api.ok<{ contacts: Array<{ id: string; phone: string; state: string; attempts: number }> }>(
          'GET',
          `/campaigns/${k.id}/contacts?limit=100`,
        )
      ).contacts;
    await expect.poll(async () => (await contacts())[0]?.state, { timeout: 30_000 }).toBe('CALLING');

    // The PBX loses the ringing call without a word (as a crash would), then goes down.
    const lostCall = sip.calls().find((c) => c.kind === 'originate' && c.to === ringing)!;
    await fetch(`${sip.controlUrl}/calls/${lostCall.id}/forget`, { method: 'POST' });
    const lostAt = Date.now();
    await sip.stop();
    // Twenty more customers while the PBX is down: every originate fails at once.
    await api.ok('POST', `/campaigns/${k.id}/contacts`, {
      contacts: Array.from({ length: 20 }, (_, i) => ({ phone: busy(i) })),
    });
    await new Promise((r) => setTimeout(r, 5_000));
    const duringOutage = await contacts();
    // Pacing backs off after a failed originate (1 s, then 2 s, …): a few dial failures, not the whole list.
    expect(
      duringOutage.filter((c) => c.phone !== ringing && c.state !== 'INITIAL').length,
    ).toBeLessThanOrEqual(4);

    sip = await startMockSip({ scenario, ...ports });
    // The forgotten call leaves CALLING once its ring timeout and the dialer's margin have passed; it is not
    // counted as an attempt (its fate is unknown) and comes back later.
    await expect
      .poll(async () => (await contacts()).find((c) => c.phone === ringing)?.state, { timeout: 60_000 })
      .toBe('RETRY_SCHEDULED');
    expect(Date.now() - lostAt).toBeGreaterThan(15_000);
    expect((await contacts()).find((c) => c.phone === ringing)?.attempts).toBe(0);
    // The PBX is back: new calls are placed and their rejections reach the engine (the event stream reopened).
    await expect
      .poll(
        async () =>
          (await contacts()).filter(
            (c) => c.phone !== ringing && c.state === 'RETRY_SCHEDULED' && c.attempts === 1,
          ).length,
        { timeout: 60_000 },
      )
      .toBeGreaterThan(0);
    clearInterval(beat);
    await pia.close();
  } finally {
    await server.stop();
    await sip.stop();
    await pg.stop();
  }
});
