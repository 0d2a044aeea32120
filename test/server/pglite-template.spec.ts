/**
 * The embedded server's first start from the build's template (server/store/pglite-template.ts): a fresh
 * directory filled from it is a working, fully migrated database that keeps what is written to it; a template
 * of another schema is never used; a directory that holds a database is never overwritten.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { startCampaignServer } from '../../server/index';
import { migrations } from '../../server/store/schema';
import {
  copyTemplate,
  findTemplate,
  prepareFirstStart,
  templateName,
  templateStamp,
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
  const { template } = await buildTemplate(built);
  expect(findTemplate(), 'the default lookup finds the template for the current schema').toBe(template);

  const dir = scratch('first');
  expect(await copyTemplate(dir)).toBe(true);
  expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);

  // Opened with the template turned off: what was copied must be a database on its own, migrations included.
  const server = await startCampaignServer({ database: { kind: 'pglite', dir, template: false } });
  const versions = await server.db.query<{ version: number }>(
    'SELECT version FROM schema_migrations ORDER BY version',
  );
  expect(versions.map((v) => v.version)).toEqual(migrations.map((_, i) => i + 1));
  const api = new Api(server.url, server.adminToken);
  const created = await api.call<{ id: string }>('POST', '/campaigns', { name: 'First day' });
  expect(created.status).toBe(201);
  await server.stop();

  // The next start finds the database (no second copy) with the campaign in it.
  expect(await copyTemplate(dir)).toBe(false);
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
  const stale = templateName('1-000000000000');
  mkdirSync(join(folder, stale));
  writeFileSync(join(folder, stale, 'PG_VERSION'), '17\n');
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

test('a directory that holds a database is never overwritten; with the template off nothing is copied', async () => {
  const held = scratch('held');
  writeFileSync(join(held, 'PG_VERSION'), '17\n');
  writeFileSync(join(held, 'keep'), 'data');
  const template = findTemplate([built]);
  expect(template).not.toBeNull();
  expect(await copyTemplate(held, template!)).toBe(false);
  expect(existsSync(join(held, 'base'))).toBe(false);
  expect(await prepareFirstStart({ kind: 'pglite', dir: held, template: template! })).toEqual({
    fromCurrentTemplate: false,
  });

  const empty = scratch('none');
  expect(await copyTemplate(empty, false)).toBe(false);
  expect(await copyTemplate(empty, join(empty, 'missing')).catch(() => 'refused')).toBe('refused');
  expect(existsSync(join(empty, 'PG_VERSION'))).toBe(false);
});

test('a first start trusts the current template for its migrations, and checks them from any other', async () => {
  const { template } = await buildTemplate(built);
  // The build's template, found by its stamp: the copy skips the migration check, and the database is current.
  const current = scratch('current');
  expect(await prepareFirstStart({ kind: 'pglite', dir: current })).toEqual({ fromCurrentTemplate: true });
  const server = await startCampaignServer({ database: { kind: 'pglite', dir: scratch('trusted') } });
  const versions = await server.db.query<{ version: number }>('SELECT version FROM schema_migrations');
  expect(versions).toHaveLength(migrations.length);
  expect((await new Api(server.url, server.adminToken).call('GET', '/campaigns')).status).toBe(200);
  await server.stop();

  // The same files under another stamp's name (an older build's template, named by the caller): copied, but
  // the migrations are checked, and the missing one is applied.
  const older = join(scratch('older'), templateName('9-0123456789ab'));
  cpSync(template, older, { recursive: true });
  const dir = scratch('from-older');
  expect(await prepareFirstStart({ kind: 'pglite', dir, template: older })).toEqual({
    fromCurrentTemplate: false,
  });
  migrations.push('CREATE TABLE template_check (id int)');
  try {
    const checked = await startCampaignServer({ database: { kind: 'pglite', dir } });
    const applied = await checked.db.query<{ version: number }>('SELECT version FROM schema_migrations');
    expect(applied).toHaveLength(migrations.length);
    await checked.stop();
  } finally {
    migrations.pop();
  }
});
