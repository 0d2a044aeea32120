/**
 * The accessibility scan every a11y spec uses: axe-core over the page as it stands, against WCAG 2.0/2.1/2.2
 * A and AA. Serious and critical violations fail the test (softly, so one run lists every view's); the rest
 * are printed, so they stay visible without blocking. The structure a screen-reader user navigates by (one
 * level-one heading, a main landmark, everything inside a landmark, table headers with text) is axe's
 * "best practice" rather than WCAG, and fails the test too: it is what the issue found missing.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const STRUCTURE_RULES = ['page-has-heading-one', 'landmark-one-main', 'region', 'empty-table-header'];
const BLOCKING = new Set(['serious', 'critical']);

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

const isWcag = (v: Violation) => v.tags.some((t) => WCAG_TAGS.includes(t));

function describe(where: string, v: Violation): string {
  const nodes = v.nodes.map(
    (n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`,
  );
  return `[axe ${where}] ${v.impact} ${v.id}: ${v.help}\n${nodes.join('\n')}`;
}

/** What axe finds on the page as it stands: the blocking findings, each described for the report. */
export async function findings(page: Page, where: string): Promise<string[]> {
  // One pass (best-practice rules included, only the structure ones kept): scans are slow on a busy machine.
  const result = await new AxeBuilder({ page }).withTags([...WCAG_TAGS, 'best-practice']).analyze();
  const blocking: string[] = [];
  for (const v of result.violations) {
    if (STRUCTURE_RULES.includes(v.id) || (BLOCKING.has(v.impact ?? '') && isWcag(v)))
      blocking.push(describe(where, v));
    else if (isWcag(v)) console.log(describe(where, v));
  }
  const h1 = await page.locator('h1').count();
  if (h1 !== 1) blocking.push(`[${where}] ${h1} level-one headings; a view has exactly one`);
  return blocking;
}

/** Scans the page and fails the test (softly: the walk goes on to the next view) on any blocking finding. */
export async function scan(page: Page, where: string): Promise<void> {
  expect.soft(await findings(page, where), `serious/critical axe violations on ${where}`).toEqual([]);
}
