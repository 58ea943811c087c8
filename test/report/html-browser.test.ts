import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonReport } from '../../src/planner/compare.js';
import { buildCharts } from '../../src/report/charts/index.js';
import { renderComparisonHtml } from '../../src/report/html/compare-page.js';
import { renderRunHtml } from '../../src/report/html/run-page.js';
import type { RunReport } from '../../src/report/json.js';
import { chromiumAvailable, type LaunchedChromium, launchChromium } from '../support/chromium.js';
import { HOSTILE_NAME, quickstartReport, trafficFaultReport } from './html-fixtures.js';

// The HTML report in a real browser (Debian's Chromium, headless): it opens offline with no console
// error, and every chart has drawn marks, with JavaScript on (vega-embed's live charts) and off (the
// SVG rendered ahead of time). Screenshots go to test-results/html-report/ (gitignored).
const SHOTS = resolve('test-results/html-report');
const MARKS =
  'g[class*="role-mark"] > path, g[class*="role-mark"] > line, g[class*="role-mark"] > text, g[class*="role-mark"] > g';

interface Opened {
  errors: string[];
  dialogs: string[];
}

async function open(page: Page, file: string): Promise<Opened> {
  const seen: Opened = { errors: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  // Offline: any request leaving the file would fail the test.
  await page.route(/^(?!file:)/, (route) => {
    seen.errors.push(`network request: ${route.request().url()}`);
    return route.abort();
  });
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(pathToFileURL(file).href);
  return seen;
}

/** Drawn marks inside each chart box, in page order. */
async function marksPerChart(page: Page): Promise<number[]> {
  return page.$$eval(
    'div.chart',
    (boxes, selector) => boxes.map((b) => b.querySelectorAll(`svg ${selector}`).length),
    MARKS,
  );
}

const run = chromiumAvailable() ? describe : describe.skip;

run('the HTML report in Chromium', () => {
  const pages: { name: string; file: string; report: RunReport }[] = [];
  let browser: LaunchedChromium;
  let noScript: LaunchedChromium;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const [name, report] of [
      ['quickstart', await quickstartReport()],
      ['traffic-fault', trafficFaultReport()],
    ] as const) {
      const file = join(SHOTS, `${name}.html`);
      writeFileSync(file, await renderRunHtml(report));
      pages.push({ name, file, report });
    }
    browser = await launchChromium();
    noScript = await launchChromium({ javaScriptEnabled: false });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await noScript?.close();
  });

  it('opens each report with JavaScript: no console error, every chart live and drawn', async () => {
    for (const { name, file, report } of pages) {
      const page = await browser.context.newPage();
      const seen = await open(page, file);
      const expected = buildCharts(report).length;
      // A string: the project's TypeScript has no DOM library.
      await page.waitForFunction(
        `document.querySelectorAll('div.chart.interactive').length === ${expected}`,
        null,
        {
          timeout: 30_000,
        },
      );
      expect(seen.errors, name).toEqual([]);
      expect(seen.dialogs, name).toEqual([]);
      const marks = await marksPerChart(page);
      expect(marks, name).toHaveLength(expected);
      for (const [i, n] of marks.entries()) expect(n, `${name} chart ${i}`).toBeGreaterThan(0);
      await page.screenshot({ path: join(SHOTS, `${name}-top.png`) });
      await page.locator('#charts').screenshot({ path: join(SHOTS, `${name}-charts.png`) });
      // An overview for the README (docs/images/report.png is picked from these): the SLO summary
      // with the first charts below it, the tables hidden for the picture only.
      await page.addStyleTag({ content: 'nav, main { display: none; }' });
      await page.screenshot({
        path: join(SHOTS, `${name}-overview.png`),
        fullPage: true,
        clip: { x: 0, y: 0, width: 1100, height: 1000 },
      });
      await page.close();
    }
  });

  it('shows every chart with JavaScript off, from the inline SVG', async () => {
    for (const { name, file, report } of pages) {
      const page = await noScript.context.newPage();
      const seen = await open(page, file);
      expect(seen.errors, name).toEqual([]);
      expect(await page.locator('div.chart.interactive').count()).toBe(0);
      const marks = await marksPerChart(page);
      expect(marks, name).toHaveLength(buildCharts(report).length);
      for (const [i, n] of marks.entries()) expect(n, `${name} chart ${i}`).toBeGreaterThan(0);
      await page.screenshot({ path: join(SHOTS, `${name}-no-js.png`), fullPage: false });
      await page.close();
    }
  });

  it('opens the comparison page with its interval chart, live and drawn', async () => {
    const { report } = pages.find((p) => p.name === 'traffic-fault') as (typeof pages)[number];
    const file = join(SHOTS, 'compare.html');
    const other = { ...report, cost: { ...report.cost, total: report.cost.total * 1.5 } };
    writeFileSync(
      file,
      await renderComparisonHtml({
        kind: 'comparison',
        seed: 7,
        vary: ['spec.services.cart.loadBalancing=round-robin,kube-proxy'],
        variants: [
          { label: 'round-robin', overrides: [], report },
          { label: 'kube-proxy', overrides: [], report: other },
        ],
        comparisons: [
          {
            metric: 'cost.total',
            baseline: 'round-robin',
            variant: 'kube-proxy',
            difference: { mean: 0.06, ci95Low: 0.04, ci95High: 0.08 },
            pValue: 0.001,
            verdict: 'cost: +$0.06 [+$0.04, +$0.08], worse (p = 0.001)',
          },
        ],
      } as ComparisonReport),
    );
    const page = await browser.context.newPage();
    const seen = await open(page, file);
    await page.waitForFunction(`document.querySelectorAll('div.chart.interactive').length === 2`, null, {
      timeout: 30_000,
    });
    expect(seen.errors).toEqual([]);
    const marks = await marksPerChart(page);
    expect(marks).toHaveLength(2);
    for (const n of marks) expect(n).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'compare.png'), fullPage: true });
    await page.close();
  });

  it('shows a hostile Scenario name as text, running nothing', async () => {
    const { file } = pages.find((p) => p.name === 'traffic-fault') as (typeof pages)[number];
    const page = await browser.context.newPage();
    const seen = await open(page, file);
    expect(await page.title()).toBe(`kubesim run: ${HOSTILE_NAME}`);
    expect(await page.locator('h1').textContent()).toBe(`kubesim run: ${HOSTILE_NAME}`);
    expect(seen.dialogs).toEqual([]);
    await page.close();
  });

  it('shows a tooltip when the pointer rests on a live chart', async () => {
    const { file } = pages.find((p) => p.name === 'quickstart') as (typeof pages)[number];
    const page = await browser.context.newPage();
    await open(page, file);
    await page.waitForSelector('#chart-node-utilisation div.chart.interactive');
    await page.locator('#chart-node-utilisation').scrollIntoViewIfNeeded();
    const cell = await page
      .locator('#chart-node-utilisation g.mark-rect.role-mark path')
      .first()
      .boundingBox();
    expect(cell).not.toBeNull();
    // Near a corner, on the cell itself rather than its printed percentage (which has the same tooltip).
    await page.mouse.move((cell?.x ?? 0) + 6, (cell?.y ?? 0) + 4);
    await page.mouse.move((cell?.x ?? 0) + 8, (cell?.y ?? 0) + 5);
    const tooltip = page.locator('#vg-tooltip-element');
    await tooltip.waitFor({ state: 'visible', timeout: 5_000 });
    const shown = (await tooltip.textContent()) ?? '';
    expect(shown).toMatch(/general-0/);
    await page.close();
  });
});
