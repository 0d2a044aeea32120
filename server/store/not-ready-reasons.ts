/** Not ready reasons the server offers operators: name, paid or unpaid, a maximum duration. Deleted ones stay for history. */
import type { NotReadyReason } from '../../core/operator-day';
import type { Sql } from './db';

const COLUMNS = `id, name, paid, max_seconds AS "maxSeconds"`;

export async function list(sql: Sql): Promise<NotReadyReason[]> {
  return sql.query<NotReadyReason>(
    `SELECT ${COLUMNS} FROM not_ready_reasons WHERE deleted_at IS NULL ORDER BY lower(name), id`,
  );
}

/** A reason by id, deleted ones included (an operator may still be Not ready for it). */
export async function byId(sql: Sql, id: string): Promise<(NotReadyReason & { deleted: boolean }) | null> {
  const rows = await sql.query<NotReadyReason & { deleted: boolean }>(
    `SELECT ${COLUMNS}, deleted_at IS NOT NULL AS deleted FROM not_ready_reasons WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function nameTaken(sql: Sql, name: string, exceptId: string | null): Promise<boolean> {
  const rows = await sql.query(
    'SELECT 1 FROM not_ready_reasons WHERE lower(name) = lower($1) AND deleted_at IS NULL AND id IS DISTINCT FROM $2',
    [name, exceptId],
  );
  return rows.length > 0;
}

export async function insert(sql: Sql, r: NotReadyReason, at: Date): Promise<void> {
  await sql.query(
    'INSERT INTO not_ready_reasons (id, name, paid, max_seconds, created_at) VALUES ($1, $2, $3, $4, $5)',
    [r.id, r.name, r.paid, r.maxSeconds, at],
  );
}

export async function update(sql: Sql, r: NotReadyReason): Promise<boolean> {
  const rows = await sql.query(
    'UPDATE not_ready_reasons SET name = $2, paid = $3, max_seconds = $4 WHERE id = $1 AND deleted_at IS NULL RETURNING id',
    [r.id, r.name, r.paid, r.maxSeconds],
  );
  return rows.length > 0;
}

export async function remove(sql: Sql, id: string, at: Date): Promise<boolean> {
  const rows = await sql.query(
    'UPDATE not_ready_reasons SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL RETURNING id',
    [id, at],
  );
  return rows.length > 0;
}
