/**
 * Notifications sent from inside a transaction (PostgreSQL): NOTIFY is delivered when the transaction commits and
 * dropped when it rolls back, so a unit of work sends them with its own statements instead of taking a second
 * pooled connection after the commit (which, with every connection busy, waited behind every queued transaction).
 */
import { prepared, type Sql } from './db';

export async function notifyOnCommit(
  sql: Sql,
  items: ReadonlyArray<{ channel: string; payload: string }>,
): Promise<void> {
  if (items.length === 0) return;
  await sql.query(prepared('SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS t(c, p)'), [
    items.map((i) => i.channel),
    items.map((i) => i.payload),
  ]);
}
