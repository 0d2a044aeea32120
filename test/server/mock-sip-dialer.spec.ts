/**
 * The predictive dialer adapter against the real mock-sip (its originate API over HTTP and SSE), and the
 * engine placing a predictive call through it.
 */
import { test, expect } from '@playwright/test';
import { startMockSip, type MockSip } from '../../mock-sip/index';
import { MockSipDialer, startCampaignServer } from '../../server/index';
import type { DialerEvent } from '../../server/dialer/adapter';
import { Api, TestOperator } from './support';
import { startPostgres } from '../support/postgres';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let sip: MockSip;
test.beforeAll(async () => {
  sip = await startMockSip({
    scenario: {
      customers: {
        '+12025550201': { action: 'answer' },
        '+12025550202': { action: 'reject', code: 486 },
        '+12025550203': { action: 'answer', hangupAfterMs: 200 },
      },
    },
  });
});
test.afterAll(async () => {
  await sip?.stop();
});

test('originate → answered, rejected (486), customer hang-up; connect to a gone customer answers false', async () => {
  const dialer = new MockSipDialer({ baseUrl: sip.controlUrl });
  const events: DialerEvent[] = [];
  dialer.onEvent((e) => events.push(e));
  try {
    const answered = await dialer.originate({
      to: '+12025550201',
      headers: { 'X-Dialdeck-Contact-Id': '1' },
      ringTimeoutMs: 20_000,
    });
    const rejected = await dialer.originate({ to: '+12025550202', headers: {}, ringTimeoutMs: 20_000 });
    const leaving = await dialer.originate({ to: '+12025550203', headers: {}, ringTimeoutMs: 20_000 });
    await expect
      .poll(() => events.some((e) => e.type === 'answered' && e.callId === answered.callId), {
        timeout: 20_000,
      })
      .toBe(true);
    await expect
      .poll(() => events.find((e) => e.type === 'rejected' && e.callId === rejected.callId), {
        timeout: 20_000,
      })
      .toMatchObject({ sipCode: 486 });
    await expect
      .poll(() => events.find((e) => e.type === 'customer_hangup' && e.callId === leaving.callId), {
        timeout: 20_000,
      })
      .toMatchObject({ beforeOperator: true });
    expect(await dialer.connect(leaving.callId, 'nobody', {})).toBe(false);
    await dialer.hangup(answered.callId);
  } finally {
    await dialer.close();
  }
});

// No SIP phone is registered as the operator here (the full path with a real phone is test/e2e/console/predictive):
// mock-sip's INVITE to the operator fails, and the engine must neither leave the contact in CALL_IN_PROGRESS nor
// drop the customer.
test('a predictive campaign originates through mock-sip, connects the answer to the Ready operator, and an operator phone that fails leaves the customer waiting', async () => {
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
      name: 'Predictive',
      mode: 'predictive',
      operators: ['pia'],
    });
    await api.ok('POST', `/campaigns/${k.id}/contacts`, {
      contacts: [{ phone: '+1 202 555 0201', name: 'Ann' }],
    });
    await api.ok('POST', `/campaigns/${k.id}/start`);
    const pia = new TestOperator(server.url, 'pia', op.token);
    await pia.connect();
    pia.send({ type: 'setReady' });
    const incoming = await pia.next('incomingCampaignCall', 0, 30_000);
    expect(incoming).toMatchObject({ number: '+12025550201', contact: { name: 'Ann' } });
    // mock-sip was asked to bridge the customer to the operator's SIP user.
    await expect
      .poll(
        () =>
          sip.events().find((e) => (e as { type?: string }).type === 'originate_connect') as
            { operator?: string } | undefined,
        { timeout: 45_000 },
      )
      .toMatchObject({ operator: '1001' });
    // 1001 has no phone registered, so the operator leg fails: the operator is set Not ready with the reason, and
    // the answered customer waits for a free operator instead of sitting in CALL_IN_PROGRESS.
    await expect
      .poll(
        () =>
          pia.received.some(
            (m) => m.type === 'operatorStatus' && !m.ready && /campaign call/.test(m.reason ?? ''),
          ),
        { timeout: 45_000 },
      )
      .toBe(true);
    await expect
      .poll(async () => (await api.ok<{ state: string }>('GET', `/contacts/${incoming.contactId}`)).state, {
        timeout: 45_000,
      })
      .toBe('AWAITING_FREE_OPERATOR');
    await pia.close();
  } finally {
    await server.stop();
    await pg.stop();
  }
});
