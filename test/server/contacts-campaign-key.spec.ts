/**
 * A contact always belongs to a campaign that exists (issue 15: the foreign key became one check per statement,
 * so a million-row import no longer looks its campaign up a million times). On both databases: a contact naming an
 * unknown campaign is refused and nothing of its statement is written, a campaign with contacts cannot be deleted
 * or renamed, a contact cannot move to another campaign; and the blacklist still finds a number in every campaign
 * now that there is no index on the number alone.
 */
import { test, expect } from '@playwright/test';
import { ContactState } from '../../core/states';
import { openDb, type Db } from '../../server/store/db';
import { lockByPhone } from '../../server/store/contacts';
import { migrate, splitStatements } from '../../server/store/schema';
import { startPostgres, type TestPostgres } from '../support/postgres';

test('a migration script splits at semicolons, a function body between $$ stays whole', () => {
  expect(
    splitStatements(`DROP INDEX a;
      CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'x'; RETURN NULL; END $$;
      CREATE TRIGGER t AFTER INSERT ON c FOR EACH STATEMENT EXECUTE FUNCTION f();`),
  ).toEqual([
    'DROP INDEX a',
    "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'x'; RETURN NULL; END $$",
    'CREATE TRIGGER t AFTER INSERT ON c FOR EACH STATEMENT EXECUTE FUNCTION f()',
  ]);
});

for (const kind of ['pglite', 'postgres'] as const) {
  test.describe(kind, () => {
    test.describe.configure({ timeout: 120_000 });
    let pg: TestPostgres | undefined;
    let db: Db;
    test.beforeAll(async () => {
      if (kind === 'postgres') pg = await startPostgres();
      db = await openDb(pg ? { kind: 'postgres', url: pg.url } : { kind: 'pglite' });
      await migrate(db);
      await db.query(
        `INSERT INTO campaigns (id, name, settings, created_at, updated_at)
         SELECT id, id, '{}', now(), now() FROM unnest(ARRAY['north', 'south', 'west']) id`,
      );
    });
    test.afterAll(async () => {
      await db?.close();
      await pg?.stop();
    });

    const addContacts = (rows: Array<[campaign: string, phone: string, state?: string]>) =>
      db.query(
        `INSERT INTO contacts (campaign_id, phone_raw, phone, name, state, created_at, updated_at)
         SELECT c, p, p, '', s, now(), now() FROM unnest($1::text[], $2::text[], $3::text[]) AS r(c, p, s)`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2] ?? ContactState.INITIAL)],
      );
    const count = async () =>
      Number((await db.query<{ n: number }>('SELECT count(*) AS n FROM contacts'))[0]!.n);

    test('a contact naming an unknown campaign is refused, and its whole statement with it', async () => {
      const before = await count();
      await addContacts([['north', '+420601000001']]);
      expect(await count()).toBe(before + 1);
      const refused = await addContacts([
        ['north', '+420601000002'],
        ['nowhere', '+420601000003'],
      ]).catch((e: { code?: string; message: string }) => e);
      expect(refused).toMatchObject({ code: '23503', message: expect.stringContaining('campaign') });
      expect(await count()).toBe(before + 1);
    });

    test('a campaign with contacts is neither deleted nor renamed; an empty one can be', async () => {
      await addContacts([['south', '+420601000010']]);
      for (const statement of [
        `DELETE FROM campaigns WHERE id = 'south'`,
        `UPDATE campaigns SET id = 'south-2' WHERE id = 'south'`,
      ])
        await expect(db.query(statement)).rejects.toMatchObject({ code: '23503' });
      expect(await db.query(`SELECT id FROM campaigns WHERE id = 'south'`)).toHaveLength(1);
      await db.query(`INSERT INTO campaigns (id, name, settings, created_at, updated_at)
                      VALUES ('spare', 'spare', '{}', now(), now())`);
      await db.query(`DELETE FROM campaigns WHERE id = 'spare'`);
      expect(await db.query(`SELECT id FROM campaigns WHERE id = 'spare'`)).toHaveLength(0);
    });

    test('a contact stays in its campaign', async () => {
      await addContacts([['north', '+420601000020']]);
      await expect(
        db.query(`UPDATE contacts SET campaign_id = 'south' WHERE phone = '+420601000020'`),
      ).rejects.toMatchObject({ code: '23503' });
      // Other columns change as before.
      await db.query(`UPDATE contacts SET name = 'renamed' WHERE phone = '+420601000020'`);
      expect(await db.query(`SELECT campaign_id, name FROM contacts WHERE phone = '+420601000020'`)).toEqual([
        { campaign_id: 'north', name: 'renamed' },
      ]);
    });

    test('the blacklist finds a number in every campaign, in the states asked for only', async () => {
      const phone = '+420601000030';
      await addContacts([
        ['north', phone],
        ['south', phone, ContactState.RETRY_SCHEDULED],
        ['west', phone, ContactState.SUCCESS],
        ['north', '+420601000031'],
      ]);
      const found = await db.transaction((tx) =>
        lockByPhone(tx, phone, [ContactState.INITIAL, ContactState.RETRY_SCHEDULED]),
      );
      expect(found.map((c) => [c.campaign_id, c.phone, c.state])).toEqual([
        ['north', phone, ContactState.INITIAL],
        ['south', phone, ContactState.RETRY_SCHEDULED],
      ]);
    });
  });
}
