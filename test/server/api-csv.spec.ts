/**
 * CSV files as spreadsheets really save them (fixtures/): Excel in a Czech or German locale writes `;` and CRLF,
 * a BOM with "CSV UTF-8", Windows-1250/1252 with plain "CSV". Each arrives intact, or is refused saying why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { Api } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let pg: TestPostgres;
let server: CampaignServer;
let api: Api;
test.beforeAll(async () => {
  pg = await startPostgres();
  server = await startCampaignServer({ database: { kind: 'postgres', url: pg.url } });
  api = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  await server?.stop();
  await pg?.stop();
});

type Contact = {
  phone: string;
  name: string;
  externalId: string;
  state: string;
  customFields: Record<string, string>;
};
type Answer = { error?: string; imported?: number; byState?: Record<string, number>; errors?: unknown[] };

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));

async function upload(region: string, file: string, contentType = 'text/csv') {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: file, defaultRegion: region });
  const res = await fetch(`${server.url}/api/v1/campaigns/${k.id}/contacts.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': contentType },
    body: fixture(file),
  });
  const body = (await res.json()) as Answer;
  const contacts = (await api.ok<{ contacts: Contact[] }>('GET', `/campaigns/${k.id}/contacts`)).contacts;
  return { status: res.status, body, contacts };
}

const czech = [
  {
    phone: '+420601123456',
    name: 'Příliš žluťoučký kůň',
    externalId: 'cz-1',
    customFields: { city: 'Plzeň' },
  },
  {
    phone: '+420602234567',
    name: 'Šárka Nováková',
    externalId: 'cz-2',
    customFields: { city: 'České Budějovice' },
  },
  {
    phone: '+420603345678',
    name: 'Jiří Dvořák; st.',
    externalId: 'cz-3',
    customFields: { city: 'Ústí nad Labem' },
  },
];

test('Excel "CSV UTF-8" from a Czech locale: BOM, semicolons, CRLF → every contact, names intact', async () => {
  const r = await upload('CZ', 'excel-cs-utf8-bom-semicolon.csv');
  expect(r.body).toMatchObject({ imported: 3, byState: { INITIAL: 3 }, errors: [] });
  expect(r.status).toBe(201);
  expect(r.contacts).toEqual(czech.map((c) => expect.objectContaining({ ...c, state: 'INITIAL' })));
});

test('Excel "CSV" from a Czech locale: Windows-1250 without BOM → Czech names arrive intact', async () => {
  const r = await upload('CZ', 'excel-cs-windows-1250.csv');
  expect(r.body).toMatchObject({ imported: 3, byState: { INITIAL: 3 } });
  expect(r.contacts).toEqual(czech.map((c) => expect.objectContaining({ ...c, state: 'INITIAL' })));
});

test('Excel "CSV" from a German locale: Windows-1252, capitalised headers, empty trailing rows → umlauts intact', async () => {
  const r = await upload('DE', 'excel-de-windows-1252.csv');
  expect(r.body).toMatchObject({ imported: 2, byState: { INITIAL: 2 }, errors: [] });
  expect(r.contacts).toEqual([
    expect.objectContaining({
      name: 'Jürgen Groß',
      phone: '+4930901820',
      customFields: { Kundennummer: 'de-1' },
    }),
    expect.objectContaining({ name: 'Änne Müller-Lüdenscheidt', phone: '+49892351740' }),
  ]);
});

test('a plain UTF-8 file (commas, LF, quoted comma) → every contact, names intact', async () => {
  const r = await upload('CZ', 'utf8-comma.csv');
  expect(r.body).toMatchObject({ imported: 2, byState: { INITIAL: 2 } });
  expect(r.contacts.map((c) => c.name)).toEqual(['Dvořák, Antonín', 'Zoë Łukasiewicz']);
});

test('Excel "Unicode Text": UTF-16 with BOM, tab-separated → names intact', async () => {
  const r = await upload('CZ', 'excel-unicode-text-utf16.txt');
  expect(r.body).toMatchObject({ imported: 2, byState: { INITIAL: 2 } });
  expect(r.contacts).toEqual([
    expect.objectContaining({
      phone: '+420606111222',
      name: 'Věra Čáslavská',
      customFields: { city: 'Praha' },
    }),
    expect.objectContaining({
      phone: '+48221234567',
      name: 'Łukasz Żółć',
      customFields: { city: 'Warszawa' },
    }),
  ]);
});

test('the charset named in Content-Type wins over detection', async () => {
  // Read as Windows-1252 on request, the Czech file's ř (0xF8) becomes ø: the client asked for it.
  const r = await upload('CZ', 'excel-cs-windows-1250.csv', 'text/csv; charset=windows-1252');
  expect(r.status).toBe(201);
  expect(r.contacts[0]!.name).toBe('Pøíliš žlu\u009douèký kùò');
});

test('a header without a phone column → 400 naming the column it needs and the header it read; nothing written', async () => {
  const r = await upload('CZ', 'no-phone-column.csv');
  expect(r.status).toBe(400);
  expect(r.body.error).toContain('no phone column');
  expect(r.body.error).toContain('"phone"');
  expect(r.body.error).toContain('"Jméno", "Telefonní číslo", "Město"');
  expect(r.body.error).toContain('delimiter ";"');
  expect(r.contacts).toEqual([]);
});

test('an unknown charset, an empty file, a file that stops being UTF-8 → 400 saying which', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Unreadable' });
  const send = async (text: Buffer | string, contentType = 'text/csv') => {
    const body = typeof text === 'string' ? text : new Uint8Array(text);
    const res = await fetch(`${server.url}/api/v1/campaigns/${k.id}/contacts.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': contentType },
      body,
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };
  const charset = await send('phone\n+12025550100\n', 'text/csv; charset=klingon');
  expect(charset).toMatchObject({
    status: 400,
    body: { error: expect.stringContaining('unknown charset "klingon"') },
  });
  const empty = await send('');
  expect(empty).toMatchObject({ status: 400, body: { error: expect.stringContaining('empty') } });
  // A megabyte of clean UTF-8, then a Windows-1250 "ř": detection saw UTF-8, the rest is not.
  const start = 'phone,name\n' + '+12025550100,Ann\n'.repeat(60_000);
  const mixed = Buffer.concat([Buffer.from(start), Buffer.from([0x2b, 0x31, 0x2c, 0xf8, 0x0a])]);
  const broken = await send(mixed);
  expect(broken.status).toBe(400);
  expect(broken.body.error).toContain('not valid UTF-8');
  expect(broken.body.error).toContain('charset=windows-1250');
  expect((await api.ok<{ contacts: unknown[] }>('GET', `/campaigns/${k.id}/contacts`)).contacts).toEqual([]);
});
