import { defineEngineScenarios } from './engine-scenarios';
import { startPostgres } from '../support/postgres';

defineEngineScenarios('PostgreSQL 15', async () => {
  const pg = await startPostgres();
  return { config: { kind: 'postgres', url: pg.url }, stop: () => pg.stop() };
});
