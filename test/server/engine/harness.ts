/**
 * What every engine scenario shares: one campaign server per file on the database under test, its ManualClock and
 * FakeDialer, and the steps the scenarios repeat (a campaign with operators and contacts, a contact's record,
 * waiting for a state, Ready → offer → accept → dial). Call inside a `test.describe`: it registers the server's
 * start and stop around that describe's tests.
 */
import { test, expect } from '@playwright/test';
import {
  startCampaignServer,
  ManualClock,
  type CampaignServer,
  type DatabaseConfig,
} from '../../../server/index';
import { Api, FakeDialer, TestOperator, type Json } from '../support';

export interface Contact extends Json {
  id: string;
  state: string;
  attempts: number;
  retryAt: string | null;
  events: Array<{ from: string | null; to: string; event: string; actor: string; reason: string | null }>;
  attemptHistory: Array<{
    outcome: string | null;
    counts: boolean;
    mos: number | null;
    disposition: string | null;
    dialFailureReason: string | null;
  }>;
}

let seq = 0;
export const unique = (p: string) => `${p}${process.pid}x${++seq}`;

export type EngineHarness = ReturnType<typeof engineHarness>;

export function engineHarness(database: () => Promise<{ config: DatabaseConfig; stop(): Promise<void> }>) {
  let server: CampaignServer;
  let api: Api;
  let stopDb: () => Promise<void>;
  const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
  const dialer = new FakeDialer();
  const operators: TestOperator[] = [];

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const db = await database();
    stopDb = db.stop;
    server = await startCampaignServer({
      database: db.config,
      clock,
      dialer,
      resumeGraceMs: 60_000,
      tickMs: 50,
    });
    api = new Api(server.url, server.adminToken);
  });
  test.afterAll(async () => {
    for (const o of operators) await o.close().catch(() => undefined);
    await server?.stop();
    await stopDb?.();
  });

  async function tick() {
    await server.engine.tick();
    await server.engine.dispatch();
  }

  async function setup(settings: Json = {}, phones: string[] = ['+12025550100'], operatorCount = 1) {
    const logins: string[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < operatorCount; i++) {
      const login = unique('op');
      const r = await api.ok<{ token: string }>('POST', '/operators', { login, name: login });
      logins.push(login);
      tokens.push(r.token);
    }
    const k = await api.ok<{ id: string }>('POST', '/campaigns', {
      name: unique('c'),
      operators: logins,
      ...settings,
    });
    const imported = await api.ok<{ imported: number }>('POST', `/campaigns/${k.id}/contacts`, {
      contacts: phones.map((phone, i) => ({ phone, name: `Customer ${i}` })),
    });
    expect(imported.imported).toBe(phones.length);
    await api.ok('POST', `/campaigns/${k.id}/start`);
    const ops = logins.map((l, i) => new TestOperator(server.url, l, tokens[i]!));
    for (const o of ops) {
      operators.push(o);
      await o.connect();
    }
    return { campaignId: k.id, ops };
  }

  const contact = (id: string) => api.ok<Contact>('GET', `/contacts/${id}`);
  async function expectState(id: string, state: string) {
    await expect.poll(async () => (await contact(id)).state, { timeout: 20_000 }).toBe(state);
  }

  /** Ready → offer → accept → (BCW →) dial; returns the dial command. */
  async function toCalling(op: TestOperator, o: { callNow?: boolean } = {}) {
    const m = op.mark();
    op.send({ type: 'setReady' });
    const offer = await op.next('offer', m);
    op.send({ type: 'acceptOffer', contactId: offer.contact.id });
    if (o.callNow) {
      await op.expectContactState('BCW', m);
      op.send({ type: 'callNow', contactId: offer.contact.id });
    }
    return op.next('dial', m);
  }

  return {
    /** Set in beforeAll: read it inside a test, not when the describe is built. */
    get server(): CampaignServer {
      return server;
    },
    get api(): Api {
      return api;
    },
    clock,
    dialer,
    operators,
    tick,
    setup,
    contact,
    expectState,
    toCalling,
  };
}
