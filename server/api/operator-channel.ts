/**
 * The operator channel's server side (protocol: core/operator-channel.ts). One WebSocket per operator; the
 * first message must be `hello`. Every frame is parsed with the protocol's schema; a bad frame gets an
 * `error` and the connection stays up. A `hello` in another protocol major version, with a wrong token, or
 * with a resume token that is not the operator's latest is refused and the socket closed. A dropped connection keeps the operator's contact for the engine's
 * grace period (see CampaignEngine.detachOperator).
 *
 * A client that sends `lastSeq` in `hello` speaks numbered messages: its actions are applied once by their
 * `requestId` and answered `received`; on a resume the messages it missed are replayed from the database (by
 * whichever instance it reaches) before any new one, so messages that arrive meanwhile are held back.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type {} from '@fastify/websocket';
import {
  NotReadyCodeSchema,
  ClientMessageSchema,
  OPERATOR_CHANNEL_PATH,
  parseChannelMessage,
  protocolVersionProblem,
  seqOf,
  type ClientMessage,
  type ServerMessageInput,
  ServerMessageSchema,
} from '../../core/operator-channel';
import { isTimeZone } from '../../core/campaign';
import { runOperatorAction } from '../../core/operator-actions';
import { AlreadyApplied, CampaignEngine, EngineError, operatorCampaign } from '../engine/engine';
import { campaignForClient, messageForClient } from './channel-understands';
/** Messages after which the operator's figures have moved. */
const MOVES_THE_DAY: ReadonlySet<string> = new Set(['operatorStatus', 'contactState', 'result']);
/** A burst of moves (result, then the next offer) sends one `myDay`. */
const MY_DAY_SETTLE_MS = 250;

