/** The transfer directory: supervisors and queues an operator may transfer a call to, kept by admins. */
import type { TransferTarget } from '../../core/transfer';
import type { Sql } from './db';

const COLUMNS = 'id, name, kind, address';

export async function list(sql: Sql): Promise<TransferTarget[]> {
  return sql.query<TransferTarget>(`SELECT ${COLUMNS} FROM transfer_targets ORDER BY kind, lower(name), id`);
}

export async function byId(sql: Sql, id: string): Promise<TransferTarget | null> {
  const rows = await sql.query<TransferTarget>(`SELECT ${COLUMNS} FROM transfer_targets WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Whether another entry (not `exceptId`) already has this name, compared as the unique index does. */
export async function nameTaken(sql: Sql, name: string, exceptId: string | null): Promise<boolean> {
  const rows = await sql.query(
    'SELECT 1 FROM transfer_targets WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2',
    [name, exceptId],
  );
  return rows.length > 0;
}

export async function insert(sql: Sql, t: TransferTarget, at: Date): Promise<void> {
  await sql.query(
    'INSERT INTO transfer_targets (id, name, kind, address, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)',
    [t.id, t.name, t.kind, t.address, at],
  );
}

/** False when there is no such entry. */
export async function update(sql: Sql, t: TransferTarget, at: Date): Promise<boolean> {
  const rows = await sql.query(
    'UPDATE transfer_targets SET name = $2, kind = $3, address = $4, updated_at = $5 WHERE id = $1 RETURNING id',
    [t.id, t.name, t.kind, t.address, at],
  );
  return rows.length > 0;
}

/** False when there is no such entry. Attempts keep their own copy of the target, so nothing else changes. */
export async function remove(sql: Sql, id: string): Promise<boolean> {
  return (await sql.query('DELETE FROM transfer_targets WHERE id = $1 RETURNING id', [id])).length > 0;
}
