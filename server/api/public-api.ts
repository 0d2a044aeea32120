/**
 * The Public API under /api/v1: campaigns, contacts (JSON and streamed CSV), blacklist, operators, API tokens,
 * reports and a live event stream (SSE). Bearer API tokens, stored hashed; `readonly` tokens may only GET. Bodies and queries are parsed with zod
 * (the JSON Schemas in the OpenAPI document are generated from the same schemas); every bad input gets a
 * 4xx with a clear message. To add an endpoint: see server/README.md.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as parseCsv } from 'csv-parse';
import type {} from '@fastify/swagger';
import { z } from 'zod';
import { CampaignCreateSchema, CampaignSettingsSchema, CampaignUpdateSchema } from '../../core/campaign';
import { normalisePhoneNumber } from '../../core/phone-number';
import { ContactStateSchema } from '../../core/states';
import { EngineError, type CampaignEngine, type CampaignRow, type ContactRow } from '../engine/engine';
import { isCampaignClosed } from '../../core/campaign-status';
import { importContacts } from '../store/contact-import';
import { hashToken, newToken } from '../store/tokens';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const issues = r.error.issues
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new HttpError(400, `invalid ${what}: ${issues}`);
  }
  return r.data;
}

const idParam = z.object({ id: z.string().min(1).max(128) });
const contactIdParam = z.object({ id: z.string().regex(/^\d{1,15}$/, 'contact ids are numbers') });
const ListQuerySchema = z.object({
  state: ContactStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Keyset paging: the `next` cursor of the previous page. */
  after: z.coerce.number().int().min(0).default(0),
});
const ContactsBodySchema = z.object({ contacts: z.array(z.unknown()).min(1).max(10_000) });
const ImportQuerySchema = z.object({ skipInvalidRows: z.enum(['true', 'false']).default('false') });
const BlacklistBodySchema = z.object({
  phone: z.string().min(1).max(64),
  reason: z.string().max(500).default(''),
  region: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .default('US'),
});
const OperatorCreateSchema = z
  .object({
    login: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[\w.@-]+$/, 'letters, digits, . _ @ - only'),
    name: z.string().trim().min(1).max(200),
    /** The SIP user the PBX rings for predictive calls; defaults to the login. */
    sipUser: z.string().trim().min(1).max(128).optional(),
    campaigns: z.array(z.string()).default([]),
  })
  .strict();
const TokenCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    /** `readonly` tokens may only read (GET); `admin` tokens may do everything. */
    role: z.enum(['admin', 'readonly']).default('admin'),
  })
  .strict();

type TokenRow = { id: string; name: string; role: string; created_at: Date; last_used_at: Date | null };
function tokenView(t: TokenRow) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    createdAt: t.created_at.toISOString(),
    ...(t.last_used_at ? { lastUsedAt: t.last_used_at.toISOString() } : {}),
  };
}
/** Recording every use would write on every request; a minute's precision is enough to spot idle tokens. */
const LAST_USED_PRECISION_MS = 60_000;

function campaignView(k: CampaignRow, operators: string[]) {
  return {
    id: k.id,
    name: k.name,
    status: k.status,
    ...CampaignSettingsSchema.parse(k.settings),
    operators,
    createdAt: k.created_at.toISOString(),
    updatedAt: k.updated_at.toISOString(),
  };
}

function contactView(c: ContactRow) {
  return {
    id: String(c.id),
    campaignId: c.campaign_id,
    phone: c.phone,
    phoneAsGiven: c.phone_raw,
    name: c.name,
    externalId: c.external_id,
    customFields: c.custom_fields,
    state: c.state,
    stateReason: c.state_reason,
    attempts: c.attempts,
    retryAt: c.retry_at?.toISOString() ?? null,
    operatorId: c.operator_id,
    updatedAt: c.updated_at.toISOString(),
  };
}

