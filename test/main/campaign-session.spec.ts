/**
 * The host's operator-channel client against a tiny WebSocket server that speaks the protocol
 * (core/operator-channel.ts): connect, status, reconnect with backoff, resume with the same contact, reports
 * made while the link is down delivered after the resume, a refused login, an unreachable server.
 */
import { expect, test } from '@playwright/test';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CampaignSession, EventPayload, HostEventName } from '../../core/contract';
import type { ClientMessage, CurrentContact, ServerMessageInput } from '../../core/operator-channel';
import { OperatorSession } from '../../main/campaign/operator-session';

type FakeServer = {
  url: string;
  received: ClientMessage[];
  sockets: Set<WebSocket>;
  current: CurrentContact | null;
  send(msg: ServerMessageInput): void;
  close(): Promise<void>;
};

const contact: CurrentContact = {
  contact: {
    id: '7',
    campaignId: 'k1',
    name: 'Ada Lovelace',
    number: '+442079460958',
    customFields: { plan: 'gold' },
    externalId: null,
    attempts: [],
  },
  view: {
    contactId: '7',
    state: 'BCW',
    attemptId: null,
    offerExpiresAt: null,
    bcwEndsAt: new Date(Date.now() + 60_000).toISOString(),
    acwEndsAt: null,
  },
};

/**
 * `numbered`: the server speaks numbered messages (welcome carries lastSeq); `confirm` says whether it answers
 * `received` for the actions it gets (false: a server whose confirmations are lost in a drop).
 */
async function fakeServer(
  opts: { refuse?: boolean; numbered?: boolean; confirm?: () => boolean } = {},
): Promise<FakeServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/v1/operator-channel' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const server: FakeServer = {
    url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    received: [],
    sockets: new Set(),
    current: null,
    send(msg) {
      for (const ws of this.sockets) ws.send(JSON.stringify(msg));
    },
    async close() {
      for (const ws of this.sockets) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
  wss.on('connection', (ws) => {
    server.sockets.add(ws);
    ws.on('close', () => server.sockets.delete(ws));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ClientMessage;
      server.received.push(msg);
      if (msg.type === 'hello') {
        if (opts.refuse) {
          ws.send(
            JSON.stringify({
              type: 'error',
              code: 'unauthorized',
              message: 'unknown operator login or wrong token',
            }),
          );
          ws.close(4001, 'unauthorized');
          return;
        }
        ws.send(
          JSON.stringify({
            type: 'welcome',
            operator: { id: 'op1', login: msg.login, name: 'Operator One' },
            campaigns: [],
            resumeToken: `resume-${server.received.filter((m) => m.type === 'hello').length}`,
            resumeGraceMs: 20_000,
            heartbeatIntervalMs: 1000,
            resumed: Boolean(msg.resumeToken),
            state: { ready: true, reason: null, current: server.current },
            ...(opts.numbered ? { lastSeq: 0 } : {}),
          } satisfies ServerMessageInput),
        );
      } else if (opts.numbered && msg.requestId && msg.type !== 'heartbeat' && (opts.confirm?.() ?? true)) {
        ws.send(JSON.stringify({ type: 'received', requestId: msg.requestId, duplicate: false }));
      }
      if (msg.type === 'heartbeat') {
        ws.send(
          JSON.stringify({
            type: 'heartbeatAck',
            at: new Date(Date.now() + 5000).toISOString(),
            requestId: msg.requestId,
          }),
        );
      }
    });
  });
  return server;
}

function collect() {
  const sessions: CampaignSession[] = [];
  const events: Array<{ event: HostEventName; payload: unknown }> = [];
  const emit = <E extends HostEventName>(event: E, payload: EventPayload<E>) => {
    events.push({ event, payload });
    if (event === 'campaignSessionChanged') sessions.push(payload as CampaignSession);
  };
  return { sessions, events, emit, statuses: () => sessions.map((s) => s.connection.status) };
}

