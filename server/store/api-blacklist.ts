/** The Public API's blacklist reads; listing and unlisting numbers go through the engine. */
import type { Sql } from './db';

export async function listBlacklist(
  sql: Sql,
): Promise<Array<{ phone: string; reason: string; createdAt: Date }>> {
  return sql.query('SELECT phone, reason, created_at AS "createdAt" FROM blacklist ORDER BY phone');
}

export async function isOnBlacklist(sql: Sql, phone: string): Promise<boolean> {
  return (await sql.query('SELECT 1 FROM blacklist WHERE phone = $1', [phone])).length > 0;
}
