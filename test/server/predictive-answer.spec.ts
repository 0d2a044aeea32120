/**
 * Issue 15: the predictive answer's hot path. When a customer answers, one statement reserves the campaign's
 * longest-idle free Ready operator (or the owned callback's owner, if still Ready), the operator's INVITE is asked
 * for at once, and the contact card follows. These tests hold the reservation rules on a real database (PGlite)
 * with the engine on its own; the dialer is a scripted adapter (the interface the engine sees), so each answer
 * arrives exactly when the test says. The path through mock-sip is test/server/mock-sip-dialer.spec.ts and the
 * predictive specs of test/e2e.
 */
import { test, expect } from '@playwright/test';
import { CampaignSettingsSchema } from '../../core/campaign';
import type { ServerMessageInput } from '../../core/operator-channel';
import type { DialerAdapter, DialerEvent, OriginateRequest } from '../../server/dialer/adapter';
import { ManualClock } from '../../server/engine/clock';
import { CampaignEngine } from '../../server/engine/engine';
import { openDb, type Db } from '../../server/store/db';
import { migrate } from '../../server/store/schema';

/** Originates nothing itself: remembers each call and each connect, and sends the events the test gives it. */
class ScriptedDialer implements DialerAdapter {
  readonly placed: Array<{ callId: string; to: string; contactId: string }> = [];
  readonly connects: Array<{ callId: string; operator: string }> = [];
  private listener: (e: DialerEvent) => void = () => undefined;
  private n = 0;

  async originate(r: OriginateRequest): Promise<{ callId: string }> {
    const callId = `call-${++this.n}`;
    this.placed.push({ callId, to: r.to, contactId: r.headers['X-Dialdeck-Contact-Id']! });
    return { callId };
  }
  async connect(callId: string, operator: string): Promise<boolean> {
    this.connects.push({ callId, operator });
    return true;
  }
  async hangup(): Promise<void> {}
  onEvent(listener: (e: DialerEvent) => void): void {
    this.listener = listener;
  }
  async close(): Promise<void> {}
  emit(e: DialerEvent): void {
    this.listener(e);
  }
}

// Monday 2 March 2026, 15:00 UTC: 10:00 in Washington, DC, where +1 202 numbers are, inside the calling hours.
const clock = new ManualClock(new Date('2026-03-02T15:00:00Z'));
let db: Db;
let k = 0;
test.beforeAll(async () => {
  db = await openDb({ kind: 'pglite' });
  await migrate(db);
});
test.afterAll(async () => {
  await db?.close();
});

type Rig = {
  campaignId: string;
  engine: CampaignEngine;
  dialer: ScriptedDialer;
  inbox: Map<string, ServerMessageInput[]>;
  contacts: number[];
  stop(): Promise<void>;
};

/** A running predictive campaign with `phones` contacts and operators `ops` (the first has waited longest). */
async function rig(ops: string[], phones: number, maxRatio = 1): Promise<Rig> {
  const campaignId = `answer${++k}`;
  const settings = CampaignSettingsSchema.parse({
    mode: 'predictive',
    predictive: { maxRatio, abandonRateLimit: 0.03, ringTimeoutSeconds: 30 },
  });
  await db.query(
    `INSERT INTO campaigns (id, name, status, settings, created_at, updated_at)
     VALUES ($1, $1, 'RUNNING', $2::jsonb, now(), now())`,
    [campaignId, JSON.stringify(settings)],
  );
  for (const op of ops) {
    await db.query(
      // Signed in on this instance (the operator channel's hello sets `connected`).
      `INSERT INTO operators (id, login, name, sip_user, token_hash, connected, created_at)
       VALUES ($1, $1, $1, $1 || '-sip', md5($1), true, now())`,
      [op],
    );
    await db.query('INSERT INTO campaign_operators VALUES ($1, $2)', [campaignId, op]);
  }
  const contacts = (
    await db.query<{ id: string }>(
      `INSERT INTO contacts (campaign_id, phone_raw, phone, name, state, created_at, updated_at)
       SELECT $1, '+1202555' || (1000 + g + $2 * 10), '+1202555' || (1000 + g + $2 * 10), 'C' || g, 'INITIAL', now(), now()
         FROM generate_series(1, $3::int) g RETURNING id`,
      [campaignId, k, phones],
    )
  ).map((r) => Number(r.id));
  const dialer = new ScriptedDialer();
  // Its own timer never fires within a test: the test ticks it, so pacing runs only when asked.
  const engine = new CampaignEngine(db, clock, { dialer, tickMs: 3_600_000 });
  await engine.start();
  const inbox = new Map<string, ServerMessageInput[]>();
  // Ready in this order, so the first has waited longest.
  for (const op of ops) {
    inbox.set(op, []);
    await engine.attachOperator(op, (m) => inbox.get(op)!.push(m));
    await engine.setReady(op);
  }
  return {
    campaignId,
    engine,
    dialer,
    inbox,
    contacts,
    async stop() {
      await engine.stop();
      await db.query(`UPDATE campaigns SET status = 'CANCELLED' WHERE id = $1`, [campaignId]);
      await db.query(`UPDATE operators SET ready = false, connected = false WHERE id = ANY($1::text[])`, [
        ops,
      ]);
    },
  };
}

const contactOf = async (id: number) =>
  (
    await db.query<{ state: string; operator_id: string | null }>(
      'SELECT state, operator_id FROM contacts WHERE id = $1',
      [id],
    )
  )[0]!;
