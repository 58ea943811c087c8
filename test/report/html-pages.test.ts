import { beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonReport } from '../../src/planner/compare.js';
import { usd } from '../../src/report/format.js';
import { renderComparisonHtml } from '../../src/report/html/compare-page.js';
import { escapeHtml, jsonForScript } from '../../src/report/html/escape.js';
import { markdownToHtml } from '../../src/report/html/markdown-to-html.js';
import { renderRunHtml } from '../../src/report/html/run-page.js';
import type { RunReport } from '../../src/report/json.js';
import { HOSTILE_NAME, trafficFaultReport } from './html-fixtures.js';

/** Whether the page holds `needle`: a failure names the needle, not the page (it inlines vega). */
const has = (html: string, needle: string | RegExp) =>
  typeof needle === 'string' ? html.includes(needle) : needle.test(html);

describe('the HTML run report', () => {
  let report: RunReport;
  let html: string;
  beforeAll(async () => {
    report = trafficFaultReport();
    html = await renderRunHtml(report);
  }, 120_000);

  it('gives the same bytes for the same report', async () => {
    expect(await renderRunHtml(report)).toBe(html);
  });

  it('escapes the Scenario name everywhere: title, heading, tables, charts and the specs', () => {
    expect(html.includes(HOSTILE_NAME)).toBe(false);
    expect(html.includes('<script>alert')).toBe(false);
    expect(
      has(html, `<title>kubesim run: ${escapeHtml(HOSTILE_NAME)}</title>`),
      `<title>kubesim run: ${escapeHtml(HOSTILE_NAME)}</title>`,
    ).toBe(true);
    // Exactly the page's three scripts: the specs, the runtime, the enhancer.
    expect(html.match(/<script[ >]/g)).toHaveLength(3);
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('puts the SLOs met and missed first, then the tables, then the charts', () => {
    const slo = html.indexOf('<section id="summary">');
    const tables = html.indexOf('<main>');
    const charts = html.indexOf('<section id="charts">');
    expect(slo).toBeGreaterThan(0);
    expect(slo).toBeLessThan(tables);
    expect(tables).toBeLessThan(charts);
    expect(has(html, '1 of 2 SLOs missed'), '1 of 2 SLOs missed').toBe(true);
    expect(
      has(html, /<li class="missed">availability ≥ 99\.900%<b>/),
      String(/<li class="missed">availability ≥ 99\.900%<b>/),
    ).toBe(true);
    expect(
      has(html, /<li class="met">latency\.p99 ≤ 250 ms<b>/),
      String(/<li class="met">latency\.p99 ≤ 250 ms<b>/),
    ).toBe(true);
  });

  it('carries each chart as inline SVG and as a spec the page can re-render', () => {
    const specs = JSON.parse(
      /<script type="application\/json" id="kubesim-charts">(.*?)<\/script>/s.exec(html)?.[1] ?? '[]',
    );
    const boxes = [...html.matchAll(/<div class="chart" data-chart="(\d+)"><svg /g)].map((m) => Number(m[1]));
    expect(boxes).toEqual(specs.map((_s: unknown, i: number) => i));
    expect(specs.length).toBeGreaterThan(5);
  });
});

describe('jsonForScript', () => {
  it('keeps markup out of an inline script and reads back unchanged', () => {
    const value = { name: `</script><!--${HOSTILE_NAME}\u2028` };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('markdownToHtml', () => {
  it('reads headings, tables with escaped pipes, lists and paragraphs, escaping their text', () => {
    const md = [
      '## Pods & <nodes>',
      '',
      '| pod | note |',
      '|---|---|',
      '| a\\|b | **no** `x<y` |',
      '',
      '- one <i>',
      '- two',
      '',
      'A paragraph',
      'on two lines.',
    ].join('\n');
    expect(markdownToHtml(md)).toBe(
      [
        '<h2 id="section-pods-nodes">Pods &amp; &lt;nodes&gt;</h2>',
        '<div class="table"><table><thead><tr><th>pod</th><th>note</th></tr></thead><tbody><tr><td>a|b</td><td><strong>no</strong> <code>x&lt;y</code></td></tr></tbody></table></div>',
        '<ul><li>one &lt;i&gt;</li><li>two</li></ul>',
        '<p>A paragraph on two lines.</p>',
      ].join('\n'),
    );
  });

  it('gives repeated headings distinct ids', () => {
    expect(markdownToHtml('### SLOs\n\n### SLOs')).toBe(
      '<h3 id="section-slos">SLOs</h3>\n<h3 id="section-slos-2">SLOs</h3>',
    );
  });
});

describe('the HTML comparison page', () => {
  let comparison: ComparisonReport;
  beforeAll(() => {
    const report = trafficFaultReport();
    comparison = {
      kind: 'comparison',
      seed: 7,
      vary: ['spec.services.cart.loadBalancing=round-robin,kube-proxy'],
      variants: [
        { label: 'loadBalancing=round-robin', overrides: [], report },
        {
          label: `loadBalancing=${HOSTILE_NAME}`,
          overrides: [],
          report: { ...report, cost: { ...report.cost, total: report.cost.total + 1 } },
        },
      ],
    };
  }, 120_000);

  it('shows the figures side by side with the difference to the first variant', async () => {
    const html = await renderComparisonHtml(comparison);
    expect(html.includes(HOSTILE_NAME)).toBe(false);
    expect(html.includes(escapeHtml(`(2) loadBalancing=${HOSTILE_NAME}`))).toBe(true);
    const cost = comparison.variants.map((v) => usd(v.report.cost.total));
    // A boolean, so a failure does not print the page (it inlines the vega runtime).
    expect(html.includes(`<td>cost</td><td>${cost[0]}</td><td>${cost[1]} (+$1.00)</td>`)).toBe(true);
    expect(has(html, 'id="chart-figures"'), 'id="chart-figures"').toBe(true);
    expect(has(html, 'id="chart-differences"'), 'id="chart-differences"').toBe(false);
    expect(has(html, '--replications N'), '--replications N').toBe(true);
  });

  it('draws the paired differences with their intervals when the comparison has them', async () => {
    const withIntervals = {
      ...comparison,
      comparisons: [
        {
          metric: 'cost.total',
          baseline: 'loadBalancing=round-robin',
          variant: 'loadBalancing=kube-proxy',
          difference: { mean: 1, ci95Low: 0.5, ci95High: 1.5 },
          pValue: 0.001,
          verdict: 'cost: +$1.00 [+$0.50, +$1.50], worse (p = 0.001)',
        },
      ],
    };
    const html = await renderComparisonHtml(withIntervals);
    expect(has(html, 'id="chart-differences"'), 'id="chart-differences"').toBe(true);
    expect(
      has(html, 'loadBalancing=kube-proxy: cost: +$1.00 [+$0.50, +$1.50], worse (p = 0.001)'),
      'loadBalancing=kube-proxy: cost: +$1.00 [+$0.50, +$1.50], worse (p = 0.001)',
    ).toBe(true);
    expect(await renderComparisonHtml(withIntervals)).toBe(html);
  });
});
