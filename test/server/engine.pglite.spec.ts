import { defineEngineScenarios } from './engine-scenarios';

defineEngineScenarios('PGlite', async () => ({ config: { kind: 'pglite' }, stop: async () => undefined }));
