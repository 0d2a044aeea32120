/**
 * Adding contacts to a campaign, from JSON or a streamed CSV: every row is checked, numbers are normalised
 * in the campaign's region (unusable ones become INVALID_RECORD, blacklisted ones BLACKLISTED), duplicates
 * within the file and within the campaign are refused. By default a single bad row refuses the whole import and
 * nothing is written; with `skipInvalidRows` the good rows are written and the bad ones reported.
 *
 * Rows are checked here as they stream in and handed to the database in batches (import-staging.ts); memory
 * holds one batch, never the file, whatever its size.
 */
import { fieldProblem, type ApiProblem } from '../../core/api-problem';
import {
  CAMPAIGN_FORMATS,
  canonicalTimeZone,
  ContactInputSchema,
  isTimeZone,
  NUL_REFUSED,
  type CampaignSettings,
  type ContactInput,
} from '../../core/campaign';
import { timeZoneOfNumber } from '../../core/contact-time-zone';
import { normalisePhoneNumber } from '../../core/phone-number';
import type { Db } from './db';
import {
  checkStaged,
  createStaging,
  stageBatch,
  stagedErrors,
  writeStaged,
  type StagedRow,
} from './import-staging';

/** A refused row: the English `message` scripts read, and the same as a code the supervisor view translates. */
export type RowError = { row: number; message: string } & Partial<ApiProblem>;

export interface ImportResult {
  imported: number;
  byState: Record<string, number>;
  errors: RowError[];
  /** Rows with errors (the list above is cut at `maxReportedErrors`). */
  errorCount: number;
  written: boolean;
}

/** Rows per round trip to the database: large enough that the trip costs little, small enough to stay light. */
const BATCH = 10_000;
const maxReportedErrors = 1000;
/**
 * Rows checked between two turns of the event loop. A file that arrived faster than it is checked is parsed from
 * buffers with no I/O wait, so the loop would keep the thread to itself: the embedded server shares it with the
 * host (PGlite, the operator channel's heartbeats, the import's own progress requests). A turn costs
 * microseconds; 2 000 rows take a few milliseconds to check.
 */
