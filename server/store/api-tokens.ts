/** API tokens as the Public API keeps them: only the SHA-256 hash of each secret is stored (tokens.ts). */
import type { Sql, Db } from './db';

export type ApiTokenRole = 'admin' | 'readonly';
export interface ApiTokenRow {
  id: string;
  name: string;
  role: ApiTokenRole;
  created_at: Date;
  last_used_at: Date | null;
}

export async function tokenByHash(sql: Sql, tokenHash: string): Promise<ApiTokenRow | null> {
  const rows = await sql.query<ApiTokenRow>(
    'SELECT id, name, role, created_at, last_used_at FROM api_tokens WHERE token_hash = $1',
    [tokenHash],
  );
  return rows[0] ?? null;
}

export async function markTokenUsed(sql: Sql, id: string, at: Date): Promise<void> {
  await sql.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
}

export async function insertToken(
  sql: Sql,
  t: { id: string; name: string; role: ApiTokenRole; tokenHash: string; now: Date },
): Promise<ApiTokenRow> {
  const rows = await sql.query<ApiTokenRow>(
    'INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id, name, role, created_at, last_used_at',
    [t.id, t.name, t.role, t.tokenHash, t.now],
  );
  return rows[0]!;
}

export async function listTokens(sql: Sql): Promise<ApiTokenRow[]> {
  return sql.query<ApiTokenRow>(
    'SELECT id, name, role, created_at, last_used_at FROM api_tokens ORDER BY created_at, id',
  );
}

/** Revokes a token unless it is the last admin token, which would leave nobody able to manage the server. */
export async function revokeToken(db: Db, id: string): Promise<'revoked' | 'not_found' | 'last_admin'> {
  return db.transaction(async (tx) => {
    // Locking every admin row makes two admins revoking each other at once take turns, so one always stays.
    const admins = await tx.query<{ id: string }>(
      "SELECT id FROM api_tokens WHERE role = 'admin' ORDER BY id FOR UPDATE",
    );
    const target = await tx.query<{ role: string }>('SELECT role FROM api_tokens WHERE id = $1', [id]);
    if (!target[0]) return 'not_found';
    if (target[0].role === 'admin' && admins.length <= 1) return 'last_admin';
    await tx.query('DELETE FROM api_tokens WHERE id = $1', [id]);
    return 'revoked';
  });
}
