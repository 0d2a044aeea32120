/**
 * Playwright fixture: `mockSip` is a fresh mock-sip (free loopback ports) per test, stopped afterwards.
 * Give a scenario with `test.use({ mockSipScenario: {...} })`.
 */
import { test as base } from '@playwright/test';
import { startMockSip, type MockSip, type ScenarioInput } from '../../mock-sip/index';

export const test = base.extend<{ mockSip: MockSip; mockSipScenario: ScenarioInput | string }>({
  mockSipScenario: [{}, { option: true }],
  mockSip: async ({ mockSipScenario }, use) => {
    const sip = await startMockSip({ scenario: mockSipScenario });
    await use(sip);
    await sip.stop();
  },
});

export { expect } from '@playwright/test';