export function registerOperatorChannel(app: FastifyInstance, engine: CampaignEngine): void {
  app.get(OPERATOR_CHANNEL_PATH, { websocket: true }, (socket: WebSocket) => {
    let operatorId: string | null = null;
    let lastHeard = Date.now();
    let queue = Promise.resolve();
    /** The client speaks numbered messages (it sent `lastSeq`). */
    let numbered = false;
    /** Message types added since version 2 that the client named in its hello; no other reaches it. */
    let understands = new Set<string>();
    /** Messages for the operator that arrive while the welcome and the replay are being sent wait here. */
    let held: ServerMessageInput[] | null = null;
    const send = (message: ServerMessageInput) => {
      if (socket.readyState !== socket.OPEN) return;
      socket.send(JSON.stringify(ServerMessageSchema.parse(message)));
    };
    /** The engine's way to this operator (attached as their sink). */
    const deliver = (kept: ServerMessageInput) => {
      const message = messageForClient(kept, understands);
      if (!message) return;
      if (held) held.push(message);
      else send(message);
      if (MOVES_THE_DAY.has(message.type)) pushMyDay();
    };
    // ── the operator's own day (issue 13.5): sent a moment after their picture changes, numbered clients only ──
    let dayTimeZone = 'UTC';
    let dayTimer: ReturnType<typeof setTimeout> | null = null;
    const pushMyDay = () => {
      if (!numbered || !operatorId || dayTimer) return;
      const id = operatorId;
      dayTimer = setTimeout(() => {
        dayTimer = null;
        engine
          .operatorDay(id, dayTimeZone)
          .then(({ at, date, figures }) => {
            if (figures) send({ type: 'myDay', at, date, timeZone: dayTimeZone, figures });
          })
          .catch(() => undefined);
      }, MY_DAY_SETTLE_MS);
    };
    // This instance was declared dead and rejoined under a new id: the records count this operator as gone from
    // it, so the socket is closed and the client resumes (here or elsewhere) and is welcomed as the records say.
    // Left open, its heartbeats would keep it up while no offer ever reached it.
    const offLeaseLost = engine.onLeaseLost(() => {
      if (operatorId) socket.close(1012, 'instance rejoined');
    });
    const watchdog = setInterval(() => {
      // Three missed heartbeats: the workstation is gone even if TCP has not noticed yet.
      if (Date.now() - lastHeard > engine.heartbeatIntervalMs * 3) socket.terminate();
    }, engine.heartbeatIntervalMs);

    // Acknowledgements are not queued behind the operator's actions: the newest one is written when the last
    // write is done (each covers every number before it).
    let ackTo = 0;
    let acking: Promise<void> | null = null;
    const acknowledge = (seq: number) => {
      ackTo = Math.max(ackTo, seq);
      if (acking || !operatorId) return;
      const id = operatorId;
      const write = async (): Promise<void> => {
        let done = 0;
        while (done < ackTo) {
          done = ackTo;
          await engine.channelAcknowledge(id, done);
        }
      };
      acking = write()
        .catch(() => undefined)
        .finally(() => {
          acking = null;
        });
    };

    socket.on('message', (raw) => {
      lastHeard = Date.now();
      const text = String(raw);
      // A well-formed ack from a signed-in operator skips the queue (see `acknowledge`).
      if (operatorId && text.startsWith('{"type":"ack"')) {
        const parsed = parseChannelMessage(ClientMessageSchema, text);
        if (parsed.ok && parsed.message.type === 'ack') return acknowledge(parsed.message.seq);
      }
      // Messages of one operator are handled in order: accept must not overtake the offer it answers.
      queue = queue.then(() => handle(text)).catch(() => undefined);
    });
    socket.on('close', () => {
      offLeaseLost();
      clearInterval(watchdog);
      if (dayTimer) clearTimeout(dayTimer);
      if (operatorId) void engine.detachOperator(operatorId, deliver).catch(() => undefined);
    });

    async function handle(raw: string): Promise<void> {
      const parsed = parseChannelMessage(ClientMessageSchema, raw);
      if (!parsed.ok) return send({ type: 'error', code: 'bad_message', message: parsed.error });
      const message = parsed.message;
      try {
        if (message.type === 'hello') return await hello(message);
        if (!operatorId) {
          return send({
            type: 'error',
            code: 'unauthorized',
            message: 'send hello first',
            requestId: message.requestId,
          });
        }
        await act(operatorId, message);
      } catch (error) {
        if (error instanceof AlreadyApplied) {
          return send({ type: 'received', requestId: error.requestId, duplicate: true });
        }
        if (error instanceof EngineError) {
          return send({
            type: 'error',
            code: error.code,
            message: error.message,
            requestId: message.requestId,
          });
        }
        console.error('operator channel:', error);
        send({ type: 'error', code: 'internal', message: 'internal error', requestId: message.requestId });
      }
    }

    /** Refuses the hello with `code` and closes the socket (4001: who you are; 4002: how you talk). */
    function refuse(code: string, message: string, requestId: string | undefined, closeCode: number): void {
      send({ type: 'error', code, message, requestId });
      socket.close(closeCode, code);
    }

    async function hello(m: Extract<ClientMessage, { type: 'hello' }>): Promise<void> {
      const versionProblem = protocolVersionProblem(m.protocolVersion);
      if (versionProblem) return refuse('protocol_version', versionProblem, m.requestId, 4002);
      const op = await engine.authenticateOperator(m.login, m.token);
      if (!op) {
        return refuse('unauthorized', 'unknown operator login or wrong token', m.requestId, 4001);
      }
      // A resume token that is not the latest (a newer sign-in replaced it, or it is made up) takes nothing back.
      if (m.resumeToken !== undefined && !(await engine.resumeTokenMatches(op.id, m.resumeToken))) {
        const message =
          'this session cannot be resumed (another sign-in replaced it, or the resume token is wrong): sign in without it';
        return refuse('resume_refused', message, m.requestId, 4001);
      }
      if (operatorId && operatorId !== op.id) await engine.detachOperator(operatorId, deliver);
      operatorId = op.id;
      numbered = m.lastSeq !== undefined;
      understands = new Set(m.understands ?? []);
      dayTimeZone = m.timeZone && isTimeZone(m.timeZone) ? m.timeZone : 'UTC';
      held = [];
      try {
        await welcome(m, op);
      } finally {
        const waiting = held;
        held = null;
        for (const message of waiting) send(message);
      }
    }

    async function welcome(
      m: Extract<ClientMessage, { type: 'hello' }>,
      op: { id: string; login: string; name: string },
    ): Promise<void> {
      // Read before attaching: whatever is numbered after this reaches the client live (or held, below).
      const head = numbered ? await engine.channelHead(op.id) : 0;
      const { resumed } = await engine.attachOperator(op.id, deliver);
      if (!resumed) await engine.channelNewSession(op.id, head);
      const resumeToken = await engine.issueResumeToken(op.id);
      const campaigns = await engine.operatorCampaigns(op.id);
      const fresh = (await engine.operator(op.id))!;
      send({
        type: 'welcome',
        operator: { id: op.id, login: op.login, name: op.name },
        campaigns: campaigns.map((k) => campaignForClient(operatorCampaign(k), understands)),
        resumeToken,
        resumeGraceMs: engine.resumeGraceMs,
        heartbeatIntervalMs: engine.heartbeatIntervalMs,
        resumed,
        state: {
          ready: fresh.ready,
          reason: fresh.not_ready_reason,
          reasonCode: NotReadyCodeSchema.nullable().catch(null).parse(fresh.not_ready_code),
          reasonId: fresh.not_ready_reason_id,
          current: await engine.currentContact(op.id),
        },
        notReadyReasons: await engine.notReadyReasons(),
        ...(numbered ? { lastSeq: head } : {}),
        transferTargets: await engine.transferTargets(),
      });
      if (understands.has('callbacks')) send({ type: 'callbacks', items: await engine.callbacksOf(op.id) });
      if (!numbered) return;
      // Replay what the client missed, then only held messages it has not had (the replay may include them).
      let sentUpTo = resumed ? m.lastSeq! : head;
      if (resumed) {
        for (const missed of await engine.channelMissed(op.id, sentUpTo)) {
          const shaped = messageForClient(missed, understands);
          if (shaped) send(shaped);
          sentUpTo = Math.max(sentUpTo, seqOf(missed) ?? 0);
        }
      }
      held = held!.filter((h) => (seqOf(h) ?? Infinity) > sentUpTo);
      pushMyDay();
    }

    async function act(id: string, m: ClientMessage): Promise<void> {
      if (m.type === 'hello') return;
      if (m.type === 'heartbeat')
        return send({ type: 'heartbeatAck', at: engine.clock.now().toISOString(), requestId: m.requestId });
      if (m.type === 'ack') return acknowledge(m.seq);
      // Every other message is an operator action: the engine method of the same name takes it.
      if (!numbered || m.requestId === undefined) return runOperatorAction(engine, id, m);
      await engine.applyOnce(id, m.requestId, () => runOperatorAction(engine, id, m));
      send({ type: 'received', requestId: m.requestId, duplicate: false });
    }
  });
}
