import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** An axe-core rule the page breaks, with the elements that break it. */
export interface AccessibilityViolation {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Impacts that fail a test; axe's "minor" and "moderate" findings are left to judgement. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Audits what the page shows now with axe-core (its default rules: WCAG A and
 * AA, and axe's best practices) and fails on any serious or critical violation, naming the
 * rule and the elements. `within` (a CSS selector) narrows the audit to a
 * dialog or a panel; the whole page otherwise. Call it once the part to audit
 * is on screen and settled: axe reads colours and layout as they are.
 */
export async function expectAccessible(page: Page, within?: string): Promise<void> {
  expect(await accessibilityViolations(page, within), `serious accessibility violations on ${page.url()}${within ? ` in ${within}` : ''}`).toEqual([]);
}

async function accessibilityViolations(page: Page, within?: string): Promise<AccessibilityViolation[]> {
  // Evaluated through DevTools, which the page's CSP does not govern: a <script> tag with axe's source would be refused.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async (selector) => {
    const audit = (window as unknown as { axe: typeof axe }).axe;
    const results = await audit.run(selector ?? document, { resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  }, within);
  return violations.filter((violation) => FAILING_IMPACTS.has(violation.impact));
}
