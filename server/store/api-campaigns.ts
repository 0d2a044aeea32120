/** The Public API's campaign queries: rows, their operators, and the writes that are not contact state. */
import type { CampaignSettings } from '../../core/campaign';
import type { CampaignRow } from '../engine/engine';
import type { Sql } from './db';

export async function listCampaigns(sql: Sql): Promise<CampaignRow[]> {
  return sql.query<CampaignRow>('SELECT * FROM campaigns ORDER BY created_at');
}

/** Logins of the operators who work `campaignId`, sorted. */
export async function campaignOperators(sql: Sql, campaignId: string): Promise<string[]> {
  const rows = await sql.query<{ login: string }>(
    'SELECT o.login FROM campaign_operators co JOIN operators o ON o.id = co.operator_id WHERE co.campaign_id = $1 ORDER BY o.login',
    [campaignId],
  );
  return rows.map((r) => r.login);
}

export async function insertCampaign(
  tx: Sql,
  c: { id: string; name: string; settings: CampaignSettings; now: Date },
): Promise<void> {
  await tx.query(
    "INSERT INTO campaigns (id, name, status, settings, created_at, updated_at) VALUES ($1, $2, 'DRAFT', $3::jsonb, $4, $4)",
    [c.id, c.name, JSON.stringify(c.settings), c.now],
  );
}

export async function updateCampaign(
  tx: Sql,
  c: { id: string; name: string; settings: CampaignSettings; now: Date },
): Promise<void> {
  await tx.query('UPDATE campaigns SET name = $2, settings = $3::jsonb, updated_at = $4 WHERE id = $1', [
    c.id,
    c.name,
    JSON.stringify(c.settings),
    c.now,
  ]);
}

/**
 * Makes `logins` the campaign's operators. Returns the logins that name no operator; then nothing is changed.
 */
export async function setCampaignOperators(tx: Sql, campaignId: string, logins: string[]): Promise<string[]> {
  const ops = await tx.query<{ id: string; login: string }>(
    'SELECT id, login FROM operators WHERE login = ANY($1::text[])',
    [logins],
  );
  const missing = logins.filter((l) => !ops.some((o) => o.login === l));
  if (missing.length) return missing;
  await tx.query('DELETE FROM campaign_operators WHERE campaign_id = $1', [campaignId]);
  for (const o of ops)
    await tx.query('INSERT INTO campaign_operators (campaign_id, operator_id) VALUES ($1, $2)', [
      campaignId,
      o.id,
    ]);
  return [];
}
