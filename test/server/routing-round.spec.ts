/**
 * A routing round (issue 15): operators asking at once are given their contacts in one unit of work, with the same
 * outcome as one assignment after another — longest idle first, each contact once, a number found on the blacklist
 * blacklisted and its operator served from the next round, the offer's card with the contact's earlier attempts,
 * the offer timer set, and the operator's time counted as holding a contact. PGlite, the engine on its own.
 */
import { test, expect } from '@playwright/test';
import { operatorStateOfContact } from '../../core/operator-day';
import type { ServerMessageInput } from '../../core/operator-channel';
import { ContactState } from '../../core/states';
import { systemClock } from '../../server/engine/clock';
import { CampaignEngine } from '../../server/engine/engine';
import { openDb, type Db } from '../../server/store/db';
import { migrate } from '../../server/store/schema';

let db: Db;
test.beforeAll(async () => {
  db = await openDb({ kind: 'pglite' });
  await migrate(db);
});
test.afterAll(async () => {
  await db?.close();
});

test('operators asking at once: longest idle first, each contact once, a blacklisted number skipped, cards with earlier attempts', async () => {
  await db.query(
    `INSERT INTO campaigns (id, name, status, settings, created_at, updated_at)
     VALUES ('round', 'round', 'RUNNING', $1::jsonb, now(), now())`,
    [JSON.stringify({ mode: 'preview', offerTimeoutSeconds: 45 })],
  );
  // op3 has waited longest, then op2, then op1.
  await db.query(
    `INSERT INTO operators (id, login, name, sip_user, token_hash, ready, ready_since, connected, created_at)
     SELECT 'op' || g, 'op' || g, 'op' || g, 'op' || g, md5(g::text), true, now() - g * interval '1 minute', true, now()
       FROM generate_series(1, 3) g`,
  );
  await db.query(`INSERT INTO campaign_operators SELECT 'round', id FROM operators`);
  const ids = (
    await db.query<{ id: string }>(
      `INSERT INTO contacts (campaign_id, phone_raw, phone, name, state, created_at, updated_at)
       SELECT 'round', '+420601000' || g, '+420601000' || g, 'C' || g, 'INITIAL', now(), now()
         FROM generate_series(1, 5) g RETURNING id`,
    )
  ).map((r) => Number(r.id));
  // The second contact's number reached the blacklist without its contacts being moved (an import racing it).
  await db.query(`INSERT INTO blacklist (phone, reason, created_at) VALUES ('+4206010002', 'asked', now())`);
  // The first contact was called before: its card shows that attempt.
  await db.query(
    `INSERT INTO attempts (contact_id, campaign_id, operator_id, mode, started_at, ended_at, outcome, sip_code)
     VALUES ($1, 'round', 'op1', 'preview', now() - interval '1 day', now() - interval '1 day', 'busy', 486)`,
    [ids[0]],
  );

  const engine = new CampaignEngine(db, systemClock, {});
  const offers = new Map<string, Extract<ServerMessageInput, { type: 'offer' }>>();
  for (const op of ['op1', 'op2', 'op3'])
    await engine.attachOperator(op, (m) => {
      if (m.type === 'offer') offers.set(op, m);
    });
  await engine.dispatch();
  await expect.poll(() => offers.size).toBe(3);

  expect(offers.get('op3')!.contact.id).toBe(String(ids[0]));
  expect(offers.get('op2')!.contact.id).toBe(String(ids[2]));
  // op1's slot in the first round went to the blacklisted number; the next round gave them the fourth.
  expect(offers.get('op1')!.contact.id).toBe(String(ids[3]));
  expect(offers.get('op3')!.contact.attempts).toMatchObject([
    { outcome: 'busy', sipCode: 486, operatorLogin: 'op1' },
  ]);
  expect(offers.get('op2')!.contact.attempts).toEqual([]);
  for (const m of offers.values()) expect(m).toHaveProperty('seq');

  const states = await db.query<{ id: string; state: string; operator_id: string | null }>(
    'SELECT id, state, operator_id FROM contacts ORDER BY id',
  );
  expect(states.map((s) => [s.state, s.operator_id])).toEqual([
    [ContactState.OPERATOR_ASSIGNED, 'op3'],
    [ContactState.BLACKLISTED, null],
    [ContactState.OPERATOR_ASSIGNED, 'op2'],
    [ContactState.OPERATOR_ASSIGNED, 'op1'],
    [ContactState.INITIAL, null],
  ]);
  const held = await db.query<{ id: string; current_contact_id: string }>(
    'SELECT id, current_contact_id FROM operators ORDER BY id',
  );
  expect(held.map((h) => Number(h.current_contact_id))).toEqual([ids[3], ids[2], ids[0]]);
  const timers = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM timers WHERE kind = 'offer_timeout' AND contact_id = ANY($1::bigint[])`,
    [[ids[0], ids[2], ids[3]]],
  );
  expect(timers[0]!.n).toBe(3);
  const events = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM contact_events WHERE event = 'assign'`,
  );
  expect(events[0]!.n).toBe(3);
  const open = await db.query<{ operator_id: string; state: string }>(
    'SELECT operator_id, state FROM operator_states WHERE ended_at IS NULL ORDER BY operator_id',
  );
  expect(open).toEqual(
    ['op1', 'op2', 'op3'].map((operator_id) => ({
      operator_id,
      state: operatorStateOfContact[ContactState.OPERATOR_ASSIGNED],
    })),
  );
});
