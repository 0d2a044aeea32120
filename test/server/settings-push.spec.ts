/**
 * Issue 13, settings pushed live, against a real server (PGlite) over real WebSockets: a supervisor's change through
 * the Public API reaches every connected operator it concerns as one numbered `settingsChanged` — the campaign's
 * operators for its settings, everyone for the transfer directory and the Not ready reasons — and an operator whose
 * link was down gets it replayed on resume. A client that does not name it in `hello` never meets it; a change the
 * API refuses tells nobody anything.
 */
import { test, expect } from '@playwright/test';
import { ADDED_MESSAGE_TYPES, DO_NOT_CALL_KIND, type ServerMessageOf } from '../../core/operator-channel';
import { ManualClock, type CampaignServer } from '../../server/index';
import { Api, TestOperator, serverForSpec } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let server: CampaignServer;
let api: Api;
const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
const operators: TestOperator[] = [];
let n = 0;

serverForSpec({ clock, operators }, (started, client) => {
  server = started;
  api = client;
});

/** An operator of a fresh campaign, signed in; `understands` as today's app says it, null for an older client. */
async function operatorOfCampaign(
  understands: string[] | null = [...ADDED_MESSAGE_TYPES, DO_NOT_CALL_KIND],
): Promise<{ op: TestOperator; campaignId: string }> {
  const login = `op${++n}`;
  const r = await api.ok<{ token: string }>('POST', '/operators', { login, name: `Operator ${n}` });
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: `c${n}`, operators: [login] });
  const op = new TestOperator(server.url, login, r.token);
  op.numbered = true;
  op.understands = understands ?? undefined;
  operators.push(op);
  await op.connect();
  return { op, campaignId: k.id };
}

const pushes = (op: TestOperator, from = 0) =>
  op.received
    .slice(from)
    .filter((m): m is ServerMessageOf<'settingsChanged'> => m.type === 'settingsChanged');

test('a change through the API reaches the connected operators it concerns at once, numbered', async () => {
  const a = await operatorOfCampaign();
  const b = await operatorOfCampaign();
  const [fromA, fromB] = [a.op.mark(), b.op.mark()];

  // The directory and the reasons concern everyone.
  const target = await api.ok<{ id: string }>('POST', '/transfer-targets', {
    name: 'Live Supervisor',
    kind: 'supervisor',
    address: '2001',
  });
  for (const op of [a.op, b.op]) {
    const m = await op.next('settingsChanged', op === a.op ? fromA : fromB);
    expect(m.seq).toBeGreaterThan(0);
    expect(m.transferTargets).toContainEqual({
      id: target.id,
      name: 'Live Supervisor',
      kind: 'supervisor',
      address: '2001',
    });
    expect(m.campaigns).toBeUndefined();
    expect(m.notReadyReasons).toBeUndefined();
  }
  const [afterTargetA, afterTargetB] = [a.op.mark(), b.op.mark()];
  await api.ok('POST', '/not-ready-reasons', { name: 'Coaching', paid: true, maxSeconds: 900 });
  for (const [op, from] of [
    [a.op, afterTargetA],
    [b.op, afterTargetB],
  ] as const) {
    const m = await op.next('settingsChanged', from);
    expect(m.notReadyReasons?.map((r) => r.name)).toContain('Coaching');
  }

  // A campaign's settings concern its own operators only.
  const [beforeScriptA, beforeScriptB] = [a.op.mark(), b.op.mark()];
  await api.ok('PATCH', `/campaigns/${a.campaignId}`, {
    script: '## New opening\n\nHello {{name}}',
    recording: { mode: 'always', consentNotice: 'This call is recorded.' },
  });
  const m = await a.op.next('settingsChanged', beforeScriptA);
  expect(m.campaigns).toHaveLength(1);
  expect(m.campaigns![0]).toMatchObject({
    id: a.campaignId,
    script: '## New opening\n\nHello {{name}}',
    recording: { mode: 'always', consentNotice: 'This call is recorded.' },
  });
  // Numbers go on from the operator's earlier messages.
  expect(m.seq).toBeGreaterThan(pushes(a.op, fromA)[0]!.seq!);
  // B heard nothing of A's campaign: a heartbeat's answer comes after anything the change had sent B.
  b.op.send({ type: 'heartbeat', requestId: 'hb' });
  await b.op.next('heartbeatAck', beforeScriptB);
  expect(pushes(b.op, beforeScriptB)).toEqual([]);

  // Deleting counts too.
  const beforeDelete = a.op.mark();
  await api.ok('DELETE', `/transfer-targets/${target.id}`);
  const gone = await a.op.next('settingsChanged', beforeDelete);
  expect(gone.transferTargets?.some((t) => t.id === target.id)).toBe(false);
});

