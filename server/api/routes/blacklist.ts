/** The blacklist: numbers never to call. Listing and unlisting go through the engine, which moves contacts. */
import { CAMPAIGN_FORMATS } from '../../../core/campaign';
import { apiProblem } from '../../../core/api-problem';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { storedText } from '../../../core/campaign';
import { normalisePhoneNumber, PHONE_NUMBER_REFUSALS } from '../../../core/phone-number';
import type { CampaignEngine } from '../../engine/engine';
import { isOnBlacklist, listBlacklist } from '../../store/api-blacklist';
import { actorOf } from '../auth';
import { HttpError, parse } from '../errors';
import { described } from '../schema';

/** For numbers written without +country code; both adding and removing take it, so both read a number alike. */
const RegionSchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, CAMPAIGN_FORMATS.region)
  .transform((s) => s.toUpperCase())
  .default('US');
const BlacklistBodySchema = z.object({
  phone: storedText().min(1).max(64),
  reason: storedText().max(500).default(''),
  region: RegionSchema,
});
const PhoneParamSchema = z.object({ phone: storedText().min(1).max(64) });
const RegionQuerySchema = z.object({ region: RegionSchema });

function e164(phone: string, region: string): string {
  const n = normalisePhoneNumber(phone, region);
  if (!n.ok)
    throw new HttpError(
      400,
      `invalid phone: ${n.reason}`,
      apiProblem('invalid_phone', {
        why: Object.entries(PHONE_NUMBER_REFUSALS).find(([, words]) => words === n.reason)?.[0] ?? 'other',
        detail: n.reason,
      }),
    );
  return n.e164;
}

export function blacklistRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  app.get('/api/v1/blacklist', described('blacklist'), async () => ({
    numbers: await listBlacklist(engine.db),
  }));

  app.post('/api/v1/blacklist', described('blacklist', { body: BlacklistBodySchema }), async (req, reply) => {
    const b = parse(BlacklistBodySchema, req.body, 'blacklist entry');
    const phone = e164(b.phone, b.region);
    const contacts = await engine.setBlacklisted(phone, true, actorOf(req), b.reason);
    return reply.status(201).send({ phone, reason: b.reason, contactsBlacklisted: contacts });
  });

  app.delete(
    '/api/v1/blacklist/:phone',
    described('blacklist', { params: PhoneParamSchema, querystring: RegionQuerySchema }),
    async (req) => {
      const p = parse(PhoneParamSchema, req.params, 'path');
      const { region } = parse(RegionQuerySchema, req.query, 'query');
      const phone = e164(p.phone, region);
      if (!(await isOnBlacklist(engine.db, phone)))
        throw new HttpError(
          404,
          `${phone} is not on the blacklist`,
          apiProblem('not_found', { what: 'blacklist_entry', id: phone }),
        );
      const contacts = await engine.setBlacklisted(phone, false, actorOf(req));
      return { phone, contactsReturned: contacts };
    },
  );
}
