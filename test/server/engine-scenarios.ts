/**
 * Engine scenarios for every contact state, written once and run on PGlite and on a real PostgreSQL
 * (engine.pglite.spec.ts, engine.postgres.spec.ts). One server per file; each test makes its own campaign,
 * operators and contacts, and drives time with the server's ManualClock. The scenarios live in ./engine/, one
 * file per part of the contact's life; the order below is the order they run in.
 */
import { test } from '@playwright/test';
import type { DatabaseConfig } from '../../server/index';
import { engineHarness } from './engine/harness';
import { previewScenarios } from './engine/preview';
import { attemptsScenarios } from './engine/attempts';
import { listScenarios } from './engine/list';
import { predictiveScenarios } from './engine/predictive';
import { channelScenarios } from './engine/channel';

export function defineEngineScenarios(
  label: string,
  database: () => Promise<{ config: DatabaseConfig; stop(): Promise<void> }>,
) {
  test.describe(`engine on ${label}`, () => {
    test.describe.configure({ mode: 'default', timeout: 120_000 });
    const h = engineHarness(database);
    previewScenarios(h);
    attemptsScenarios(h);
    listScenarios(h);
    predictiveScenarios(h);
    channelScenarios(h);
  });
}
