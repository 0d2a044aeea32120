/** The blacklist: numbers (E.164) nobody may call, with the reason an admin gave. */
import { prepared, type Sql } from './db';

export async function has(sql: Sql, phone: string | null): Promise<boolean> {
  if (!phone) return false;
  return (await sql.query(prepared('SELECT 1 FROM blacklist WHERE phone = $1'), [phone])).length > 0;
}

export async function add(sql: Sql, phone: string, reason: string, at: Date): Promise<void> {
  await sql.query(
    'INSERT INTO blacklist (phone, reason, created_at) VALUES ($1, $2, $3) ON CONFLICT (phone) DO UPDATE SET reason = EXCLUDED.reason',
    [phone, reason, at],
  );
}

export async function remove(sql: Sql, phone: string): Promise<void> {
  await sql.query('DELETE FROM blacklist WHERE phone = $1', [phone]);
}
