/**
 * An instance declared dead while it is alive (issue 12.6b): two server instances on PostgreSQL run a predictive
 * campaign through mock-sip with headless operators (real SIP phones, the operator channel with heartbeats). One
 * instance is frozen with SIGSTOP past its lease, so the other takes over its operators and calls, then goes on
 * with SIGCONT. It must notice, let go of what it no longer owns and rejoin: its operators keep taking calls (they
 * used to sit on an open, heartbeating socket that the records counted as gone, and never got another call), and
 * no contact is lost, stuck or dialled twice.
 */
import { test, expect } from '@playwright/test';
import { removeJssipGlobals } from '../mock-sip/jssip-node';
import type { ScenarioInput } from '../../mock-sip/index';
import { startPostgres, type TestPostgres } from '../support/postgres';
import type { PredictiveAgent } from './predictive-agent';
import { RestartableMockSip, ServerInstance } from './soak/lab';
import { agentRecords, signUpOperators, startFloor, stillMoving } from './soak/floor';
import { tally } from './soak/tally';
import { Api } from './support';

test.describe.configure({ timeout: 300_000 });

let pg: TestPostgres;
test.beforeAll(async () => {
  pg = await startPostgres();
});
test.afterAll(async () => {
  removeJssipGlobals(); // PGlite in the next spec of this worker would take itself for a browser
  await pg?.stop();
});

const OPERATORS = 6;
const CONTACTS = 300;
const phoneOf = (i: number) => `+1202${String(4_000_000 + i)}`;
/** Most customers answer after a ring long enough that calls are in flight when the instance freezes. */
function customer(i: number): ScenarioInput['defaultCustomer'] {
  if (i % 5 === 4) return { action: 'reject', code: 486, afterMs: 800, ringFirst: true };
  return { action: 'answer', afterMs: 1_000 + ((i * 53) % 2_000) };
}

test('an instance frozen past its lease (SIGSTOP, SIGCONT) rejoins: its operators take calls again, none dialled twice', async () => {
  const users = Array.from({ length: OPERATORS }, (_, i) => ({
    user: String(3100 + i),
    password: `lease-${i}`,
  }));
  const customers: NonNullable<ScenarioInput['customers']> = {};
  for (let i = 0; i < CONTACTS; i++) customers[phoneOf(i)] = customer(i)!;
  const pbx = new RestartableMockSip({ users, customers });
  await pbx.start();
  const dbUrl = await pg.createDatabase('instance_lease');
  const adminToken = 'adm_instance_lease_token';
  // A short lease, so that a 12 s freeze is well past it even on a loaded machine.
  const a = new ServerInstance('A', dbUrl, adminToken, pbx.sip.controlUrl, 4_000);
  const b = new ServerInstance('B', dbUrl, adminToken, pbx.sip.controlUrl, 4_000);
  const agents: PredictiveAgent[] = [];
  try {
    await a.start();
    await b.start();
    const api = new Api(b.url, adminToken);
    const { logins, tokens } = await signUpOperators(api, 'lease', users);
    const k = await api.ok<{ id: string }>('POST', '/campaigns', {
      name: 'lease',
      mode: 'predictive',
      operators: logins,
      acwSeconds: 120,
      retry: { maxAttempts: 3 },
      predictive: { abandonRateLimit: 0.03, ringTimeoutSeconds: 15, maxRatio: 2 },
    });
    await api.ok('POST', `/campaigns/${k.id}/contacts`, {
      contacts: Array.from({ length: CONTACTS }, (_, i) => ({ phone: phoneOf(i) })),
    });
    const lastCall: number[] = Array.from({ length: OPERATORS }, () => 0);
    agents.push(
      ...(await startFloor({
        instances: [a, b],
        pbx,
        users,
        logins,
        tokens,
        talkMs: () => 1_500 + Math.random() * 1_500,
        acwMs: () => 300,
        onCallTaken: (i) => (lastCall[i] = Date.now()),
      })),
    );
    await api.ok('POST', `/campaigns/${k.id}/start`);
    // Every operator has taken a call: A's operators are working through A when it freezes.
    await expect.poll(() => lastCall.every((t) => t > 0), { timeout: 120_000 }).toBe(true);

    await a.freeze(12_000);
    const thawed = Date.now();
    // The operators A had are back at work, as are B's: each takes a call after A went on.
    await expect
      .poll(() => lastCall.map((t, i) => (t > thawed ? '' : logins[i])).filter(Boolean), {
        timeout: 120_000,
        message: 'operators who took no call after the frozen instance went on',
      })
      .toEqual([]);
    // A is back in the pool too: the API it serves answers.
    expect((await new Api(a.url, adminToken).call('GET', `/campaigns/${k.id}/report`)).status).toBe(200);

    await api.ok('POST', `/campaigns/${k.id}/pause`);
    await expect.poll(() => stillMoving(api, k.id, agents), { timeout: 120_000 }).toBe(0);

    const { talked, completed } = agentRecords(agents);
    const t = await tally(api, k.id, {
      imported: CONTACTS,
      maxAttempts: 3,
      talked,
      completed,
      pbxCalls: pbx.calls(),
    });
    expect(t.stuck, 'contacts stuck').toEqual([]);
    expect(t.lost, 'contacts lost').toEqual([]);
    expect(t.dialledTwice, 'contacts dialled twice').toEqual([]);
  } finally {
    for (const agent of agents) await agent.stop();
    await a.kill('SIGTERM').catch(() => undefined);
    await b.kill('SIGTERM').catch(() => undefined);
    await pbx.sip.stop();
  }
});
