/**
 * The SQL of a contacts import: checked rows land in a temporary table batch by batch, then the duplicates (within
 * the file and within the campaign) and the blacklist are found with a handful of set-based statements instead of
 * one query per batch, and the survivors move into `contacts` with one statement. The temporary table lives only
 * as long as the import's transaction, so the file is never held in the server's memory and a refused import
 * leaves nothing behind.
 */
import type { ApiProblem } from '../../core/api-problem';
import type { Sql } from './db';

export interface StagedRow {
  row: number;
  phoneRaw: string;
  phone: string | null;
  name: string;
  externalId: string | null;
  customFields: string;
  /** The customer's zone: the list's own, else the number's, else the campaign's. */
  timeZone: string;
  state: 'INITIAL' | 'INVALID_RECORD';
  reason: string | null;
}

export async function createStaging(tx: Sql): Promise<void> {
  await tx.query(`CREATE TEMP TABLE import_rows (
      row int PRIMARY KEY,
      phone_raw text NOT NULL,
      phone text,
      name text NOT NULL,
      external_id text,
      custom_fields text NOT NULL,
      time_zone text NOT NULL,
      state text NOT NULL,
      reason text,
      error text,
      problem jsonb
    ) ON COMMIT DROP`);
}

export async function stageBatch(tx: Sql, batch: StagedRow[]): Promise<void> {
  if (tx.copyIn) {
    let text = '';
    for (const s of batch)
      text += `${s.row}\t${copyText(s.phoneRaw)}\t${copyText(s.phone)}\t${copyText(s.name)}\t${copyText(s.externalId)}\t${copyText(s.customFields)}\t${copyText(s.timeZone)}\t${s.state}\t${copyText(s.reason)}\n`;
    await tx.copyIn(
      'COPY import_rows (row, phone_raw, phone, name, external_id, custom_fields, time_zone, state, reason) FROM STDIN',
      text,
    );
    return;
  }
  await tx.query(
    `INSERT INTO import_rows (row, phone_raw, phone, name, external_id, custom_fields, time_zone, state, reason)
     SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
    [
      batch.map((s) => s.row),
      batch.map((s) => s.phoneRaw),
      batch.map((s) => s.phone),
      batch.map((s) => s.name),
      batch.map((s) => s.externalId),
      batch.map((s) => s.customFields),
      batch.map((s) => s.timeZone),
      batch.map((s) => s.state),
      batch.map((s) => s.reason),
    ],
  );
}

const copySpecial = /[\\\t\n\r]/;

/** A value in COPY's text format: `\N` for null; backslash, tab and line breaks escaped. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!copySpecial.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Marks the rows that must not be written, in the order the checks always ran: a phone seen on an earlier row,
 * then an externalId seen on an earlier (still good) row, then a phone or externalId already in the campaign;
 * the rows left whose number is blacklisted become BLACKLISTED contacts.
 */
export async function checkStaged(tx: Sql, campaignId: string): Promise<void> {
  await tx.query('ANALYZE import_rows');
  await tx.query(
    `UPDATE import_rows r SET error = 'duplicate phone ' || r.phone || ' (also on row ' || f.first || ')',
            problem = jsonb_build_object('code', 'duplicate_in_file', 'params', jsonb_build_object('column', 'phone', 'value', r.phone, 'firstRow', f.first))
       FROM (SELECT row, min(row) OVER (PARTITION BY phone) AS first FROM import_rows WHERE phone IS NOT NULL) f
      WHERE f.row = r.row AND f.first <> f.row`,
  );
  await tx.query(
    `UPDATE import_rows r SET error = 'duplicate externalId ' || r.external_id || ' (also on row ' || f.first || ')',
            problem = jsonb_build_object('code', 'duplicate_in_file', 'params', jsonb_build_object('column', 'externalId', 'value', r.external_id, 'firstRow', f.first))
       FROM (SELECT row, min(row) OVER (PARTITION BY external_id) AS first
               FROM import_rows WHERE external_id IS NOT NULL AND error IS NULL) f
      WHERE f.row = r.row AND f.first <> f.row`,
  );
  await tx.query(
    `UPDATE import_rows r SET error = 'duplicate phone ' || r.phone || ': already in this campaign',
            problem = jsonb_build_object('code', 'duplicate_in_campaign', 'params', jsonb_build_object('column', 'phone', 'value', r.phone))
      WHERE r.error IS NULL AND r.phone IS NOT NULL AND EXISTS (
        SELECT 1 FROM contacts c WHERE c.campaign_id = $1 AND c.phone = r.phone AND c.state <> 'REMOVED')`,
    [campaignId],
  );
  await tx.query(
    `UPDATE import_rows r SET error = 'duplicate externalId ' || r.external_id || ': already in this campaign',
            problem = jsonb_build_object('code', 'duplicate_in_campaign', 'params', jsonb_build_object('column', 'externalId', 'value', r.external_id))
      WHERE r.error IS NULL AND r.external_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM contacts c WHERE c.campaign_id = $1 AND c.external_id = r.external_id AND c.state <> 'REMOVED')`,
    [campaignId],
  );
  await tx.query(
    `UPDATE import_rows r SET state = 'BLACKLISTED', reason = 'number is on the blacklist'
      WHERE r.error IS NULL AND r.phone IS NOT NULL AND EXISTS (SELECT 1 FROM blacklist b WHERE b.phone = r.phone)`,
  );
}

/** The rows refused by the checks above, the first `limit` of them by row, and how many there are in all. */
export async function stagedErrors(
  tx: Sql,
  limit: number,
): Promise<{ errors: Array<{ row: number; message: string } & ApiProblem>; count: number }> {
  const [counted] = await tx.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM import_rows WHERE error IS NOT NULL',
  );
  const rows = await tx.query<{ row: number; message: string; problem: ApiProblem }>(
    'SELECT row, error AS message, problem FROM import_rows WHERE error IS NOT NULL ORDER BY row LIMIT $1',
    [limit],
  );
  const errors = rows.map(({ row, message, problem }) => ({ row, message, ...problem }));
  return { errors, count: counted?.count ?? 0 };
}

/**
 * Writes the good rows as contacts in file order and says how many landed in each state. Their history's `import`
 * event (when, by whom, in which state it arrived) is one `contact_imports` row for the whole file: the contacts
 * that arrive INITIAL point at it (api-contacts.ts shows it as their first event); the few that arrive BLACKLISTED
 * or INVALID_RECORD get an event row of their own, which keeps their reason.
 */
export async function writeStaged(
  tx: Sql,
  campaignId: string,
  o: { actor: string; now: Date },
): Promise<Record<string, number>> {
  const [imported] = await tx.query<{ id: number }>(
    'INSERT INTO contact_imports (campaign_id, at, actor) VALUES ($1, $2, $3) RETURNING id',
    [campaignId, o.now, o.actor],
  );
  await tx.query(
    `INSERT INTO contacts (campaign_id, phone_raw, phone, name, external_id, custom_fields, state, state_reason, created_at, updated_at, import_id, time_zone)
     SELECT $1, phone_raw, phone, name, external_id, custom_fields::jsonb, state, reason, $2, $2, $3, time_zone
       FROM import_rows WHERE error IS NULL ORDER BY row`,
    [campaignId, o.now, imported!.id],
  );
  await tx.query(
    `INSERT INTO campaign_time_zones (campaign_id, time_zone)
     SELECT DISTINCT $1::text, time_zone FROM import_rows WHERE error IS NULL ON CONFLICT DO NOTHING`,
    [campaignId],
  );
  await tx.query(
    `INSERT INTO contact_events (contact_id, campaign_id, at, from_state, to_state, event, actor, reason)
     SELECT id, $1, $2, NULL, state, 'import', $3, state_reason FROM contacts
      WHERE campaign_id = $1 AND state IN ('BLACKLISTED', 'INVALID_RECORD') AND import_id = $4 ORDER BY id`,
    [campaignId, o.now, o.actor, imported!.id],
  );
  const counts = await tx.query<{ state: string; n: number }>(
    'SELECT state, count(*)::int AS n FROM import_rows WHERE error IS NULL GROUP BY state ORDER BY state',
  );
  return Object.fromEntries(counts.map((c) => [c.state, c.n]));
}
