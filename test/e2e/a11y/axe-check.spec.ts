/** The scan itself finds what the issue reported, so a clean scan of the app means something. */
import { test, expect } from '@playwright/test';
import { findings } from './axe';

test('the scan catches low-contrast badges, a meter without its value, no h1, empty table headers', async ({
  page,
}) => {
  await page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body>
    <nav aria-label="Main"><button>Phone</button></nav>
    <main>
      <h2>Console</h2>
      <span style="background:#dff3e4;color:#1a7f37;font-size:12px">Ready</span>
      <div role="meter" aria-label="Microphone level"></div>
      <table><thead><tr><th>Number</th><th></th></tr></thead><tbody><tr><td>1</td><td>x</td></tr></tbody></table>
    </main></body></html>`);
  const found = (await findings(page, 'bad page')).join('\n');
  expect(found).toContain('color-contrast');
  expect(found).toContain('aria-required-attr');
  expect(found).toContain('page-has-heading-one');
  expect(found).toContain('empty-table-header');
  expect(found).toContain('0 level-one headings');
});
