/**
 * The operator channel's server side (protocol: core/operator-channel.ts). One WebSocket per operator; the
 * first message must be `hello`. Every frame is parsed with the protocol's schema; a bad frame gets an
 * `error` and the connection stays up. A dropped connection keeps the operator's contact for the engine's
 * grace period (see CampaignEngine.detachOperator).
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type {} from '@fastify/websocket';
import {
  ClientMessageSchema,
  OPERATOR_CHANNEL_PATH,
  parseChannelMessage,
  type ClientMessage,
  type ServerMessageInput,
  ServerMessageSchema,
} from '../../core/operator-channel';
import { CampaignEngine, EngineError } from '../engine/engine';

export function registerOperatorChannel(app: FastifyInstance, engine: CampaignEngine): void {
  app.get(OPERATOR_CHANNEL_PATH, { websocket: true }, (socket: WebSocket) => {
    let operatorId: string | null = null;
    let lastHeard = Date.now();
    let queue = Promise.resolve();
    const send = (message: ServerMessageInput) => {
      if (socket.readyState !== socket.OPEN) return;
      socket.send(JSON.stringify(ServerMessageSchema.parse(message)));
    };
    const watchdog = setInterval(() => {
      // Three missed heartbeats: the workstation is gone even if TCP has not noticed yet.
      if (Date.now() - lastHeard > engine.heartbeatIntervalMs * 3) socket.terminate();
    }, engine.heartbeatIntervalMs);

    socket.on('message', (raw) => {
      lastHeard = Date.now();
      // Messages of one operator are handled in order: accept must not overtake the offer it answers.
      queue = queue.then(() => handle(String(raw))).catch(() => undefined);
    });
    socket.on('close', () => {
      clearInterval(watchdog);
      if (operatorId) void engine.detachOperator(operatorId, send).catch(() => undefined);
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

    async function hello(m: Extract<ClientMessage, { type: 'hello' }>): Promise<void> {
      const op = await engine.authenticateOperator(m.login, m.token);
      if (!op) {
        send({
          type: 'error',
          code: 'unauthorized',
          message: 'unknown operator login or wrong token',
          requestId: m.requestId,
        });
        socket.close(4001, 'unauthorized');
        return;
      }
      if (operatorId && operatorId !== op.id) await engine.detachOperator(operatorId, send);
      operatorId = op.id;
      const { resumed } = await engine.attachOperator(op.id, send);
      const resumeToken = await engine.issueResumeToken(op.id);
      const campaigns = await engine.operatorCampaigns(op.id);
      const fresh = (await engine.operator(op.id))!;
      send({
        type: 'welcome',
        operator: { id: op.id, login: op.login, name: op.name },
        campaigns: campaigns.map((k) => {
          const s = k.settings;
          return {
            id: k.id,
            name: k.name,
            mode: s.mode,
            status: k.status,
            bcwSeconds: s.bcwSeconds,
            offerTimeoutSeconds: s.offerTimeoutSeconds,
            acwSeconds: s.acwSeconds,
            dispositions: s.dispositions,
          };
        }),
        resumeToken,
        resumeGraceMs: engine.resumeGraceMs,
        heartbeatIntervalMs: engine.heartbeatIntervalMs,
        resumed,
        state: {
          ready: fresh.ready,
          reason: fresh.not_ready_reason,
          current: await engine.currentContact(op.id),
        },
      });
    }

    async function act(id: string, m: ClientMessage): Promise<void> {
      switch (m.type) {
        case 'hello':
          return;
        case 'heartbeat':
          return send({ type: 'heartbeatAck', at: engine.clock.now().toISOString(), requestId: m.requestId });
        case 'setReady':
          return engine.setReady(id, true, null);
        case 'setNotReady':
          return engine.setReady(id, false, m.reason);
        case 'accept':
          return engine.accept(id, m.contactId);
        case 'decline':
          return engine.decline(id, m.contactId);
        case 'reject':
          return engine.reject(id, m.contactId);
        case 'callNow':
          return engine.callNow(id, m.contactId);
        case 'callProgress':
          return engine.callProgress(id, m.contactId, m.attemptId, m.stage, m.sipCode);
        case 'callEnded':
          return engine.callEnded(id, m);
        case 'dialFailed':
          return engine.dialFailed(id, m.contactId, m.attemptId, m.reason, m.diagnostics);
        case 'submitAcw':
          return engine.submitAcw(id, m);
      }
    }
  });
}
