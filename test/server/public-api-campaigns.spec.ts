/**
 * Public API contract for a campaign and its call list: campaigns created, read, changed and moved through
 * their states; contacts added, listed by state page by page, read with their events and removed; a CSV file of
 * 100 000 rows streamed in. Good input answers as documented, bad input a 4xx with a clear message and nothing
 * written. The contract's other parts: public-api-openapi.spec.ts and public-api-operators-reports.spec.ts.
 */
import { test, expect } from '@playwright/test';
import type { Api, Json } from './support';
import { postgresServerForSpec } from './postgres-server';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let api: Api;
postgresServerForSpec((_server, client) => {
  api = client;
});

type Err = { error: string };

test('campaigns: create, read, update, start, pause, cancel; bad input refused and nothing written', async () => {
  const bad = [
    [{}, 'name'],
    [{ name: 'x', mode: 'robocall' }, 'mode'],
    [{ name: 'x', surprise: true }, 'surprise'],
    [{ name: 'x', timeZone: 'Mars/Base' }, 'timeZone'],
    [{ name: 'x', operators: ['ghost'] }, 'unknown operators: ghost'],
  ] as const;
  for (const [body, words] of bad) {
    const r = await api.call<Err>('POST', '/campaigns', body);
    expect(r.status, JSON.stringify(body)).toBe(400);
    expect(r.body.error).toContain(words);
  }
  expect((await api.ok<{ campaigns: Json[] }>('GET', '/campaigns')).campaigns).toHaveLength(0);
  expect(
    (await api.call('POST', '/campaigns', 'not json', { 'content-type': 'application/json' })).status,
  ).toBe(400);

  const k = await api.ok<Json & { id: string }>('POST', '/campaigns', {
    name: 'Spring',
    mode: 'progressive',
    defaultRegion: 'gb',
  });
  expect(k).toMatchObject({
    name: 'Spring',
    status: 'DRAFT',
    mode: 'progressive',
    defaultRegion: 'GB',
    bcwSeconds: 10,
  });
  expect(await api.ok('GET', `/campaigns/${k.id}`)).toMatchObject({ id: k.id });
  expect((await api.call<Err>('GET', '/campaigns/cmp_missing')).status).toBe(404);
  expect(
    await api.ok('PATCH', `/campaigns/${k.id}`, { bcwSeconds: 5, retry: { maxAttempts: 5 } }),
  ).toMatchObject({
    bcwSeconds: 5,
    retry: { maxAttempts: 5, delaySeconds: { rejected: 3600 } },
  });
  expect((await api.call<Err>('PATCH', `/campaigns/${k.id}`, { bcwSeconds: -1 })).status).toBe(400);
  expect((await api.call<Err>('POST', `/campaigns/${k.id}/pause`)).body.error).toBe(
    'cannot pause a campaign that is DRAFT',
  );
  expect((await api.ok('POST', `/campaigns/${k.id}/start`)) as Json).toMatchObject({ status: 'RUNNING' });
  expect((await api.ok('POST', `/campaigns/${k.id}/pause`)) as Json).toMatchObject({ status: 'PAUSED' });
  expect((await api.ok('POST', `/campaigns/${k.id}/cancel`)) as Json).toMatchObject({ status: 'CANCELLED' });
  expect((await api.call('POST', `/campaigns/${k.id}/start`)).status).toBe(409);
  expect(
    (await api.call('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone: '+442079460018' }] }))
      .status,
  ).toBe(409);
});

test('contacts: add, duplicates refused with nothing written, list by state with paging, get with events, delete', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Contacts' });
  const dup = await api.call<{
    error: string;
    errors: Array<{ row: number; message: string }>;
    written: boolean;
  }>('POST', `/campaigns/${k.id}/contacts`, {
    contacts: [{ phone: '+12025550100' }, { phone: '(202) 555-0100' }, { phone: '+12025550101', extra: 1 }],
  });
  expect(dup.status).toBe(422);
  expect(dup.body.written).toBe(false);
  expect(dup.body.errors).toEqual([
    {
      row: 2,
      message: 'duplicate phone +12025550100 (also on row 1)',
      code: 'duplicate_in_file',
      params: { column: 'phone', value: '+12025550100', firstRow: 1 },
    },
    { row: 3, message: expect.stringContaining('extra'), code: 'field_invalid', params: expect.any(Object) },
  ]);
  expect((await api.ok<{ contacts: Json[] }>('GET', `/campaigns/${k.id}/contacts`)).contacts).toHaveLength(0);
  expect((await api.call<Err>('POST', `/campaigns/${k.id}/contacts`, { contacts: 'nope' })).status).toBe(400);
  expect((await api.call<Err>('POST', `/campaigns/${k.id}/contacts`, { contacts: [] })).status).toBe(400);

  const added = await api.ok<{ imported: number; byState: Json }>('POST', `/campaigns/${k.id}/contacts`, {
    contacts: [
      { phone: '+12025550100', name: 'Ann', externalId: 'crm-1', customFields: { plan: 'gold' } },
      { phone: 'ring me', name: 'Bad' },
      { phone: '+12025550102' },
    ],
  });
  expect(added).toMatchObject({ imported: 3, byState: { INITIAL: 2, INVALID_RECORD: 1 } });
  const again = await api.call<{ errors: Json[] }>('POST', `/campaigns/${k.id}/contacts`, {
    contacts: [{ phone: '202-555-0100' }],
  });
  expect(again.status).toBe(422);
  expect(again.body.errors[0]).toEqual({
    row: 1,
    message: 'duplicate phone +12025550100: already in this campaign',
    code: 'duplicate_in_campaign',
    params: { column: 'phone', value: '+12025550100' },
  });
  const skip = await api.ok<{ imported: number; errorCount: number }>(
    'POST',
    `/campaigns/${k.id}/contacts?skipInvalidRows=true`,
    {
      contacts: [{ phone: '202-555-0100' }, { phone: '202-555-0103' }],
    },
  );
  expect(skip).toMatchObject({ imported: 1, errorCount: 1 });

  const invalid = await api.ok<{ contacts: Array<{ state: string; stateReason: string }> }>(
    'GET',
    `/campaigns/${k.id}/contacts?state=INVALID_RECORD`,
  );
  expect(invalid.contacts).toEqual([
    expect.objectContaining({
      state: 'INVALID_RECORD',
      stateReason: 'phone number has letters or special characters',
    }),
  ]);
  const page1 = await api.ok<{ contacts: Array<{ id: string }>; next: string }>(
    'GET',
    `/campaigns/${k.id}/contacts?limit=2`,
  );
  expect(page1.contacts).toHaveLength(2);
  const page2 = await api.ok<{ contacts: Array<{ id: string }>; next: string | null }>(
    'GET',
    `/campaigns/${k.id}/contacts?limit=2&after=${page1.next}`,
  );
  expect(page2.contacts).toHaveLength(2);
  expect(page2.next).toBeNull();
  expect((await api.call<Err>('GET', `/campaigns/${k.id}/contacts?state=HAPPY`)).status).toBe(400);
  expect((await api.call<Err>('GET', `/campaigns/${k.id}/contacts?limit=0`)).status).toBe(400);

  const one = await api.ok<{
    customFields: Json;
    externalId: string;
    events: Array<{ to: string; event: string }>;
  }>('GET', `/contacts/${page1.contacts[0]!.id}`);
  expect(one).toMatchObject({
    customFields: { plan: 'gold' },
    externalId: 'crm-1',
    events: [{ to: 'INITIAL', event: 'import' }],
  });
  expect((await api.call('GET', '/contacts/abc')).status).toBe(400);
  expect((await api.call('GET', '/contacts/99999999')).status).toBe(404);
  expect(await api.ok('DELETE', `/contacts/${page1.contacts[0]!.id}`)).toMatchObject({ state: 'REMOVED' });
  // A removed contact's number may be added again.
  expect(
    (
      await api.ok<{ imported: number }>('POST', `/campaigns/${k.id}/contacts`, {
        contacts: [{ phone: '+12025550100' }],
      })
    ).imported,
  ).toBe(1);
});

test('CSV: 100 000 rows streamed, row errors reported by line; one bad row refuses a file by default, nothing half-written', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Big CSV' });
  const lines = ['phone,name,externalId,plan'];
  const bad = new Set<number>();
  for (let i = 0; i < 100_000; i++) {
    const line = i + 2; // spreadsheet line numbers: header is line 1
    if (i % 2000 === 1999) {
      lines.push(`+1202${String(5_000_000 + i - 1).padStart(7, '0')},Dup ${i},,basic`); // duplicate of the row before
      bad.add(line);
    } else if (i % 5000 === 4000) {
      lines.push(`+1202${String(5_000_000 + i).padStart(7, '0')},${'x'.repeat(300)},,basic`); // name too long
      bad.add(line);
    } else {
      lines.push(
        `+1202${String(5_000_000 + i).padStart(7, '0')},Customer ${i},crm-${i},${i % 2 ? 'gold' : 'basic'}`,
      );
    }
  }
  const csv = lines.join('\n') + '\n';
  const written = await api.call<{
    imported: number;
    errorCount: number;
    errors: Array<{ row: number; message: string }>;
  }>('POST', `/campaigns/${k.id}/contacts.csv?skipInvalidRows=true`, csv, { 'content-type': 'text/csv' });
  expect(written.status).toBe(201);
  expect(written.body).toMatchObject({ imported: 100_000 - bad.size, errorCount: bad.size });
  expect(written.body.errors.map((e) => e.row)).toEqual([...bad].sort((a, b) => a - b));
  expect(written.body.errors[0]).toEqual({
    row: 2001,
    message: 'duplicate phone +12025001998 (also on row 2000)',
    code: 'duplicate_in_file',
    params: { column: 'phone', value: '+12025001998', firstRow: 2000 },
  });
  expect(written.body.errors.find((e) => e.row === 4002)!.message).toContain('name');
  const report = await api.ok<{ contactsByState: Json }>('GET', `/campaigns/${k.id}/report`);
  expect(report.contactsByState).toEqual({ INITIAL: 100_000 - bad.size });
  const sample = await api.ok<{ contacts: Array<{ customFields: Json; externalId: string }> }>(
    'GET',
    `/campaigns/${k.id}/contacts?limit=1`,
  );
  expect(sample.contacts[0]).toMatchObject({ externalId: 'crm-0', customFields: { plan: 'basic' } });

  // By default one bad row refuses the whole file: nothing is written.
  const small = await api.call<{ errorCount: number; errors: Array<{ row: number }>; written: boolean }>(
    'POST',
    `/campaigns/${k.id}/contacts.csv`,
    'phone,name\n+12025559990,Ann\n+12025559991,Bob\n+12025559990,Ann again\n',
    { 'content-type': 'text/csv' },
  );
  expect(small.status).toBe(422);
  expect(small.body).toMatchObject({ written: false, errorCount: 1, errors: [{ row: 4 }] });
  const after = await api.ok<{ contactsByState: Json }>('GET', `/campaigns/${k.id}/report`);
  expect(after.contactsByState).toEqual({ INITIAL: 100_000 - bad.size });

  expect(
    (
      await api.call('POST', `/campaigns/${k.id}/contacts.csv`, 'phone\n+12025550100\n', {
        'content-type': 'text/plain',
      })
    ).status,
  ).toBe(415);
  const unterminated = await api.call<Err>(
    'POST',
    `/campaigns/${k.id}/contacts.csv`,
    'phone,name\n"+12025550100,Ann\n',
    { 'content-type': 'text/csv' },
  );
  expect(unterminated.status).toBe(400);
  expect(unterminated.body.error).toContain('unreadable CSV');
});