test('connects, resumes after a dropped link with the same contact, and delivers reports made while down', async () => {
  const server = await fakeServer();
  server.current = contact;
  const seen = collect();
  const session = new OperatorSession({
    resolveEndpoint: async () => ({
      ok: true,
      endpoint: { mode: 'remote', serverUrl: server.url, login: 'op1', token: 't0ken' },
    }),
    emit: seen.emit,
    backoff: { minMs: 50, maxMs: 200 },
  });
  try {
    await session.start();
    await expect.poll(() => session.view().connection.status).toBe('connected');
    expect(session.view().current?.contact.name).toBe('Ada Lovelace');
    expect(server.received[0]).toMatchObject({ type: 'hello', login: 'op1', token: 't0ken' });
    // The server's clock runs 5 s ahead in this fake: the countdowns must follow the server.
    await expect.poll(() => session.view().clockOffsetMs).toBeGreaterThan(4000);

    for (const ws of server.sockets) ws.terminate();
    await expect.poll(() => seen.statuses()).toContain('reconnecting');
    // Made while the link is down: queued, then sent after the resume, in order.
    session.act('callNow', { contactId: '7' });
    await expect.poll(() => session.view().connection.status).toBe('connected');
    const hellos = server.received.filter((m) => m.type === 'hello');
    expect(hellos).toHaveLength(2);
    expect(hellos[1]).toMatchObject({ resumeToken: 'resume-1' });
    expect(session.view().current?.contact.id).toBe('7');
    await expect.poll(() => server.received.filter((m) => m.type === 'callNow')).toHaveLength(1);
    const order = server.received.map((m) => m.type);
    expect(order.lastIndexOf('hello')).toBeLessThan(order.indexOf('callNow'));
  } finally {
    session.stop();
    await server.close();
  }
});

test('a call report the server did not confirm goes again after the resume, with the time it happened', async () => {
  let confirming = true;
  const server = await fakeServer({ numbered: true, confirm: () => confirming });
  server.current = {
    ...contact,
    view: { ...contact.view, state: 'CALLING', attemptId: '11', bcwEndsAt: null },
  };
  const seen = collect();
  let now = Date.parse('2026-03-02T10:00:00Z');
  const session = new OperatorSession({
    resolveEndpoint: async () => ({
      ok: true,
      endpoint: { mode: 'remote', serverUrl: server.url, login: 'op1', token: 't' },
    }),
    emit: seen.emit,
    backoff: { minMs: 50, maxMs: 200 },
    now: () => now,
  });
  try {
    await session.start();
    await expect.poll(() => session.view().connection.status).toBe('connected');
    expect(server.received[0]).toMatchObject({ type: 'hello', lastSeq: 0 });
    // Answered: confirmed. Then the link dies as the end report leaves: it reaches nobody who confirms it.
    session.act('reportCallProgress', { contactId: '7', attemptId: '11', stage: 'answered' });
    await expect.poll(() => server.received.filter((m) => m.type === 'reportCallProgress')).toHaveLength(1);
    confirming = false;
    now += 30_000;
    session.act('reportCallEnded', {
      contactId: '7',
      attemptId: '11',
      outcome: 'answered',
      sipCode: 200,
      cause: 'bye',
    });
    await expect.poll(() => server.received.filter((m) => m.type === 'reportCallEnded')).toHaveLength(1);
    for (const ws of server.sockets) ws.terminate();
    await expect.poll(() => seen.statuses()).toContain('reconnecting');
    const reconnecting = seen.sessions.find((x) => x.connection.status === 'reconnecting');
    expect(reconnecting?.connection.problem).toMatchObject({
      code: 'reconnecting',
      graceSeconds: expect.any(Number),
    });
    confirming = true;
    now += 20_000; // the report goes out later, and still says when the call ended
    await expect.poll(() => session.view().connection.status).toBe('connected');
    await expect.poll(() => server.received.filter((m) => m.type === 'reportCallEnded')).toHaveLength(2);
    const [first, again] = server.received.filter((m) => m.type === 'reportCallEnded');
    expect(again!.requestId).toBe(first!.requestId);
    expect(again).toMatchObject({ at: '2026-03-02T10:00:30.000Z', outcome: 'answered' });
    // The confirmed one never goes again; the hello after the drop resumes from what was followed.
    expect(server.received.filter((m) => m.type === 'reportCallProgress')).toHaveLength(1);
    expect(server.received.filter((m) => m.type === 'hello').at(-1)).toMatchObject({
      resumeToken: 'resume-1',
    });
  } finally {
    session.stop();
    await server.close();
  }
});

