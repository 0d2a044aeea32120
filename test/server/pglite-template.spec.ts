/**
 * The embedded server's first start from the build's template (server/store/pglite-template.ts): a fresh
 * directory filled from it is a working, fully migrated database that keeps what is written to it; a template
 * of another schema is never used; a directory that holds a database is never overwritten.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { startCampaignServer } from '../../server/index';
import { migrations } from '../../server/store/schema';
import {
  findTemplate,
  templateFileName,
  templateStamp,
  unpackTemplate,
} from '../../server/store/pglite-template';
import { buildTemplate } from '../../server/store/pglite-template-build';
import { Api } from './support';

test.describe.configure({ mode: 'serial', timeout: 180_000 });

const built = join(fileURLToPath(new URL('../../', import.meta.url)), 'out', 'pglite');
const dirs: string[] = [];
const scratch = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `dialdeck-template-${name}-`));
  dirs.push(dir);
  return dir;
};
test.afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('a first start from the template: migrations current, a campaign can be created and is kept', async () => {
  // What `npm run build` leaves in out/pglite (made here when this checkout has not been built since the
  // schema changed, as the build would).
  const { file } = await buildTemplate(built);
  expect(findTemplate(), 'the default lookup finds the template for the current schema').toBe(file);

  const dir = scratch('first');
  expect(await unpackTemplate(dir)).toBe(true);
  expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);

  // Opened with the template turned off: what was unpacked must be a database on its own, migrations included.
  const server = await startCampaignServer({ database: { kind: 'pglite', dir, template: false } });
  const versions = await server.db.query<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  expect(versions.map((v) => v.version)).toEqual(migrations.map((_, i) => i + 1));
  const api = new Api(server.url, server.adminToken);
  const created = await api.call<{ id: string }>('POST', '/campaigns', { name: 'First day' });
  expect(created.status).toBe(201);
  await server.stop();

  // The next start finds the database (no second unpack) with the campaign in it.
  expect(await unpackTemplate(dir)).toBe(false);
  const again = await startCampaignServer({ database: { kind: 'pglite', dir } });
  const list = await new Api(again.url, again.adminToken).ok<{ campaigns: { id: string; name: string }[] }>(
    'GET',
    '/campaigns',
  );
  expect(list.campaigns.map((c) => c.name)).toEqual(['First day']);
  await again.stop();
});

test('a template of another schema is not used', async () => {
  const folder = scratch('stale');
  const stale = templateFileName('1-000000000000');
  writeFileSync(join(folder, stale), 'not a database');
  expect(findTemplate([folder])).toBeNull();

  // The stamp follows the migrations: one more migration (or an edited one) names another file.
  const before = templateStamp();
  migrations.push('SELECT 1');
  try {
    expect(templateStamp()).not.toBe(before);
  } finally {
    migrations.pop();
  }
  expect(templateStamp()).toBe(before);
});

test('a directory that holds a database is never overwritten; with the template off nothing is unpacked', async () => {
  const held = scratch('held');
  writeFileSync(join(held, 'PG_VERSION'), '17\n');
  writeFileSync(join(held, 'keep'), 'data');
  const file = findTemplate([built]);
  expect(file).not.toBeNull();
  expect(await unpackTemplate(held, file!)).toBe(false);
  expect(existsSync(join(held, 'base'))).toBe(false);

  const empty = scratch('none');
  expect(await unpackTemplate(empty, false)).toBe(false);
  expect(await unpackTemplate(empty, join(empty, 'missing.tar.gz')).catch(() => 'refused')).toBe('refused');
});