const ROWS_PER_TURN = 2000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function importContacts(
  db: Db,
  campaign: { id: string; settings: CampaignSettings },
  rows: AsyncIterable<{ row: number; record: unknown }> | Iterable<{ row: number; record: unknown }>,
  o: { actor: string; now: Date; skipInvalidRows?: boolean },
): Promise<ImportResult> {
  let attempts = 0;
  return db.transaction(async (tx) => {
    // The rows stream in once: a transaction retried after a deadlock would find them gone and import nothing.
    if (++attempts > 1)
      throw new Error('the import met a concurrent change to the campaign: send the file again');
    await createStaging(tx);
    // Rows refused by their own content; they come in file order, so the first ones kept are the lowest rows.
    const rowErrors: RowError[] = [];
    let rowErrorCount = 0;
    let batch: StagedRow[] = [];
    // One batch is written while the next is read and checked: on PostgreSQL the two run on different cores.
    let writing: Promise<void> = Promise.resolve();
    const stage = async (rows: StagedRow[]) => {
      await writing;
      writing = stageBatch(tx, rows);
      // Seen when awaited; this only keeps a failure during reading from being reported as unhandled.
      writing.catch(() => undefined);
    };
    let checked = 0;
    for await (const { row, record } of rows) {
      if (++checked % ROWS_PER_TURN === 0) await nextTurn();
      const plain = plainContact(record);
      const parsed = plain ? { success: true as const, data: plain } : ContactInputSchema.safeParse(record);
      if (!parsed.success) {
        rowErrorCount++;
        if (rowErrors.length < maxReportedErrors)
          rowErrors.push({
            row,
            message: parsed.error.issues
              .map((i) => `${i.path.map(String).join('.') || '(row)'}: ${i.message}`)
              .join('; '),
            ...fieldProblem(parsed.error.issues[0]!, record, NUL_REFUSED, CAMPAIGN_FORMATS),
          });
        continue;
      }
      const c = parsed.data;
      const number = normalisePhoneNumber(c.phone, campaign.settings.defaultRegion);
      const e164 = number.ok ? number.e164 : null;
      batch.push({
        row,
        phoneRaw: c.phone,
        phone: number.ok ? number.e164 : null,
        name: c.name,
        externalId: c.externalId ?? null,
        customFields: JSON.stringify(c.customFields),
        timeZone: c.timeZone ?? timeZoneOfNumber(e164) ?? campaign.settings.timeZone,
        state: number.ok ? 'INITIAL' : 'INVALID_RECORD',
        reason: number.ok ? null : number.reason,
      });
      if (batch.length >= BATCH) {
        await stage(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await stage(batch);
    await writing;
    await checkStaged(tx, campaign.id);
    const staged = await stagedErrors(tx, maxReportedErrors);
    const errors = [...rowErrors, ...staged.errors].sort((a, b) => a.row - b.row).slice(0, maxReportedErrors);
    const errorCount = rowErrorCount + staged.count;
    if (errorCount > 0 && !o.skipInvalidRows) {
      return { imported: 0, byState: {}, errors, errorCount, written: false };
    }
    const byState = await writeStaged(tx, campaign.id, o);
    const imported = Object.values(byState).reduce((a, b) => a + b, 0);
    return { imported, byState, errors, errorCount, written: true };
  });
}

const fieldName = /^[A-Za-z_][A-Za-z0-9_ .-]{0,63}$/;
const knownFieldNames = new Set<string>();
const knownTimeZones = new Set<string>();

/**
 * The contact a record holds when it is plainly within every limit of ContactInputSchema, checked in a few
 * comparisons (zod costs ~18 µs a row, a third of a million-row import); null sends the record through the schema
 * itself, which says exactly what is wrong. Only ever more cautious than the schema, never less.
 */
function plainContact(record: unknown): ContactInput | null {
  if (typeof record !== 'object' || record === null) return null;
  const r = record as Record<string, unknown>;
  let keys = 0;
  for (const key in r) {
    if (
      key !== 'phone' &&
      key !== 'name' &&
      key !== 'externalId' &&
      key !== 'customFields' &&
      key !== 'timeZone'
    )
      return null;
    keys++;
  }
  const { phone, name, externalId, customFields, timeZone } = r;
  if (timeZone !== undefined && !(typeof timeZone === 'string' && knownTimeZones.has(timeZone))) {
    // The schema words the refusal; a good zone is remembered (canonically spelt) so its next rows skip zod.
    if (typeof timeZone === 'string' && isTimeZone(timeZone) && canonicalTimeZone(timeZone) === timeZone)
      knownTimeZones.add(timeZone);
    else return null;
  }
  if (typeof phone !== 'string' || phone.length > 64 || phone.includes('\u0000')) return null;
  if (name !== undefined && (typeof name !== 'string' || name.includes('\u0000'))) return null;
  const trimmedName = name === undefined ? '' : name.trim();
  if (trimmedName.length > 200) return null;
  let trimmedId: string | undefined;
  if (externalId !== undefined) {
    if (typeof externalId !== 'string' || externalId.includes('\u0000')) return null;
    trimmedId = externalId.trim();
    if (trimmedId.length < 1 || trimmedId.length > 128) return null;
  }
  let fields: Record<string, string> = {};
  if (customFields !== undefined) {
    if (typeof customFields !== 'object' || customFields === null || Array.isArray(customFields)) return null;
    if (Object.getPrototypeOf(customFields) !== Object.prototype) return null;
    fields = customFields as Record<string, string>;
    for (const key in fields) {
      const value: unknown = fields[key];
      if (typeof value !== 'string' || value.length > 2000 || value.includes('\u0000')) return null;
      if (!knownFieldNames.has(key)) {
        if (!fieldName.test(key) || knownFieldNames.size > 10_000) return null;
        knownFieldNames.add(key);
      }
    }
  }
  if (keys === 0) return null;
  const contact: ContactInput = { phone, name: trimmedName, customFields: fields };
  if (trimmedId !== undefined) contact.externalId = trimmedId;
  if (typeof timeZone === 'string') contact.timeZone = timeZone;
  return contact;
}