test('an operator whose link was down gets the changes they missed on resume, after the welcome', async () => {
  const { op, campaignId } = await operatorOfCampaign();
  op.drop();
  await expect
    .poll(
      async () =>
        (
          await api.ok<{ operators: Array<{ login: string; connected: boolean }> }>('GET', '/operators')
        ).operators.find((o) => o.login === op.login)!.connected,
    )
    .toBe(false);

  await api.ok('PATCH', `/campaigns/${campaignId}`, { script: 'Changed while you were away' });
  await api.ok('POST', '/transfer-targets', { name: 'Queue while away', kind: 'queue', address: '3001' });

  const from = op.mark();
  const welcome = await op.connect();
  expect(welcome.resumed).toBe(true);
  // Both are replayed in order; the welcome already had the newest settings, the replay ends on them too.
  await expect.poll(() => pushes(op, from).length).toBe(2);
  const [script, directory] = pushes(op, from);
  expect(op.received.slice(from).findIndex((m) => m.type === 'welcome')).toBeLessThan(
    op.received.slice(from).indexOf(script!),
  );
  expect(script!.campaigns![0]!.script).toBe('Changed while you were away');
  expect(directory!.transferTargets?.map((t) => t.name)).toContain('Queue while away');
  expect(directory!.seq).toBeGreaterThan(script!.seq!);
});

test('an older client that does not name it never meets it, and one that does not read do_not_call gets it worded success', async () => {
  const older = await operatorOfCampaign(null);
  const noKind = await operatorOfCampaign(['settingsChanged']);
  const [fromOlder, fromNoKind] = [older.op.mark(), noKind.op.mark()];
  await api.ok('PATCH', `/campaigns/${older.campaignId}`, { script: 'For the older client' });
  await api.ok('PATCH', `/campaigns/${noKind.campaignId}`, {
    dispositions: [
      { code: 'sale', label: 'Sale', kind: 'success' },
      { code: 'dnc', label: 'Do not call', kind: 'do_not_call' },
    ],
  });
  const m = await noKind.op.next('settingsChanged', fromNoKind);
  expect(m.campaigns![0]!.dispositions).toEqual([
    { code: 'sale', label: 'Sale', kind: 'success' },
    { code: 'dnc', label: 'Do not call', kind: 'success' },
  ]);

  // The older client goes on working: Ready is answered, and no settingsChanged ever came.
  older.op.send({ type: 'setReady' });
  await older.op.next('operatorStatus', fromOlder);
  expect(pushes(older.op, fromOlder)).toEqual([]);
  // Nor is it replayed to it on resume.
  older.op.drop();
  await new Promise((r) => setTimeout(r, 200));
  const resumedFrom = older.op.mark();
  expect((await older.op.connect()).resumed).toBe(true);
  older.op.send({ type: 'heartbeat', requestId: 'hb-older' });
  await older.op.next('heartbeatAck', resumedFrom);
  expect(pushes(older.op, resumedFrom)).toEqual([]);
});

test('a change the API refuses tells no one', async () => {
  const { op } = await operatorOfCampaign();
  await api.ok('POST', '/not-ready-reasons', { name: 'Lunch', paid: false });
  const from = op.mark();
  const refused = await api.call('POST', '/not-ready-reasons', { name: 'Lunch', paid: true });
  expect(refused.status).toBe(409);
  const missing = await api.call('DELETE', '/transfer-targets/tt_nope');
  expect(missing.status).toBe(404);
  op.send({ type: 'heartbeat', requestId: 'hb-refused' });
  await op.next('heartbeatAck', from);
  expect(pushes(op, from)).toEqual([]);
});
