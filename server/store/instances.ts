/** Server instances sharing the database, each with a heartbeat; a stale heartbeat means a dead instance. */
import type { Sql } from './db';

export async function register(sql: Sql, instanceId: string, at: Date): Promise<void> {
  await sql.query('INSERT INTO instances (id, started_at, heartbeat_at) VALUES ($1, $2, $2)', [
    instanceId,
    at,
  ]);
}

/**
 * Renews the instance's lease; false when its row is gone: another instance found the heartbeat stale, took over
 * its operators and calls and removed it (in one transaction, so a row still there means nobody took over).
 */
export async function heartbeat(sql: Sql, instanceId: string, at: Date): Promise<boolean> {
  const rows = await sql.query('UPDATE instances SET heartbeat_at = $2 WHERE id = $1 RETURNING id', [
    instanceId,
    at,
  ]);
  return rows.length > 0;
}

/**
 * Whether the instance still holds its lease, keeping it held until the transaction ends: the key-share lock lets
 * the heartbeat go on but makes a survivor's takeover (`lockDead`, FOR UPDATE SKIP LOCKED) pass this instance by.
 */
export async function holdLease(sql: Sql, instanceId: string): Promise<boolean> {
  const rows = await sql.query('SELECT 1 FROM instances WHERE id = $1 FOR KEY SHARE', [instanceId]);
  return rows.length > 0;
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
