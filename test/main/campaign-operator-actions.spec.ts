/**
 * One vocabulary for operator actions (core/operator-actions.ts): the host contract, the operator channel and
 * the engine facade carry exactly the table's actions under the table's names, and an action the renderer
 * asks of the host reaches the campaign server as the channel message of the same name, carrying what it was
 * given. Also what the host does when the server refuses its protocol version or its resume token.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { hostMethodNames, hostMethods, operatorActionMethods } from '../../core/contract';
import {
  operatorActionMessages,
  operatorActionNames,
  operatorActions,
  type OperatorActionInput,
  type OperatorActionName,
} from '../../core/operator-actions';
import {
  ClientMessageSchema,
  OPERATOR_CHANNEL_PROTOCOL_VERSION,
  PROTOCOL_MESSAGE_TYPES,
  protocolVersionProblem,
  type ClientMessage,
  type ServerMessageInput,
} from '../../core/operator-channel';
import { applySettingsPatch, defaultSettings } from '../../core/settings';
import { OPERATOR_TOKEN_FILE, openCampaignService } from '../../main/campaign/campaign-service';
import { OperatorSession } from '../../main/campaign/operator-session';
import { CampaignEngine } from '../../server/engine/engine';

/** Names the layers used before they shared one vocabulary: none may come back. */
const DRIFTED_NAMES = [
  'accept',
  'decline',
  'reject',
  'callProgress',
  'callEnded',
  'dialFailed',
  'submitAcw',
  'setOperatorReady',
];

/** One argument per action; TypeScript insists on an entry for a new action. */
const examples: { [N in OperatorActionName]: OperatorActionInput<N> } = {
  setReady: {},
  setNotReady: { reason: 'lunch' },
  acceptOffer: { contactId: '7' },
  declineOffer: { contactId: '7' },
  rejectContact: { contactId: '7' },
  callNow: { contactId: '7' },
  reportCallProgress: { contactId: '7', attemptId: '11', stage: 'ringing', sipCode: 180 },
  reportCallEnded: { contactId: '7', attemptId: '11', outcome: 'answered', sipCode: 200, cause: null },
  reportDialFailed: {
    contactId: '7',
    attemptId: '11',
    reason: 'microphone_denied',
    diagnostics: { mic: 'denied' },
  },
  submitAfterCallWork: { contactId: '7', disposition: 'sale', note: 'two boxes' },
  reportTransfer: {
    contactId: '7',
    attemptId: '11',
    kind: 'blind',
    target: '+420777000111',
    result: 'completed',
  },
};

test('the contract, the channel and the engine carry every action of the table under its name, and no other', () => {
  // Host contract: each action is a method generated from the table; none under an older name.
  for (const name of operatorActionNames) {
    expect(hostMethods[name], name).toBe(operatorActionMethods[name]);
    expect(
      hostMethods[name].arg.safeParse({ ...examples[name], extra: 1 }).success,
      `${name} is strict`,
    ).toBe(false);
  }
  const generated = hostMethodNames.filter(
    (n) => (operatorActionMethods as Record<string, unknown>)[n] === hostMethods[n],
  );
  expect(generated.sort()).toEqual([...operatorActionNames].sort());
  for (const old of DRIFTED_NAMES) expect(hostMethodNames, old).not.toContain(old);

  // Operator channel: the client's union is the table plus the protocol's own messages, nothing else.
  const channelTypes = ClientMessageSchema.options.map((o) => o.shape.type.value as string);
  expect(channelTypes.sort()).toEqual([...operatorActionNames, ...PROTOCOL_MESSAGE_TYPES].sort());
  for (const name of operatorActionNames) {
    // The channel message is the contract argument plus `type` and `requestId`.
    expect(Object.keys(operatorActionMessages[name].shape).sort()).toEqual(
      [...Object.keys(operatorActions[name].shape), 'type', 'requestId'].sort(),
    );
  }

  // Engine facade: a method per action, none under an older name.
  const engine = CampaignEngine.prototype as unknown as Record<string, unknown>;
  for (const name of operatorActionNames) expect(typeof engine[name], name).toBe('function');
  for (const old of DRIFTED_NAMES) expect(engine[old], old).toBeUndefined();
});

test('a bad argument is refused by the contract naming the field', () => {
  const r = hostMethods.submitAfterCallWork.arg.safeParse({ contactId: '7', disposition: ' ' });
  expect(r.success).toBe(false);
  expect(JSON.stringify(r.error?.issues)).toContain('a disposition is required');
  // An action without arguments may be called without one.
  expect(hostMethods.setReady.arg.parse(undefined)).toEqual({});
});

type FakeServer = {
  url: string;
  received: ClientMessage[];
  close(): Promise<void>;
};

/** A campaign server that welcomes any hello, or refuses it the way `refuse` says, and records what it got. */
async function fakeServer(
  refuse: (hello: Extract<ClientMessage, { type: 'hello' }>) => ServerMessageInput | null = () => null,
): Promise<FakeServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/v1/operator-channel' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const sockets = new Set<WebSocket>();
  let hellos = 0;
  const server: FakeServer = {
    url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    received: [],
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      // Parsed as the real server parses it: a message the schema refuses fails the test here.
      const msg = ClientMessageSchema.parse(JSON.parse(String(data)));
      server.received.push(msg);
      if (msg.type !== 'hello') return;
      const refusal = refuse(msg);
      if (refusal) {
        ws.send(JSON.stringify(refusal));
        ws.close(4002, 'refused');
        return;
      }
      ws.send(
        JSON.stringify({
          type: 'welcome',
          operator: { id: 'op1', login: msg.login, name: 'Operator One' },
          campaigns: [],
          resumeToken: `resume-${++hellos}`,
          resumeGraceMs: 20_000,
          heartbeatIntervalMs: 1000,
          resumed: false,
          state: { ready: false, reason: 'starting', current: null },
        } satisfies ServerMessageInput),
      );
    });
  });
  return server;
}

