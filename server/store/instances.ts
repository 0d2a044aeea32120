/** Server instances sharing the database, each with a heartbeat; a stale heartbeat means a dead instance. */
import type { Sql } from './db';

export async function register(sql: Sql, instanceId: string, at: Date): Promise<void> {
  await sql.query('INSERT INTO instances (id, started_at, heartbeat_at) VALUES ($1, $2, $2)', [
    instanceId,
    at,
  ]);
}

export async function heartbeat(sql: Sql, instanceId: string, at: Date): Promise<void> {
  await sql.query('UPDATE instances SET heartbeat_at = $2 WHERE id = $1', [instanceId, at]);
}

export async function remove(sql: Sql, instanceIds: string[]): Promise<void> {
  await sql.query('DELETE FROM instances WHERE id = ANY($1::text[])', [instanceIds]);
}

/** Other instances whose heartbeat is older than `staleBefore`, locked so one survivor reconciles each. */
export async function lockDead(sql: Sql, staleBefore: Date, selfId: string): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    'SELECT id FROM instances WHERE heartbeat_at < $1 AND id <> $2 FOR UPDATE SKIP LOCKED',
    [staleBefore, selfId],
  );
  return rows.map((r) => r.id);
}

/** Whether the instance still heartbeats (a killed one stops; its operators' channels died with it). */
export async function isAlive(sql: Sql, instanceId: string, staleBefore: Date): Promise<boolean> {
  const rows = await sql.query('SELECT 1 FROM instances WHERE id = $1 AND heartbeat_at >= $2', [
    instanceId,
    staleBefore,
  ]);
  return rows.length > 0;
}
