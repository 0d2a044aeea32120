/** Contacts: add (JSON or a streamed CSV file), list by state page by page, read one with its history, remove. */
import { apiProblem } from '../../../core/api-problem';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ContactInputSchema, NUL_REFUSED } from '../../../core/campaign';
import { ContactStateSchema } from '../../../core/states';
import type { CampaignEngine, ContactRow } from '../../engine/engine';
import { contactAttempts, contactById, contactEvents, contactsPage } from '../../store/api-contacts';
import { importContacts, type ImportResult } from '../../store/contact-import';
// call recording (issue 13.8): each attempt lists its recording
import { withRecordings } from '../../store/recordings';
import { actorOf, bearerOf } from '../auth';
import { csvContactRecords, endUpload, trackUpload, uploadProgress } from '../csv-contacts';
import { HttpError, parse } from '../errors';
import { ContactIdParamSchema, described, IdParamSchema } from '../schema';
import { loadCampaign, openCampaign } from './campaigns';

const ListQuerySchema = z.object({
  state: ContactStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Keyset paging: the `next` cursor of the previous page. */
  after: z.coerce.number().int().min(0).default(0),
});
const ContactsBodySchema = z.object({ contacts: z.array(ContactInputSchema).min(1).max(10_000) });
/** Rows are checked one by one by the import, which reports every bad row; this only checks the envelope. */
const ContactsEnvelopeSchema = z.object({ contacts: z.array(z.unknown()).min(1).max(10_000) });
const ImportQuerySchema = z.object({ skipInvalidRows: z.enum(['true', 'false']).default('false') });
// CSV import progress: the client names its upload so it can poll how far the server has read it.
const UploadIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -, at most 64');
const CsvImportQuerySchema = ImportQuerySchema.extend({ importId: UploadIdSchema.optional() });
const UploadParamSchema = IdParamSchema.extend({ importId: UploadIdSchema });
const CsvBodySchema = z
  .string()
  .describe(
    'CSV with a header row: phone (or number), name, externalId, timeZone (an IANA zone such as Europe/Prague, overriding the zone the number gives); other columns are custom fields. Delimiter (, ; tab) and encoding (UTF-8, UTF-16 with BOM, else Windows-1250, or the charset named in Content-Type) are detected.',
  );

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
    timeZone: c.time_zone,
    updatedAt: c.updated_at.toISOString(),
  };
}

/**
 * Nothing written: 422 when the rows are well-formed but refused (a bad number, a duplicate), 400 when a row holds
 * bytes no database can keep (a NUL): that is a malformed request, not a contact the list could hold.
 */
function refusedStatus(result: ImportResult): 400 | 422 {
  return result.errors.some((e) => e.message.includes(NUL_REFUSED)) ? 400 : 422;
}

function answerImport(reply: FastifyReply, result: ImportResult) {
  return reply
    .status(result.written ? 201 : refusedStatus(result))
    .send(
      result.written
        ? result
        : { error: `${result.errorCount} rows refused; nothing was written`, ...result },
    );
}

export function contactRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  const db = engine.db;

  app.post(
    '/api/v1/campaigns/:id/contacts',
    described('contacts', {
      params: IdParamSchema,
      querystring: ImportQuerySchema,
      body: ContactsBodySchema,
    }),
    async (req, reply) => {
      const { id } = parse(IdParamSchema, req.params, 'path');
      const q = parse(ImportQuerySchema, req.query, 'query');
      const body = parse(ContactsEnvelopeSchema, req.body, 'contacts');
      const k = await openCampaign(engine, id);
      const result = await importContacts(
        db,
        k,
        body.contacts.map((record, i) => ({ row: i + 1, record })),
        { actor: actorOf(req), now: engine.clock.now(), skipInvalidRows: q.skipInvalidRows === 'true' },
      );
      engine.kick();
      return answerImport(reply, result);
    },
  );

  app.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
  app.post(
    '/api/v1/campaigns/:id/contacts.csv',
    {
      schema: {
        ...described('contacts', { params: IdParamSchema, querystring: CsvImportQuerySchema }).schema,
        consumes: ['text/csv'],
        body: { type: 'string', description: CsvBodySchema.description },
      },
    },
    async (req, reply) => {
      const { id } = parse(IdParamSchema, req.params, 'path');
      const q = parse(CsvImportQuerySchema, req.query, 'query');
      const contentType = String(req.headers['content-type'] ?? '');
      if (!contentType.startsWith('text/csv'))
        throw new HttpError(415, 'send the file as Content-Type: text/csv', apiProblem('csv_content_type'));
      const k = await openCampaign(engine, id);
      const progress = trackUpload(q.importId && `${id}/${q.importId}`, bearerOf(req));
      const records = csvContactRecords(req.body as Readable, contentType, progress);
      const result = await importContacts(db, k, records, {
        actor: actorOf(req),
        now: engine.clock.now(),
        skipInvalidRows: q.skipInvalidRows === 'true',
      })
        .catch((e: Error) => {
          throw e instanceof HttpError
            ? e
            : new HttpError(
                400,
                `unreadable CSV: ${e.message}`,
                apiProblem('csv_unreadable', { detail: e.message }),
              );
        })
        .finally(() => endUpload(q.importId && `${id}/${q.importId}`, progress));
      engine.kick();
      return answerImport(reply, result);
    },
  );

  app.get(
    '/api/v1/campaigns/:id/imports/:importId',
    described('contacts', { params: UploadParamSchema }),
    async (req) => {
      const { id, importId } = parse(UploadParamSchema, req.params, 'path');
      const progress = uploadProgress(`${id}/${importId}`, bearerOf(req));
      if (!progress)
        throw new HttpError(
          404,
          `no upload ${importId} under way in this campaign (on this server instance, sent with this token)`,
          apiProblem('not_found', { what: 'upload', id: importId }),
        );
      return progress;
    },
  );

  app.get(
    '/api/v1/campaigns/:id/contacts',
    described('contacts', { params: IdParamSchema, querystring: ListQuerySchema }),
    async (req) => {
      const { id } = parse(IdParamSchema, req.params, 'path');
      const q = parse(ListQuerySchema, req.query, 'query');
      await loadCampaign(engine, id);
      const rows = await contactsPage(db, {
        campaignId: id,
        after: q.after,
        state: q.state ?? null,
        limit: q.limit,
      });
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        contacts: page.map(contactView),
        next: rows.length > q.limit && last ? String(last.id) : null,
      };
    },
  );

  app.get('/api/v1/contacts/:id', described('contacts', { params: ContactIdParamSchema }), async (req) => {
    const { id } = parse(ContactIdParamSchema, req.params, 'path');
    const contact = await contactById(db, Number(id));
    if (!contact)
      throw new HttpError(404, `contact ${id} not found`, apiProblem('not_found', { what: 'contact', id }));
    return {
      ...contactView(contact),
      events: await contactEvents(db, Number(id)),
      attemptHistory: await withRecordings(db, await contactAttempts(db, Number(id))),
    };
  });

  app.delete('/api/v1/contacts/:id', described('contacts', { params: ContactIdParamSchema }), async (req) => {
    const { id } = parse(ContactIdParamSchema, req.params, 'path');
    const state = await engine.removeContact(id, actorOf(req));
    if (state === null)
      throw new HttpError(404, `contact ${id} not found`, apiProblem('not_found', { what: 'contact', id }));
    return { id, state };
  });
}
