/**
 * A 100 000-row CSV with every kind of bad row planted, on both databases: the counts, the rows and the messages of
 * the errors are exact, a refused file writes nothing, and an imported contact's history says who imported it.
 */
import { test, expect } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { Api, type Json } from './support';

test.describe.configure({ mode: 'default', timeout: 300_000 });

const ROWS = 100_000;
const phoneOf = (i: number) => `+1202${String(5_000_000 + i).padStart(7, '0')}`;
const earlierPhone = (i: number) => `+1303${String(5_000_000 + i).padStart(7, '0')}`;

/** The file, the errors it must produce (by spreadsheet row) and the states its written rows must land in. */
function plantedFile() {
  const lines = ['phone,name,externalId,plan'];
  const errors = new Map<number, string>();
  for (let i = 0; i < ROWS; i++) {
    const row = i + 2;
    let phone = phoneOf(i);
    let name = `Customer ${i}`;
    let external = `crm-${i}`;
    switch (i % 1000) {
      case 999:
        phone = phoneOf(i - 1);
        errors.set(row, `duplicate phone ${phone} (also on row ${row - 1})`);
        break;
      case 500:
        external = `crm-${i - 1}`;
        errors.set(row, `duplicate externalId ${external} (also on row ${row - 1})`);
        break;
      case 250:
        name = 'x'.repeat(300);
        errors.set(row, 'name: Too big: expected string to have <=200 characters');
        break;
      case 100:
        phone = earlierPhone(i);
        errors.set(row, `duplicate phone ${phone}: already in this campaign`);
        break;
      case 101:
        external = `earlier-${i}`;
        errors.set(row, `duplicate externalId ${external}: already in this campaign`);
        break;
      case 800:
        phone = 'call reception';
        break;
    }
    lines.push(`${phone},${name},${external},${i % 2 ? 'gold' : 'basic'}`);
  }
  return { csv: lines.join('\n') + '\n', errors };
}

for (const kind of ['pglite', 'postgres'] as const) {
  test.describe(kind, () => {
    let pg: TestPostgres | undefined;
    let server: CampaignServer;
    let api: Api;
    test.beforeAll(async () => {
      if (kind === 'postgres') pg = await startPostgres();
      server = await startCampaignServer({
        database: pg ? { kind: 'postgres', url: pg.url } : { kind: 'pglite' },
      });
      api = new Api(server.url, server.adminToken);
    });
    test.afterAll(async () => {
      await server?.stop();
      await pg?.stop();
    });

    test(`${kind}: 100 000 rows with duplicates, blacklisted, invalid and refused rows → exact counts and row errors`, async () => {
      const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Planted' });
      const earlier = Array.from({ length: ROWS / 1000 }, (_, n) => n * 1000);
      await api.ok('POST', `/campaigns/${k.id}/contacts`, {
        contacts: earlier.flatMap((i) => [
          { phone: earlierPhone(i + 100), name: 'Earlier by phone' },
          { phone: earlierPhone(i + 101), name: 'Earlier by id', externalId: `earlier-${i + 101}` },
        ]),
      });
      for (const i of earlier)
        await api.ok('POST', '/blacklist', { phone: phoneOf(i + 700), region: 'US', reason: 'asked' });
      const { csv, errors } = plantedFile();
      const expectedErrors = [...errors]
        .sort((a, b) => a[0] - b[0])
        .map(([row, message]) => expect.objectContaining({ row, message, code: expect.any(String) }));
      type Answer = {
        imported: number;
        byState: Json;
        errorCount: number;
        errors: unknown[];
        written: boolean;
      };
      const before = await api.ok<{ contactsByState: Json }>('GET', `/campaigns/${k.id}/report`);
      expect(before.contactsByState).toEqual({ INITIAL: 200 });

      const refused = await api.call<Answer>('POST', `/campaigns/${k.id}/contacts.csv`, csv, {
        'content-type': 'text/csv',
      });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ written: false, imported: 0, errorCount: 500 });
      expect(refused.body.errors).toEqual(expectedErrors);
      expect(
        (await api.ok<{ contactsByState: Json }>('GET', `/campaigns/${k.id}/report`)).contactsByState,
      ).toEqual(before.contactsByState);

      const written = await api.call<Answer>(
        'POST',
        `/campaigns/${k.id}/contacts.csv?skipInvalidRows=true`,
        csv,
        {
          'content-type': 'text/csv',
        },
      );
      expect(written.status).toBe(201);
      expect(written.body).toEqual({
        imported: ROWS - 500,
        byState: { INITIAL: ROWS - 700, BLACKLISTED: 100, INVALID_RECORD: 100 },
        errorCount: 500,
        errors: expectedErrors,
        written: true,
      });
      const report = await api.ok<{ contactsByState: Json }>('GET', `/campaigns/${k.id}/report`);
      expect(report.contactsByState).toEqual({
        INITIAL: ROWS - 700 + 200,
        BLACKLISTED: 100,
        INVALID_RECORD: 100,
      });

      const listed = await api.ok<{
        contacts: Array<{ id: string; phone: string; state: string; stateReason: string }>;
      }>('GET', `/campaigns/${k.id}/contacts?state=BLACKLISTED&limit=1`);
      expect(listed.contacts[0]).toMatchObject({
        phone: phoneOf(700),
        stateReason: 'number is on the blacklist',
      });
      const one = await api.ok<{ events: Array<{ event: string; actor: string; to: string; at: string }> }>(
        'GET',
        `/contacts/${listed.contacts[0]!.id}`,
      );
      expect(one.events).toEqual([
        expect.objectContaining({ event: 'import', actor: expect.stringMatching(/^api/), to: 'BLACKLISTED' }),
      ]);
      // A contact that arrived INITIAL shows its import too (one record for the whole file, not a row per contact).
      const initial = await api.ok<{ contacts: Array<{ id: string; phone: string }> }>(
        'GET',
        `/campaigns/${k.id}/contacts?state=INITIAL&limit=1&after=${listed.contacts[0]!.id}`,
      );
      const history = await api.ok<{
        events: Array<{ event: string; actor: string; to: string; at: string }>;
      }>('GET', `/contacts/${initial.contacts[0]!.id}`);
      expect(history.events).toEqual([
        {
          at: expect.any(String),
          from: null,
          to: 'INITIAL',
          event: 'import',
          actor: one.events[0]!.actor,
          reason: null,
          attemptId: null,
          details: null,
        },
      ]);
      expect(history.events[0]!.at).toBe(one.events[0]!.at);
    });
  });
}
