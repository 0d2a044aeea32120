/** The live event stream (Server-Sent Events): every contact state change and campaign status, as it commits. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CampaignEngine } from '../../engine/engine';
import { parse } from '../errors';
import { described } from '../schema';

const EventsQuerySchema = z.object({ campaignId: z.string().optional() });
/** Proxies close idle connections; a comment line now and then keeps the stream open. */
const KEEP_ALIVE_MS = 15_000;

export function eventRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  app.get('/api/v1/events', described('events', { querystring: EventsQuerySchema }), async (req, reply) => {
    const q = parse(EventsQuerySchema, req.query, 'query');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const off = engine.onEvent((e) => {
      if (q.campaignId && e.campaignId !== q.campaignId) return;
      res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      off();
    });
  });
}
