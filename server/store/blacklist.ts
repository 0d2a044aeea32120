/** The blacklist: numbers (E.164) nobody may call, with the reason and who gave it (an admin, or an operator's do-not-call). */
import { prepared, type Sql } from './db';

export async function has(sql: Sql, phone: string | null): Promise<boolean> {
  if (!phone) return false;
  return (await sql.query(prepared('SELECT 1 FROM blacklist WHERE phone = $1'), [phone])).length > 0;
}

/** Lists a number; listing it again keeps the first time but takes the latest reason and who gave it. */
export async function add(
  sql: Sql,
  phone: string,
  e: { reason: string; actor: string; operatorId?: string | null; campaignId?: string | null; at: Date },
): Promise<void> {
  await sql.query(
    `INSERT INTO blacklist (phone, reason, created_at, actor, operator_id, campaign_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (phone) DO UPDATE SET reason = EXCLUDED.reason, actor = EXCLUDED.actor,
       operator_id = EXCLUDED.operator_id, campaign_id = EXCLUDED.campaign_id`,
    [phone, e.reason, e.at, e.actor, e.operatorId ?? null, e.campaignId ?? null],
  );
}

export async function remove(sql: Sql, phone: string): Promise<void> {
  await sql.query('DELETE FROM blacklist WHERE phone = $1', [phone]);
}
