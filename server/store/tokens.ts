/** API and operator tokens: random, shown once, stored only as SHA-256 hashes. */
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from './db';

export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Queries the server's start-up and the operator channel need; the token endpoints keep their own.

/** Accepts `token` as an admin API token from now on (the server's own, given at start or generated). */
export async function ensureAdminToken(sql: Sql, token: string): Promise<void> {
  const hash = hashToken(token);
  await sql.query(
    `INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES ($1, 'admin', $2, now()) ON CONFLICT (token_hash) DO NOTHING`,
    [`tok_${hash.slice(0, 12)}`, hash],
  );
}

export async function isAdminTokenHash(sql: Sql, hash: string): Promise<boolean> {
  const rows = await sql.query("SELECT 1 FROM api_tokens WHERE token_hash = $1 AND role = 'admin'", [hash]);
  return rows.length > 0;
}