const holding = async (op: string) =>
  (
    await db.query<{ current_contact_id: number | null; ready: boolean }>(
      'SELECT current_contact_id::int, ready FROM operators WHERE id = $1',
      [op],
    )
  )[0]!;
const incoming = (r: Rig, op: string) => r.inbox.get(op)!.filter((m) => m.type === 'incomingCampaignCall');

test('customers answering at once go to different operators, longest idle first; those left over wait', async () => {
  const r = await rig([`a${k}x`, `b${k}x`, `c${k}x`], 3);
  const [a, b, c] = [...r.inbox.keys()] as [string, string, string];
  try {
    await r.engine.tick();
    await expect.poll(() => r.dialer.placed.length).toBe(3);
    // One of the three steps away while their customers ring: three answers at once for two operators.
    await r.engine.setNotReady(c, { reason: 'coffee' });
    const calls = [...r.dialer.placed];
    for (const call of calls) r.dialer.emit({ type: 'answered', callId: call.callId });
    await expect.poll(() => r.dialer.connects.length, { timeout: 10_000 }).toBe(2);
    // Each operator's INVITE asked for once, the longest idle first: nobody was given a second customer.
    expect(r.dialer.connects.map((x) => x.operator)).toEqual([`${a}-sip`, `${b}-sip`]);
    const contactOfCall = (callId: string) => calls.find((x) => x.callId === callId)!.contactId;
    const states = async () =>
      (await Promise.all(calls.map((x) => contactOf(Number(x.contactId))))).map((x) => x.state).sort();
    await expect.poll(states).toEqual(['AWAITING_FREE_OPERATOR', 'CALL_IN_PROGRESS', 'CALL_IN_PROGRESS']);
    // Each console got the card of its own customer, once; the one who stepped away got none.
    await expect.poll(() => incoming(r, a).length).toBe(1);
    await expect.poll(() => incoming(r, b).length).toBe(1);
    expect(incoming(r, c)).toEqual([]);
    expect(incoming(r, a)[0]!.contactId).toBe(contactOfCall(r.dialer.connects[0]!.callId));
    expect(incoming(r, b)[0]!.contactId).toBe(contactOfCall(r.dialer.connects[1]!.callId));
    expect(await holding(a)).toEqual({
      current_contact_id: Number(incoming(r, a)[0]!.contactId),
      ready: true,
    });
    expect(await holding(b)).toEqual({
      current_contact_id: Number(incoming(r, b)[0]!.contactId),
      ready: true,
    });
  } finally {
    await r.stop();
  }
});

test('an operator who went Not ready while the customer rang is not taken: the next Ready operator is', async () => {
  const r = await rig([`a${k}y`, `b${k}y`], 1);
  const [a, b] = [...r.inbox.keys()] as [string, string];
  try {
    await r.engine.tick();
    await expect.poll(() => r.dialer.placed.length).toBe(1);
    await r.engine.setNotReady(a, { reason: 'coffee' });
    r.dialer.emit({ type: 'answered', callId: r.dialer.placed[0]!.callId });
    await expect.poll(() => r.dialer.connects).toEqual([{ callId: 'call-1', operator: `${b}-sip` }]);
    await expect
      .poll(async () => contactOf(r.contacts[0]!))
      .toEqual({ state: 'CALL_IN_PROGRESS', operator_id: b });
    expect(incoming(r, a)).toEqual([]);
    expect(incoming(r, b)).toMatchObject([{ contactId: String(r.contacts[0]), number: expect.any(String) }]);
    expect(await holding(a)).toEqual({ current_contact_id: null, ready: false });
  } finally {
    await r.stop();
  }
});

test("an owned callback's owner who goes Not ready before the answer is released, and the next Ready operator takes the customer", async () => {
  const r = await rig([`a${k}z`, `b${k}z`], 1);
  const [owner, other] = [...r.inbox.keys()] as [string, string];
  const contact = r.contacts[0]!;
  try {
    // A callback of the owner's, due now (issue 13.2): pacing places it with the owner reserved for the answer.
    await db.query(`UPDATE contacts SET state = 'RETRY_SCHEDULED', attempts = 1 WHERE id = $1`, [contact]);
    await db.query(
      `INSERT INTO callbacks (contact_id, campaign_id, owner_id, due_at, open_to_all_at, state, created_at, updated_at)
       VALUES ($1, $2, $3, $4::timestamptz - interval '1 minute', $4::timestamptz + interval '1 hour', 'SCHEDULED', $4, $4)`,
      [contact, r.campaignId, owner, clock.now()],
    );
    await r.engine.tick();
    await expect.poll(() => r.dialer.placed.length).toBe(1);
    expect(await contactOf(contact)).toEqual({ state: 'CALLING', operator_id: owner });
    expect((await holding(owner)).current_contact_id).toBe(contact);

    await r.engine.setNotReady(owner, { reason: 'coffee' });
    r.dialer.emit({ type: 'answered', callId: r.dialer.placed[0]!.callId });
    await expect.poll(() => r.dialer.connects).toEqual([{ callId: 'call-1', operator: `${other}-sip` }]);
    await expect
      .poll(async () => contactOf(contact))
      .toEqual({ state: 'CALL_IN_PROGRESS', operator_id: other });
    expect(await holding(owner)).toEqual({ current_contact_id: null, ready: false });
    expect(incoming(r, owner)).toEqual([]);
    expect(incoming(r, other)).toHaveLength(1);
  } finally {
    await r.stop();
  }
});