test('each action the renderer asks of the host reaches the server under the same name, with its argument', async () => {
  const server = await fakeServer();
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-operator-actions-'));
  writeFileSync(join(dir, OPERATOR_TOKEN_FILE), 't0ken\n');
  const settings = applySettingsPatch(defaultSettings(), {
    campaignServer: { mode: 'remote', url: server.url, operatorLogin: 'op1' },
  });
  const service = openCampaignService({ userDataDir: dir, settings: () => settings, emit: () => undefined });
  try {
    await service.handlers.connectCampaign!(undefined);
    await expect.poll(() => service.session.view().connection.status).toBe('connected');
    for (const name of operatorActionNames) {
      const handler = service.handlers[name] as (arg: unknown) => Promise<unknown>;
      // What a binding does before the handler runs: parse with the contract's schema.
      await expect(handler(hostMethods[name].arg.parse(examples[name]))).resolves.toEqual({ ok: true });
    }
    const actions = () => server.received.filter((m) => m.type !== 'hello' && m.type !== 'heartbeat');
    await expect.poll(() => actions().length).toBe(operatorActionNames.length);
    expect(actions().map((m) => m.type)).toEqual(operatorActionNames);
    for (const m of actions()) {
      const { type, requestId, ...sent } = m;
      // A stable id per action (the server applies each once), unique across app restarts.
      expect(requestId, type).toMatch(/^[0-9a-f]{8}-\d+$/);
      // The phone's reports also carry when they happened (they may wait out an outage in the outbox).
      const { at, ...arg } = sent as Record<string, unknown>;
      if (type === 'reportCallProgress' || type === 'reportCallEnded')
        expect(Date.parse(String(at))).not.toBeNaN();
      else expect(at, type).toBeUndefined();
      expect(arg, type).toEqual(
        operatorActions[type as OperatorActionName].parse(examples[type as OperatorActionName]),
      );
    }
  } finally {
    await service.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('protocol versions: the host sends its own; a server of another major is refused with which side to update', async () => {
  expect(protocolVersionProblem(OPERATOR_CHANNEL_PROTOCOL_VERSION)).toBeNull();
  expect(protocolVersionProblem(OPERATOR_CHANNEL_PROTOCOL_VERSION - 1)).toMatch(
    /^This Dialdeck is too old for the campaign server .*update Dialdeck on this workstation/,
  );
  expect(protocolVersionProblem(OPERATOR_CHANNEL_PROTOCOL_VERSION + 1)).toMatch(
    /^This Dialdeck is too new for the campaign server .*update the campaign server/,
  );

  // A server one major ahead refuses this host as the real one would.
  const server = await fakeServer(() => ({
    type: 'error',
    code: 'protocol_version',
    message: `This Dialdeck is too old for the campaign server (operator channel protocol ${OPERATOR_CHANNEL_PROTOCOL_VERSION}, the server speaks ${OPERATOR_CHANNEL_PROTOCOL_VERSION + 1}): update Dialdeck on this workstation.`,
  }));
  const session = new OperatorSession({
    resolveEndpoint: async () => ({
      ok: true,
      endpoint: { mode: 'remote', serverUrl: server.url, login: 'op1', token: 't' },
    }),
    emit: () => undefined,
    backoff: { minMs: 20, maxMs: 50 },
  });
  try {
    await session.start();
    await expect.poll(() => session.view().connection.problem?.code).toBe('version_refused');
    expect(session.view().connection.problem).toMatchObject({
      reason: expect.stringContaining('This Dialdeck is too old'),
    });
    expect(session.view().connection.status).toBe('offline');
    expect(server.received[0]).toMatchObject({
      type: 'hello',
      protocolVersion: OPERATOR_CHANNEL_PROTOCOL_VERSION,
    });
    const hellos = () => server.received.filter((m) => m.type === 'hello').length;
    const before = hellos();
    await new Promise((r) => setTimeout(r, 300)); // a window in which a retrying client would have said hello again
    expect(hellos()).toBe(before);
  } finally {
    session.stop();
    await server.close();
  }
});

test('a refused resume token is dropped: the host signs in afresh without it', async () => {
  const server = await fakeServer((hello) =>
    hello.resumeToken
      ? { type: 'error', code: 'resume_refused', message: 'this session cannot be resumed' }
      : null,
  );
  const session = new OperatorSession({
    resolveEndpoint: async () => ({
      ok: true,
      endpoint: { mode: 'remote', serverUrl: server.url, login: 'op1', token: 't' },
    }),
    emit: () => undefined,
    backoff: { minMs: 20, maxMs: 50 },
  });
  try {
    await session.start();
    await expect.poll(() => session.view().connection.status).toBe('connected');
    session.dropLink();
    const hellos = () => server.received.filter((m) => m.type === 'hello');
    await expect.poll(() => hellos().length).toBeGreaterThanOrEqual(3);
    await expect.poll(() => session.view().connection.status).toBe('connected');
    expect(hellos()[1]).toMatchObject({ resumeToken: 'resume-1' });
    expect(hellos()[2]!.resumeToken).toBeUndefined();
  } finally {
    session.stop();
    await server.close();
  }
});
