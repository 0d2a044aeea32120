/**
 * One campaign server on a PostgreSQL cluster of its own for a whole spec file: the cluster and the server are
 * started before the file's tests (`ready` gets the server and an admin Public API client) and stopped after
 * them. The Public API contract specs (public-api-*.spec.ts) share it: each file starts from an empty database,
 * as its first assertions expect (no campaigns yet, no operator of that login), and on PostgreSQL as the
 * contract always ran.
 */
import { test } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { Api } from './support';

export function postgresServerForSpec(ready: (server: CampaignServer, api: Api) => void): void {
  let pg: TestPostgres | undefined;
  let server: CampaignServer | undefined;
  test.beforeAll(async () => {
    pg = await startPostgres();
    server = await startCampaignServer({ database: { kind: 'postgres', url: pg.url } });
    ready(server, new Api(server.url, server.adminToken));
  });
  test.afterAll(async () => {
    await server?.stop();
    await pg?.stop();
  });
}