test('numbered messages are followed once and acknowledged: a replayed dial does not ring twice', async () => {
  const server = await fakeServer({ numbered: true });
  const seen = collect();
  const session = new OperatorSession({
    resolveEndpoint: async () => ({
      ok: true,
      endpoint: { mode: 'remote', serverUrl: server.url, login: 'op1', token: 't' },
    }),
    emit: seen.emit,
  });
  try {
    await session.start();
    await expect.poll(() => session.view().connection.status).toBe('connected');
    server.send({ type: 'dial', contactId: '7', attemptId: '11', number: '+442079460958', seq: 1 });
    server.send({ type: 'dial', contactId: '7', attemptId: '11', number: '+442079460958', seq: 1 });
    server.send({ type: 'operatorStatus', ready: false, reason: 'Lunch', seq: 2 });
    await expect.poll(() => session.view().status.reason).toBe('Lunch');
    expect(seen.events.filter((e) => e.event === 'campaignDial')).toHaveLength(1);
    // One acknowledgement covers both (they are gathered for a moment).
    await expect
      .poll(() => server.received.filter((m) => m.type === 'ack').map((m) => (m as { seq: number }).seq))
      .toEqual([2]);
  } finally {
    session.stop();
    await server.close();
  }
});

test('follows the server: offer, state, dial command, result; and a refused action is shown', async () => {
  const server = await fakeServer();
  const seen = collect();
  const session = new OperatorSession({
    resolveEndpoint: async () => ({
      ok: true,
      endpoint: { mode: 'remote', serverUrl: server.url, login: 'op1', token: 't' },
    }),
    emit: seen.emit,
  });
  try {
    await session.start();
    await expect.poll(() => session.view().connection.status).toBe('connected');
    server.send({
      type: 'offer',
      contact: contact.contact,
      offerExpiresAt: new Date(Date.now() + 30_000).toISOString(),
    });
    await expect.poll(() => session.view().current?.view.state).toBe('OPERATOR_ASSIGNED');
    server.send({ type: 'contactState', contactId: '7', state: 'CALLING', attemptId: '11' });
    await expect.poll(() => session.view().current?.view.state).toBe('CALLING');
    server.send({ type: 'dial', contactId: '7', attemptId: '11', number: '+442079460958' });
    await expect
      .poll(() => seen.events.filter((e) => e.event === 'campaignDial').map((e) => e.payload))
      .toEqual([{ contactId: '7', attemptId: '11', number: '+442079460958' }]);
    session.act('submitAfterCallWork', { contactId: '7', disposition: 'nope' });
    server.send({
      type: 'error',
      code: 'bad_request',
      message: "unknown disposition 'nope'",
      requestId: 'r1',
    });
    await expect.poll(() => session.view().lastError?.message).toContain('unknown disposition');
    server.send({ type: 'result', contactId: '7', finalState: 'SUCCESS', reason: null });
    await expect.poll(() => session.view().lastResult?.finalState).toBe('SUCCESS');
    expect(session.view().current).toBeNull();
    expect(session.view().lastResult?.name).toBe('Ada Lovelace');
  } finally {
    session.stop();
    await server.close();
  }
});

test('a refused login says what to fix and stops retrying', async () => {
  const server = await fakeServer({ refuse: true });
  const seen = collect();
  const session = new OperatorSession({
    resolveEndpoint: async () => ({
      ok: true,
      endpoint: { mode: 'remote', serverUrl: server.url, login: 'nobody', token: 'bad' },
    }),
    emit: seen.emit,
    backoff: { minMs: 20, maxMs: 50 },
  });
  try {
    await session.start();
    await expect
      .poll(() => session.view().connection.problem)
      .toMatchObject({ code: 'operator_refused', login: 'nobody' });
    expect(session.view().connection.status).toBe('offline');
    const hellos = () => server.received.filter((m) => m.type === 'hello').length;
    const before = hellos();
    await new Promise((r) => setTimeout(r, 300)); // a window in which a retrying client would have said hello again
    expect(hellos()).toBe(before);
  } finally {
    session.stop();
    await server.close();
  }
});

test('an unreachable server is offline with the address and keeps retrying', async () => {
  const server = await fakeServer();
  const url = server.url;
  await server.close(); // nothing listens there any more
  const seen = collect();
  const session = new OperatorSession({
    resolveEndpoint: async () => ({
      ok: true,
      endpoint: { mode: 'remote', serverUrl: url, login: 'op1', token: 't' },
    }),
    emit: seen.emit,
    backoff: { minMs: 20, maxMs: 50 },
  });
  try {
    await session.start();
    await expect
      .poll(() => session.view().connection.problem)
      .toMatchObject({ code: 'unreachable', where: url });
    expect(session.view().connection.status).toBe('offline');
    // Each failed attempt publishes when the next one comes: several means it keeps trying.
    await expect
      .poll(() => seen.sessions.filter((s) => s.connection.nextAttemptInMs !== null).length)
      .toBeGreaterThan(2);
  } finally {
    session.stop();
  }
});
