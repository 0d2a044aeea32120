/**
 * The embedded server's admin token: generated once, kept in the user-data folder (readable by this OS user
 * only), so the supervisor view and the host's own operator provisioning survive restarts. The renderer never
 * sees it: only main/ reads this file.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'campaign-admin-token';

export function adminTokenPath(userDataDir: string): string {
  return join(userDataDir, ADMIN_TOKEN_FILE);
}

/** Reads the kept token, or makes one (256 random bits) and keeps it with mode 0600. */
export async function loadOrCreateAdminToken(userDataDir: string): Promise<string> {
  const path = adminTokenPath(userDataDir);
  try {
    const kept = (await readFile(path, 'utf8')).trim();
    if (/^[A-Za-z0-9_-]{32,}$/.test(kept)) return kept;
  } catch {
    // not there yet: make one below
  }
  const token = `ddk_${randomBytes(32).toString('base64url')}`;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${token}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return token;
}
