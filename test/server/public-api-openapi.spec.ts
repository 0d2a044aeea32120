/**
 * Public API contract, who may call it and what it says it is: an API call without a known bearer token is
 * refused with 401 (tokens are kept hashed), and the OpenAPI document lists every route with the schemas of
 * its path, query and body. A route added to the API is added to this route list. The contract's other parts:
 * public-api-campaigns.spec.ts (campaigns, contacts, CSV) and public-api-operators-reports.spec.ts.
 */
import { test, expect } from '@playwright/test';
import type { CampaignServer } from '../../server/index';
import { Api, type Json } from './support';
import { postgresServerForSpec } from './postgres-server';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let server: CampaignServer;
postgresServerForSpec((started) => {
  server = started;
});

type Err = { error: string };

test('bearer tokens: missing or unknown → 401; OpenAPI document served', async () => {
  expect((await new Api(server.url, '').call<Err>('GET', '/campaigns')).status).toBe(401);
  const wrong = await new Api(server.url, 'nope').call<Err>('GET', '/campaigns');
  expect(wrong).toMatchObject({ status: 401, body: { error: 'unknown API token' } });
  const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/api/v1/campaigns', '/api/v1/campaigns/{id}/contacts', '/api/v1/blacklist']),
  );
  expect(doc.paths['/api/v1/campaigns'].post.requestBody).toBeTruthy();
  // Tokens are stored hashed.
  const stored = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
  expect(stored.map((r) => r.token_hash)).not.toContain(server.adminToken);
});

test('OpenAPI lists every route with the schemas of its path, query and body', async () => {
  const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<
        string,
        { tags?: string[]; parameters?: Array<{ in: string; name: string }>; requestBody?: { content: Json } }
      >
    >;
  };
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
  );
  expect(operations.map((o) => o.route).sort()).toEqual(
    [
      'POST /api/v1/campaigns',
      'GET /api/v1/campaigns',
      'GET /api/v1/campaigns/{id}',
      'PATCH /api/v1/campaigns/{id}',
      'POST /api/v1/campaigns/{id}/start',
      'POST /api/v1/campaigns/{id}/pause',
      'POST /api/v1/campaigns/{id}/cancel',
      'GET /api/v1/campaigns/{id}/report',
      'POST /api/v1/campaigns/{id}/contacts',
      'POST /api/v1/campaigns/{id}/contacts.csv',
      'GET /api/v1/campaigns/{id}/imports/{importId}',
      'GET /api/v1/campaigns/{id}/contacts',
      'GET /api/v1/contacts/{id}',
      'DELETE /api/v1/contacts/{id}',
      'GET /api/v1/blacklist',
      'POST /api/v1/blacklist',
      'DELETE /api/v1/blacklist/{phone}',
      'POST /api/v1/operators',
      'GET /api/v1/operators',
      'POST /api/v1/tokens',
      'GET /api/v1/tokens',
      'DELETE /api/v1/tokens/{id}',
      'GET /api/v1/events',
      // transfer (issue 13.1)
      'GET /api/v1/transfer-targets',
      'POST /api/v1/transfer-targets',
      'GET /api/v1/transfer-targets/{id}',
      'PUT /api/v1/transfer-targets/{id}',
      'DELETE /api/v1/transfer-targets/{id}',
      // call recording (issue 13.8)
      'POST /api/v1/attempts/{id}/recording/status',
      'PUT /api/v1/attempts/{id}/recording/audio',
      'GET /api/v1/attempts/{id}/recording',
      'GET /api/v1/attempts/{id}/recording/audio',
      'GET /api/v1/campaigns/{id}/recordings',
      // Issue 13.2, owned callbacks.
      'GET /api/v1/campaigns/{id}/callbacks',
      'GET /api/v1/contacts/{id}/callback',
      'PUT /api/v1/contacts/{id}/callback/owner',
      // Not ready reasons and the operator's figures (issue 13.5)
      'GET /api/v1/not-ready-reasons',
      'POST /api/v1/not-ready-reasons',
      'PATCH /api/v1/not-ready-reasons/{id}',
      'DELETE /api/v1/not-ready-reasons/{id}',
      'GET /api/v1/operators/figures',
      // Why the dialer cannot place calls (issue 11)
      'GET /api/v1/dialer/status',
    ].sort(),
  );
  for (const { route, op } of operations) {
    expect(op.tags, route).toHaveLength(1);
    const inPath = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const documented = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    expect(documented, route).toEqual(inPath);
    if (/^(POST|PATCH) /.test(route) && !/\/(start|pause|cancel)$/.test(route))
      expect(op.requestBody, route).toBeTruthy();
  }
  const queries = (route: string) =>
    (operations.find((o) => o.route === route)!.op.parameters ?? [])
      .filter((p) => p.in === 'query')
      .map((p) => p.name);
  expect(queries('GET /api/v1/campaigns/{id}/contacts')).toEqual(['state', 'limit', 'after']);
  expect(queries('DELETE /api/v1/blacklist/{phone}')).toEqual(['region']);
  expect(Object.keys(doc.paths['/api/v1/campaigns/{id}/contacts.csv']!.post!.requestBody!.content)).toEqual([
    'text/csv',
  ]);
});
