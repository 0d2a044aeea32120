/**
 * The dialer's status (issue 11): whether predictive campaigns can place calls now and, when not, why as a
 * problem code with the detail for IT. IT tests a dialer configuration with it before starting a campaign; the
 * supervisor view's banner reads it.
 */
import type { FastifyInstance } from 'fastify';
import { DialerStatusSchema } from '../../../core/dialer-status';
import type { CampaignEngine } from '../../engine/engine';
import { json } from '../schema';

export function dialerRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  app.get(
    '/api/v1/dialer/status',
    {
      schema: {
        tags: ['dialer'],
        summary: 'Whether the dialer can place calls now, and why not as a problem code',
        response: { 200: json(DialerStatusSchema) },
      },
    },
    async () => engine.dialerStatusByCampaign(),
  );
}