export function registerPublicApi(app: FastifyInstance, engine: CampaignEngine): void {
  const db = engine.db;
  const json = (s: z.ZodType) =>
    z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _req, reply) => {
    if (error instanceof HttpError) {
      return reply
        .status(error.status)
        .send({ error: error.message, ...(error.details ? { details: error.details } : {}) });
    }
    if (error instanceof EngineError) {
      const code = error.code;
      const status = code === 'not_found' ? 404 : code === 'bad_request' ? 400 : 409;
      return reply.status(status).send({ error: error.message });
    }
    if (error.statusCode && error.statusCode < 500)
      return reply.status(error.statusCode).send({ error: error.message });
    console.error('public API:', error);
    return reply.status(500).send({ error: 'internal error' });
  });

  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (!req.url.startsWith('/api/v1/') || req.url.startsWith('/api/v1/openapi.json')) return;
    if (req.url.startsWith('/api/v1/operator-channel')) return; // operators authenticate in `hello`
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new HttpError(401, 'missing bearer API token (Authorization: Bearer <token>)');
    const rows = await db.query<{ id: string; role: string; last_used_at: Date | null }>(
      'SELECT id, role, last_used_at FROM api_tokens WHERE token_hash = $1',
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) throw new HttpError(401, 'unknown API token');
    if (row.role !== 'admin' && req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(403, `this API token is ${row.role}: it may only read (GET), not ${req.method}`);
    const now = engine.clock.now();
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_PRECISION_MS)
      await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [row.id, now]);
    (req as FastifyRequest & { actor?: string }).actor = `api:${row.id}`;
  });
  const actor = (req: FastifyRequest) => (req as FastifyRequest & { actor?: string }).actor ?? 'api';

  async function loadCampaign(id: string): Promise<CampaignRow> {
    const k = await engine.campaign(db, id);
    if (!k) throw new HttpError(404, `campaign ${id} not found`);
    return k;
  }
  async function operatorsOf(id: string): Promise<string[]> {
    return (
      await db.query<{ login: string }>(
        'SELECT o.login FROM campaign_operators co JOIN operators o ON o.id = co.operator_id WHERE co.campaign_id = $1 ORDER BY o.login',
        [id],
      )
    ).map((r) => r.login);
  }
  async function setOperators(
    tx: { query: typeof db.query },
    campaignId: string,
    logins: string[],
  ): Promise<void> {
    const ops = await tx.query<{ id: string; login: string }>(
      'SELECT id, login FROM operators WHERE login = ANY($1::text[])',
      [logins],
    );
    const missing = logins.filter((l) => !ops.some((o) => o.login === l));
    if (missing.length) throw new HttpError(400, `unknown operators: ${missing.join(', ')}`);
    await tx.query('DELETE FROM campaign_operators WHERE campaign_id = $1', [campaignId]);
    for (const o of ops)
      await tx.query('INSERT INTO campaign_operators (campaign_id, operator_id) VALUES ($1, $2)', [
        campaignId,
        o.id,
      ]);
  }

  // ── campaigns ──
  app.post(
    '/api/v1/campaigns',
    { schema: { tags: ['campaigns'], body: json(CampaignCreateSchema) } },
    async (req, reply) => {
      const body = parse(CampaignCreateSchema, req.body, 'campaign');
      const { name, operators, ...settings } = body;
      engine.checkCampaignSettings(CampaignSettingsSchema.parse(settings));
      const id = `cmp_${randomUUID().slice(0, 12)}`;
      const now = engine.clock.now();
      await db.transaction(async (tx) => {
        await tx.query(
          'INSERT INTO campaigns (id, name, status, settings, created_at, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, $5)',
          [id, name, 'DRAFT', JSON.stringify(CampaignSettingsSchema.parse(settings)), now],
        );
        await setOperators(tx, id, operators);
      });
      return reply.status(201).send(campaignView(await loadCampaign(id), await operatorsOf(id)));
    },
  );

  app.get('/api/v1/campaigns', { schema: { tags: ['campaigns'] } }, async () => {
    const rows = await db.query<CampaignRow>('SELECT * FROM campaigns ORDER BY created_at');
    return { campaigns: await Promise.all(rows.map(async (k) => campaignView(k, await operatorsOf(k.id)))) };
  });

  app.get('/api/v1/campaigns/:id', { schema: { tags: ['campaigns'] } }, async (req) => {
    const { id } = parse(idParam, req.params, 'path');
    return campaignView(await loadCampaign(id), await operatorsOf(id));
  });

  app.patch(
    '/api/v1/campaigns/:id',
    { schema: { tags: ['campaigns'], body: json(CampaignUpdateSchema) } },
    async (req) => {
      const { id } = parse(idParam, req.params, 'path');
      const patch = parse(CampaignUpdateSchema, req.body, 'campaign update');
      const k = await loadCampaign(id);
      if (isCampaignClosed(k.status)) throw new HttpError(409, `campaign is ${k.status}`);
      const { name, operators, retry, predictive, ...rest } = patch;
      const merged = parse(
        CampaignSettingsSchema,
        {
          ...k.settings,
          ...rest,
          retry: {
            ...k.settings.retry,
            ...retry,
            delaySeconds: { ...k.settings.retry.delaySeconds, ...retry?.delaySeconds },
          },
          predictive: { ...k.settings.predictive, ...predictive },
        },
        'campaign update',
      );
      engine.checkCampaignSettings(merged, 'campaign update');
      await db.transaction(async (tx) => {
        await tx.query(
          'UPDATE campaigns SET name = $2, settings = $3::jsonb, updated_at = $4 WHERE id = $1',
          [id, name ?? k.name, JSON.stringify(merged), engine.clock.now()],
        );
        if (operators) await setOperators(tx, id, operators);
      });
      engine.kick();
      return campaignView(await loadCampaign(id), await operatorsOf(id));
    },
  );

  for (const action of ['start', 'pause'] as const) {
    app.post(`/api/v1/campaigns/:id/${action}`, { schema: { tags: ['campaigns'] } }, async (req) => {
      const { id } = parse(idParam, req.params, 'path');
      await engine.setCampaignStatus(id, action);
      return campaignView(await loadCampaign(id), await operatorsOf(id));
    });
  }

  app.post('/api/v1/campaigns/:id/cancel', { schema: { tags: ['campaigns'] } }, async (req) => {
    const { id } = parse(idParam, req.params, 'path');
    const k = await loadCampaign(id);
    if (isCampaignClosed(k.status)) throw new HttpError(409, `campaign is already ${k.status}`);
    const cancelled = await engine.cancelCampaign(id, actor(req));
    return { ...campaignView(await loadCampaign(id), await operatorsOf(id)), contactsCancelled: cancelled };
  });

  // ── contacts ──
  app.post('/api/v1/campaigns/:id/contacts', { schema: { tags: ['contacts'] } }, async (req, reply) => {
    const { id } = parse(idParam, req.params, 'path');
    const q = parse(ImportQuerySchema, req.query, 'query');
    const body = parse(ContactsBodySchema, req.body, 'contacts');
    const k = await loadCampaign(id);
    if (isCampaignClosed(k.status)) throw new HttpError(409, `campaign is ${k.status}`);
    const result = await importContacts(
      db,
      k,
      body.contacts.map((record, i) => ({ row: i + 1, record })),
      { actor: actor(req), now: engine.clock.now(), skipInvalidRows: q.skipInvalidRows === 'true' },
    );
    engine.kick();
    return reply
      .status(result.written ? 201 : 422)
      .send(
        result.written
          ? result
          : { error: `${result.errorCount} rows refused; nothing was written`, ...result },
      );
  });

  app.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
  app.post('/api/v1/campaigns/:id/contacts.csv', { schema: { tags: ['contacts'] } }, async (req, reply) => {
    const { id } = parse(idParam, req.params, 'path');
    const q = parse(ImportQuerySchema, req.query, 'query');
    if (!String(req.headers['content-type'] ?? '').startsWith('text/csv'))
      throw new HttpError(415, 'send the file as Content-Type: text/csv');
    const k = await loadCampaign(id);
    if (isCampaignClosed(k.status)) throw new HttpError(409, `campaign is ${k.status}`);
    const result = await importContacts(db, k, csvRecords(req.body as Readable), {
      actor: actor(req),
      now: engine.clock.now(),
      skipInvalidRows: q.skipInvalidRows === 'true',
    }).catch((e: Error) => {
      throw e instanceof HttpError ? e : new HttpError(400, `unreadable CSV: ${e.message}`);
    });
    engine.kick();
    return reply
      .status(result.written ? 201 : 422)
      .send(
        result.written
          ? result
          : { error: `${result.errorCount} rows refused; nothing was written`, ...result },
      );
  });

  app.get('/api/v1/campaigns/:id/contacts', { schema: { tags: ['contacts'] } }, async (req) => {
    const { id } = parse(idParam, req.params, 'path');
    const q = parse(ListQuerySchema, req.query, 'query');
    await loadCampaign(id);
    const rows = await db.query<ContactRow>(
      `SELECT * FROM contacts WHERE campaign_id = $1 AND id > $2 AND ($3::text IS NULL OR state = $3) ORDER BY id LIMIT $4`,
      [id, q.after, q.state ?? null, q.limit + 1],
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { contacts: page.map(contactView), next: rows.length > q.limit && last ? String(last.id) : null };
  });

  app.get('/api/v1/contacts/:id', { schema: { tags: ['contacts'] } }, async (req) => {
    const { id } = parse(contactIdParam, req.params, 'path');
    const rows = await db.query<ContactRow>('SELECT * FROM contacts WHERE id = $1', [Number(id)]);
    if (!rows[0]) throw new HttpError(404, `contact ${id} not found`);
    const events = await db.query<Record<string, unknown>>(
      `SELECT at, from_state AS "from", to_state AS "to", event, actor, reason, attempt_id::text AS "attemptId", details
         FROM contact_events WHERE contact_id = $1 ORDER BY id`,
      [Number(id)],
    );
    const attempts = await db.query<Record<string, unknown>>(
      `SELECT a.id::text AS id, o.login AS operator, a.mode, a.started_at AS "startedAt", a.answered_at AS "answeredAt",
              a.ended_at AS "endedAt", a.outcome, a.sip_code AS "sipCode", a.cause, a.mos, a.dial_failure_reason AS "dialFailureReason",
              a.diagnostics, a.counts, a.disposition, a.note
         FROM attempts a LEFT JOIN operators o ON o.id = a.operator_id WHERE a.contact_id = $1 ORDER BY a.id`,
      [Number(id)],
    );
    return { ...contactView(rows[0]), events, attemptHistory: attempts };
  });

  app.delete('/api/v1/contacts/:id', { schema: { tags: ['contacts'] } }, async (req) => {
    const { id } = parse(contactIdParam, req.params, 'path');
    const state = await engine.removeContact(id, actor(req));
    if (state === null) throw new HttpError(404, `contact ${id} not found`);
    return { id, state };
  });

  // ── blacklist ──
  app.get('/api/v1/blacklist', { schema: { tags: ['blacklist'] } }, async () => ({
    numbers: await db.query('SELECT phone, reason, created_at AS "createdAt" FROM blacklist ORDER BY phone'),
  }));
  app.post(
    '/api/v1/blacklist',
    { schema: { tags: ['blacklist'], body: json(BlacklistBodySchema) } },
    async (req, reply) => {
      const b = parse(BlacklistBodySchema, req.body, 'blacklist entry');
      const n = normalisePhoneNumber(b.phone, b.region);
      if (!n.ok) throw new HttpError(400, `invalid phone: ${n.reason}`);
      const contacts = await engine.setBlacklisted(n.e164, true, actor(req), b.reason);
      return reply.status(201).send({ phone: n.e164, reason: b.reason, contactsBlacklisted: contacts });
    },
  );
  app.delete('/api/v1/blacklist/:phone', { schema: { tags: ['blacklist'] } }, async (req) => {
    const { phone } = parse(z.object({ phone: z.string().min(1).max(64) }), req.params, 'path');
    const n = normalisePhoneNumber(phone, 'US');
    if (!n.ok) throw new HttpError(400, `invalid phone: ${n.reason}`);
    const exists = await db.query('SELECT 1 FROM blacklist WHERE phone = $1', [n.e164]);
    if (!exists.length) throw new HttpError(404, `${n.e164} is not on the blacklist`);
    const contacts = await engine.setBlacklisted(n.e164, false, actor(req));
    return { phone: n.e164, contactsReturned: contacts };
  });

  // ── operators ──
  app.post(
    '/api/v1/operators',
    { schema: { tags: ['operators'], body: json(OperatorCreateSchema) } },
    async (req, reply) => {
      const b = parse(OperatorCreateSchema, req.body, 'operator');
      const token = newToken('op');
      const id = `op_${randomUUID().slice(0, 12)}`;
      await db.transaction(async (tx) => {
        const clash = await tx.query('SELECT 1 FROM operators WHERE login = $1', [b.login]);
        if (clash.length) throw new HttpError(409, `operator ${b.login} already exists`);
        await tx.query(
          'INSERT INTO operators (id, login, name, sip_user, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [id, b.login, b.name, b.sipUser ?? b.login, hashToken(token), engine.clock.now()],
        );
        for (const c of b.campaigns) {
          const k = await tx.query('SELECT 1 FROM campaigns WHERE id = $1', [c]);
          if (!k.length) throw new HttpError(400, `unknown campaign ${c}`);
          await tx.query('INSERT INTO campaign_operators (campaign_id, operator_id) VALUES ($1, $2)', [
            c,
            id,
          ]);
        }
      });
      engine.kick();
      return reply.status(201).send({
        id,
        login: b.login,
        name: b.name,
        sipUser: b.sipUser ?? b.login,
        campaigns: b.campaigns,
        token,
      });
    },
  );
  app.get('/api/v1/operators', { schema: { tags: ['operators'] } }, async () => ({
    operators: await db.query(
      `SELECT o.id, o.login, o.name, o.sip_user AS "sipUser", o.ready, o.not_ready_reason AS "notReadyReason", o.connected,
              o.current_contact_id::text AS "currentContactId",
              COALESCE((SELECT array_agg(campaign_id ORDER BY campaign_id) FROM campaign_operators co WHERE co.operator_id = o.id), '{}') AS campaigns
         FROM operators o ORDER BY o.login`,
    ),
  }));

  // ── API tokens ──
  app.post(
    '/api/v1/tokens',
    { schema: { tags: ['tokens'], body: json(TokenCreateSchema) } },
    async (req, reply) => {
      const b = parse(TokenCreateSchema, req.body, 'API token');
      const token = newToken(b.role === 'admin' ? 'adm' : 'ro');
      const id = `tok_${randomUUID().slice(0, 12)}`;
      const rows = await db.query<TokenRow>(
        'INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [id, b.name, b.role, hashToken(token), engine.clock.now()],
      );
      return reply.status(201).send({ ...tokenView(rows[0]!), token });
    },
  );
  app.get('/api/v1/tokens', { schema: { tags: ['tokens'] } }, async () => ({
    tokens: (
      await db.query<TokenRow>(
        'SELECT id, name, role, created_at, last_used_at FROM api_tokens ORDER BY created_at, id',
      )
    ).map(tokenView),
  }));
  app.delete('/api/v1/tokens/:id', { schema: { tags: ['tokens'] } }, async (req, reply) => {
    const { id } = parse(idParam, req.params, 'path');
    await db.transaction(async (tx) => {
      // Locking every admin row makes two admins revoking each other at once take turns, so one always stays.
      const admins = await tx.query<{ id: string }>(
        "SELECT id FROM api_tokens WHERE role = 'admin' ORDER BY id FOR UPDATE",
      );
      const target = await tx.query<{ role: string }>('SELECT role FROM api_tokens WHERE id = $1', [id]);
      if (!target[0]) throw new HttpError(404, `API token ${id} not found`);
      if (target[0].role === 'admin' && admins.length <= 1)
        throw new HttpError(
          409,
          `API token ${id} is the last admin token; create another admin token before revoking it, or nobody could manage the server`,
        );
      await tx.query('DELETE FROM api_tokens WHERE id = $1', [id]);
    });
    return reply.status(204).send();
  });

  // ── reports ──
  app.get('/api/v1/campaigns/:id/report', { schema: { tags: ['reports'] } }, async (req) => {
    const { id } = parse(idParam, req.params, 'path');
    const k = await loadCampaign(id);
    const states = await db.query<{ state: string; n: number }>(
      'SELECT state, count(*) AS n FROM contacts WHERE campaign_id = $1 GROUP BY state',
      [id],
    );
    const [a] = await db.query<{
      total: number;
      counted: number;
      answered: number;
      abandoned: number;
      aht: number | null;
      not_reached: number;
    }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE counts) AS counted,
              count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,
              count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
              avg(EXTRACT(EPOCH FROM (ended_at - answered_at))) FILTER (WHERE answered_at IS NOT NULL AND ended_at IS NOT NULL) AS aht,
              (SELECT count(*) FROM contacts WHERE campaign_id = $1 AND state = 'RETRY_SCHEDULED' AND retry_at IS NULL) AS not_reached
         FROM attempts WHERE campaign_id = $1`,
      [id],
    );
    const liveAnswered = Number(a!.answered);
    return {
      campaignId: id,
      status: k.status,
      contactsByState: Object.fromEntries(states.map((s) => [s.state, Number(s.n)])),
      notReached: Number(a!.not_reached),
      attempts: {
        total: Number(a!.total),
        counted: Number(a!.counted),
        answered: liveAnswered,
        abandoned: Number(a!.abandoned),
      },
      abandonRate: liveAnswered > 0 ? Number(a!.abandoned) / liveAnswered : 0,
      averageHandlingSeconds: a!.aht === null ? null : Number(a!.aht),
    };
  });

  // ── live events (SSE) ──
  app.get('/api/v1/events', { schema: { tags: ['events'] } }, async (req, reply) => {
    const q = parse(z.object({ campaignId: z.string().optional() }), req.query, 'query');
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
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      off();
    });
  });
}

/** CSV rows as records: `phone` (or `number`), `name`, `externalId`; every other column is a custom field. */
async function* csvRecords(stream: Readable): AsyncGenerator<{ row: number; record: unknown }> {
  const parser = stream.pipe(
    parseCsv({ columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }),
  );
  let row = 1; // the header is row 1; data rows start at 2 as a spreadsheet shows them
  for await (const raw of parser as AsyncIterable<Record<string, string>>) {
    row++;
    const record: Record<string, unknown> = { customFields: {} as Record<string, string> };
    for (const [key, value] of Object.entries(raw)) {
      const k = key.trim();
      const lower = k.toLowerCase();
      if (lower === 'phone' || lower === 'number') record.phone = value;
      else if (lower === 'name') record.name = value;
      else if (lower === 'externalid' || lower === 'external_id')
        record.externalId = value === '' ? undefined : value;
      else (record.customFields as Record<string, string>)[k] = value;
    }
    if (record.phone === undefined) record.phone = undefined;
    yield { row, record };
  }
}
