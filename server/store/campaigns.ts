/** Campaign rows as the engine reads them, their status moves, and the finish check. */
import { CampaignSettingsSchema, type CampaignSettings } from '../../core/campaign';
import type { CampaignStatus } from '../../core/campaign-status';
import type { ContactState } from '../../core/states';
import type { Sql } from './db';
import type { CampaignRow } from './rows';

/** The campaign with its settings parsed (defaults filled in for settings stored by an older version). */
export async function byId(sql: Sql, id: string): Promise<CampaignRow | null> {
  const rows = await sql.query<CampaignRow>('SELECT * FROM campaigns WHERE id = $1', [id]);
  const row = rows[0];
  if (!row) return null;
  return { ...row, settings: CampaignSettingsSchema.parse(row.settings) };
}

/** Every campaign the operator works, oldest first (their console's campaign list). */
export async function allOfOperator(sql: Sql, operatorId: string): Promise<CampaignRow[]> {
  const rows = await sql.query<CampaignRow>(
    `SELECT k.* FROM campaigns k JOIN campaign_operators co ON co.campaign_id = k.id
      WHERE co.operator_id = $1 ORDER BY k.created_at`,
    [operatorId],
  );
  return rows.map((k) => ({ ...k, settings: CampaignSettingsSchema.parse(k.settings) }));
}

export async function inStatusWithMode(
  sql: Sql,
  status: CampaignStatus,
  mode: CampaignSettings['mode'],
): Promise<CampaignRow[]> {
  const rows = await sql.query<CampaignRow>(
    `SELECT * FROM campaigns WHERE status = $1 AND settings->>'mode' = $2`,
    [status, mode],
  );
  return rows.map((k) => ({ ...k, settings: CampaignSettingsSchema.parse(k.settings) }));
}

/** Moves the campaign to `to` if it is still in one of `from`; false when it was not (nothing written). */
export async function setStatus(
  sql: Sql,
  id: string,
  from: readonly CampaignStatus[],
  to: CampaignStatus,
  at: Date,
): Promise<boolean> {
  const rows = await sql.query(
    'UPDATE campaigns SET status = $2, updated_at = $3 WHERE id = $1 AND status = ANY($4::text[]) RETURNING id',
    [id, to, at, from],
  );
  return rows.length > 0;
}

/**
 * Campaigns in `status` that have contacts and none left that could move: no contact in `openStates`,
 * except `retryState` contacts without a retry time. Locked, so only one instance finishes each. Three
 * index probes per campaign (the last one on contacts_retry_pending_by_campaign), so it may run every tick.
 */
export async function lockSettled(
  sql: Sql,
  status: CampaignStatus,
  openStates: readonly ContactState[],
  retryState: ContactState,
): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT k.id FROM campaigns k
      WHERE k.status = $1
        AND EXISTS (SELECT 1 FROM contacts c WHERE c.campaign_id = k.id)
        AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.campaign_id = k.id AND c.state = ANY($2::text[]))
        AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.campaign_id = k.id AND c.state = $3 AND c.retry_at IS NOT NULL)
      FOR UPDATE OF k SKIP LOCKED`,
    [status, openStates.filter((s) => s !== retryState), retryState],
  );
  return rows.map((r) => r.id);
}
