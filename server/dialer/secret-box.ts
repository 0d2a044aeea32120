/**
 * Sealing a campaign's dialer password for the database (issue 11): AES-256-GCM under the server's secret key,
 * `DIALDECK_SECRET_KEY` (32 bytes, base64 or hex). A dump of the database then holds no password. Without a key
 * the server refuses to store one (see README.md: a password kept readable in a backup is worse than a refusal).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'sealed:v1:';

/** The server's secret key, or null when none is configured; a malformed key is an error, never ignored. */
export function secretKey(env: NodeJS.ProcessEnv = process.env): Buffer | null {
  const raw = env.DIALDECK_SECRET_KEY?.trim();
  if (!raw) return null;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('DIALDECK_SECRET_KEY must be 32 bytes, as 64 hex digits or base64');
  return key;
}

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The password again; throws when the key is not the one it was sealed with (the key was changed). */
export function unseal(sealed: string, key: Buffer): string {
  if (!isSealed(sealed)) throw new Error('the stored dialer password is not sealed');
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
