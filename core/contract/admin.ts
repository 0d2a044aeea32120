/**
 * The host contract's supervisor area: campaigns, their contacts, CSV import and the blacklist, on the
 * embedded server (read through the Public API by main/).
 */
import { z } from 'zod';
import { CallbackItemSchema, CallbackReassignSchema } from '../callbacks';
import { CampaignCreateSchema } from '../campaign';
import { ApiProblemWireSchema } from '../api-problem';
import { DaySchema, OperatorFiguresSchema } from '../operator-day';
import { method, none, ok } from './method';
// campaign script and CRM screen-pop (issue 13.6, 13.7)
import { CampaignScriptViewSchema } from '../campaign-script';
// the dialer's status (issue 11)
import { DialerStatusSchema } from '../dialer-status';

const contactIdArg = z.object({ contactId: z.string().min(1).max(128) }).strict();

/** The supervisor view's picture of a campaign (embedded server; read through the Public API by main/). */
export const AdminCampaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  mode: z.string(),
  createdAt: z.string().nullable(),
  /** Contacts by state id; states with none may be missing. */
  counts: z.record(z.string(), z.number().int().min(0)),
});
export type AdminCampaign = z.infer<typeof AdminCampaignSchema>;

export const AdminContactSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  state: z.string(),
  attempts: z.number().int().min(0),
  reason: z.string().nullable(),
});
export type AdminContact = z.infer<typeof AdminContactSchema>;

export const CsvImportResultSchema = z.object({
  imported: z.number().int().min(0),
  /** Row numbers as the supervisor's spreadsheet counts them (header = row 1). */
  errors: z.array(
    z.object({
      row: z.number().int(),
      message: z.string(),
      // i18n (issue 14): the refusal as a code the view translates; absent from older servers.
      ...ApiProblemWireSchema.shape,
    }),
  ),
  /** Rows refused in all (the list above may be cut short on a huge file). */
  errorCount: z.number().int().min(0),
  /** False when rows were refused and skipInvalidRows was off: nothing was written. */
  written: z.boolean(),
  byState: z.record(z.string(), z.number().int()).default({}),
});
export type CsvImportResult = z.infer<typeof CsvImportResultSchema>;

export const BlacklistEntrySchema = z.object({
  number: z.string(),
  reason: z.string(),
  createdAt: z.string().nullable(),
  // ── do-not-call (issue 13.4): the operator who listed it from ACW, and in which campaign ──
  operatorLogin: z.string().nullable().default(null),
  campaignId: z.string().nullable().default(null),
});
export type BlacklistEntry = z.infer<typeof BlacklistEntrySchema>;

export const adminMethods = {
  adminListCampaigns: method(none, z.array(AdminCampaignSchema)),
  adminCreateCampaign: method(CampaignCreateSchema, AdminCampaignSchema),
  // campaign script and CRM screen-pop (issue 13.6, 13.7): read and change them on an existing campaign
  adminGetCampaignScript: method(
    z.object({ campaignId: z.string().min(1) }).strict(),
    CampaignScriptViewSchema,
  ),
  adminUpdateCampaignScript: method(
    z
      .object({ campaignId: z.string().min(1) })
      .extend(CampaignScriptViewSchema.shape)
      .strict(),
    CampaignScriptViewSchema,
  ),
  adminSetCampaignStatus: method(
    z.object({ campaignId: z.string().min(1), action: z.enum(['start', 'pause', 'cancel']) }).strict(),
    AdminCampaignSchema,
  ),
  /** CSV text (header row: phone, name, external_id, any custom fields); progress arrives as `csvImportProgress`. */
  adminImportCsv: method(
    z
      .object({
        campaignId: z.string().min(1),
        importId: z.string().min(1).max(64),
        csv: z.string().max(50_000_000),
        /** Write the good rows even when some are refused (the refused ones are listed either way). */
        skipInvalidRows: z.boolean().default(true),
      })
      .strict(),
    CsvImportResultSchema,
  ),
  adminListContacts: method(
    z
      .object({
        campaignId: z.string().min(1),
        state: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        /** The `next` of the previous page. */
        after: z.string().max(32).optional(),
      })
      .strict(),
    z.object({ contacts: z.array(AdminContactSchema), next: z.string().nullable() }),
  ),
  adminRemoveContact: method(contactIdArg, z.object({ state: z.string() })),
  adminListBlacklist: method(none, z.array(BlacklistEntrySchema)),
  adminAddToBlacklist: method(
    z.object({ number: z.string().trim().min(1).max(64), reason: z.string().max(200).default('') }).strict(),
    ok,
  ),
  adminRemoveFromBlacklist: method(z.object({ number: z.string().trim().min(1).max(64) }).strict(), ok),
  // Issue 13.2: a campaign's owned callbacks, and giving one to another operator.
  adminListCallbacks: method(
    z.object({ campaignId: z.string().min(1) }).strict(),
    z.array(CallbackItemSchema),
  ),
  adminReassignCallback: method(
    z
      .object({ contactId: z.string().min(1).max(128) })
      .extend(CallbackReassignSchema.shape)
      .strict(),
    CallbackItemSchema,
  ),
  // ── the operators' day (issue 13.5) ──
  /** Each operator's figures for a day (today by default) in the workstation's time zone. */
  adminOperatorFigures: method(
    z.object({ date: DaySchema.optional() }).strict(),
    z.object({
      date: z.string(),
      timeZone: z.string(),
      at: z.string(),
      operators: z.array(OperatorFiguresSchema),
    }),
  ),
  // ── the dialer's status (issue 11) ──
  /** Whether the embedded server's dialer can place predictive calls now, and why not as a problem code. */
  adminDialerStatus: method(none, DialerStatusSchema),
};

export const adminEvents = {
  csvImportProgress: z.object({
    importId: z.string(),
    /** Rows the server has read and checked so far, of the file's rows. */
    rowsDone: z.number().int(),
    rowsTotal: z.number().int(),
    // CSV import progress (issue 15): bytes the server has read of the file's, and whether it is past reading.
    bytesDone: z.number().int().optional(),
    bytesTotal: z.number().int().optional(),
    stage: z.enum(['reading', 'checking', 'done']).optional(),
  }),
};
