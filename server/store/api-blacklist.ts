/** The Public API's blacklist reads; listing and unlisting numbers go through the engine. */
import type { Sql } from './db';

export interface BlacklistEntry {
  phone: string;
  reason: string;
  createdAt: Date;
  /** `api:<token id>`, `supervisor`, or the operator's id for a do-not-call from ACW; null before it was kept. */
  actor: string | null;
  operatorId: string | null;
  operatorLogin: string | null;
  campaignId: string | null;
}

export async function listBlacklist(sql: Sql): Promise<BlacklistEntry[]> {
  return sql.query(
    `SELECT b.phone, b.reason, b.created_at AS "createdAt", b.actor, b.operator_id AS "operatorId",
            o.login AS "operatorLogin", b.campaign_id AS "campaignId"
       FROM blacklist b LEFT JOIN operators o ON o.id = b.operator_id ORDER BY b.phone`,
  );
}

export async function isOnBlacklist(sql: Sql, phone: string): Promise<boolean> {
  return (await sql.query('SELECT 1 FROM blacklist WHERE phone = $1', [phone])).length > 0;
}
