/**
 * Adding contacts to a campaign, from JSON or a streamed CSV: every row is checked, numbers are normalised
 * in the campaign's region (unusable ones become INVALID_RECORD, blacklisted ones BLACKLISTED), duplicates
 * within the campaign are refused. By default a single bad row refuses the whole import and nothing is
 * written; with `skipInvalidRows` the good rows are written and the bad ones reported.
 */
import { ContactInputSchema, type CampaignSettings } from '../../core/campaign';
import { normalisePhoneNumber } from '../../core/phone-number';
import type { Db, Sql } from './db';

export interface RowError {
  row: number;
  message: string;
}

export interface ImportResult {
  imported: number;
  byState: Record<string, number>;
  errors: RowError[];
  /** Rows with errors (the list above is cut at `maxReportedErrors`). */
  errorCount: number;
  written: boolean;
}

interface Staged {
  phoneRaw: string;
  phone: string | null;
  name: string;
  externalId: string | null;
  customFields: Record<string, string>;
  state: 'INITIAL' | 'INVALID_RECORD' | 'BLACKLISTED';
  reason: string | null;
}

const BATCH = 5000;
const maxReportedErrors = 1000;

export async function importContacts(
  db: Db,
  campaign: { id: string; settings: CampaignSettings },
  rows: AsyncIterable<{ row: number; record: unknown }> | Iterable<{ row: number; record: unknown }>,
  o: { actor: string; now: Date; skipInvalidRows?: boolean },
): Promise<ImportResult> {
  const staged: Staged[] = [];
  const stagedRows: number[] = [];
  const errors: RowError[] = [];
  let errorCount = 0;
  const fail = (row: number, message: string) => {
    errorCount++;
    if (errors.length < maxReportedErrors) errors.push({ row, message });
  };
  const seenPhones = new Map<string, number>();
  const seenExternal = new Map<string, number>();
  for await (const { row, record } of rows) {
    const parsed = ContactInputSchema.safeParse(record);
    if (!parsed.success) {
      fail(
        row,
        parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(row)'}: ${i.message}`).join('; '),
      );
      continue;
    }
    const c = parsed.data;
    const number = normalisePhoneNumber(c.phone, campaign.settings.defaultRegion);
    const phone = number.ok ? number.e164 : null;
    if (phone !== null) {
      const earlier = seenPhones.get(phone);
      if (earlier !== undefined) {
        fail(row, `duplicate phone ${phone} (also on row ${earlier})`);
        continue;
      }
      seenPhones.set(phone, row);
    }
    if (c.externalId !== undefined) {
      const earlier = seenExternal.get(c.externalId);
      if (earlier !== undefined) {
        fail(row, `duplicate externalId ${c.externalId} (also on row ${earlier})`);
        continue;
      }
      seenExternal.set(c.externalId, row);
    }
    staged.push({
      phoneRaw: c.phone,
      phone,
      name: c.name,
      externalId: c.externalId ?? null,
      customFields: c.customFields,
      state: number.ok ? 'INITIAL' : 'INVALID_RECORD',
      reason: number.ok ? null : number.reason,
    });
    stagedRows.push(row);
  }

  return db.transaction(async (tx) => {
    // Duplicates against contacts already in the campaign, and the blacklist, in batches.
    const drop = new Set<number>();
    for (let i = 0; i < staged.length; i += BATCH) {
      const slice = staged.slice(i, i + BATCH);
      const phones = slice.map((s) => s.phone).filter((p): p is string => p !== null);
      const externals = slice.map((s) => s.externalId).filter((p): p is string => p !== null);
      const existing = new Set(
        (
          await tx.query<{ phone: string }>(
            `SELECT phone FROM contacts WHERE campaign_id = $1 AND phone = ANY($2::text[]) AND state <> 'REMOVED'`,
            [campaign.id, phones],
          )
        ).map((r) => r.phone),
      );
      const existingExternal = new Set(
        externals.length === 0
          ? []
          : (
              await tx.query<{ external_id: string }>(
                `SELECT external_id FROM contacts WHERE campaign_id = $1 AND external_id = ANY($2::text[]) AND state <> 'REMOVED'`,
                [campaign.id, externals],
              )
            ).map((r) => r.external_id),
      );
      const listed = new Set(
        (
          await tx.query<{ phone: string }>('SELECT phone FROM blacklist WHERE phone = ANY($1::text[])', [
            phones,
          ])
        ).map((r) => r.phone),
      );
      slice.forEach((s, j) => {
        const row = stagedRows[i + j]!;
        if (s.phone && existing.has(s.phone)) {
          fail(row, `duplicate phone ${s.phone}: already in this campaign`);
          drop.add(i + j);
        } else if (s.externalId && existingExternal.has(s.externalId)) {
          fail(row, `duplicate externalId ${s.externalId}: already in this campaign`);
          drop.add(i + j);
        } else if (s.phone && listed.has(s.phone)) {
          s.state = 'BLACKLISTED';
          s.reason = 'number is on the blacklist';
        }
      });
    }
    errors.sort((a, b) => a.row - b.row);
    const byState: Record<string, number> = {};
    if (errorCount > 0 && !o.skipInvalidRows) {
      return { imported: 0, byState, errors, errorCount, written: false };
    }
    const keep = staged.filter((_, i) => !drop.has(i));
    for (let i = 0; i < keep.length; i += BATCH)
      await insertBatch(tx, campaign.id, keep.slice(i, i + BATCH), o);
    for (const s of keep) byState[s.state] = (byState[s.state] ?? 0) + 1;
    return { imported: keep.length, byState, errors, errorCount, written: true };
  });
}

async function insertBatch(
  tx: Sql,
  campaignId: string,
  batch: Staged[],
  o: { actor: string; now: Date },
): Promise<void> {
  await tx.query(
    `WITH ins AS (
       INSERT INTO contacts (campaign_id, phone_raw, phone, name, external_id, custom_fields, state, state_reason, created_at, updated_at)
       SELECT $1, r.phone_raw, r.phone, r.name, r.external_id, r.custom_fields::jsonb, r.state, r.reason, $2, $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
              AS r(phone_raw, phone, name, external_id, custom_fields, state, reason)
       RETURNING id, state, state_reason)
     INSERT INTO contact_events (contact_id, campaign_id, at, from_state, to_state, event, actor, reason)
     SELECT id, $1, $2, NULL, state, 'import', $10, state_reason FROM ins`,
    [
      campaignId,
      o.now,
      batch.map((s) => s.phoneRaw),
      batch.map((s) => s.phone),
      batch.map((s) => s.name),
      batch.map((s) => s.externalId),
      batch.map((s) => JSON.stringify(s.customFields)),
      batch.map((s) => s.state),
      batch.map((s) => s.reason),
      o.actor,
    ],
  );
}
