import { relative } from 'node:path';
import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';

/**
 * Prints the plain closing line CI reads: "N passed, N failed, N skipped" (skipped must stay 0), and names every
 * test that passed only on its retry, so a flake is seen and fixed rather than hidden by the retry.
 */
export default class SummaryReporter implements Reporter {
  private root: Suite | undefined;

  onBegin(_config: FullConfig, suite: Suite): void {
    this.root = suite;
  }

  onEnd(): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const flaky: string[] = [];
    for (const test of this.root?.allTests() ?? []) {
      const outcome = test.outcome();
      if (outcome === 'flaky')
        flaky.push(`${relative(process.cwd(), test.location.file)}:${test.location.line} ${test.title}`);
      if (outcome === 'expected' || outcome === 'flaky') passed++;
      else if (outcome === 'skipped') skipped++;
      else failed++;
    }
    for (const title of flaky) console.log(`FLAKY (passed on its retry): ${title}`);
    console.log(`${passed} passed, ${failed} failed, ${skipped} skipped, ${flaky.length} flaky`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
