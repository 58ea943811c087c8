import type { TopLevelSpec } from 'vega-lite';
import type { ComparisonReport } from '../../planner/compare.js';
import { CHART_WIDTH, type Chart, topLevel } from '../charts/chart.js';
import { availabilityPercent, ms, usd } from '../format.js';
import type { RunReport } from '../json.js';
import { htmlDocument, renderCharts } from './document.js';
import { escapeHtml } from './escape.js';

/** One compared figure of a run: its value and how a reader reads it. */
interface Figure {
  name: string;
  value: number;
  text: (x: number) => string;
  /** How a difference reads: "+12 ms", "−0.12 pp". */
  delta: (d: number) => string;
}

const signed = (d: number, body: string) => `${d > 0 ? '+' : d < 0 ? '−' : '±'}${body}`;
const pp = (d: number) => signed(d, `${Math.abs(d * 100).toFixed(3)} pp`);

/** The headline figures compared: per Service availability and p50/p99, pod availability, cost. */
function figures(r: RunReport): Figure[] {
  const out: Figure[] = [];
  for (const s of r.traffic?.services ?? []) {
    out.push({
      name: `${s.service} availability`,
      value: s.availability,
      text: availabilityPercent,
      delta: pp,
    });
    for (const p of ['p50', 'p99'] as const)
      out.push({
        name: `${s.service} ${p}`,
        value: s.latencyMs[p],
        text: ms,
        delta: (d) => signed(d, ms(Math.abs(d))),
      });
  }
  out.push({ name: 'pod availability', value: r.availability.pods, text: availabilityPercent, delta: pp });
  out.push({ name: 'cost', value: r.cost.total, text: usd, delta: (d) => signed(d, usd(Math.abs(d))) });
  return out;
}

/**
 * A paired difference with its 95 % interval, as `kubesim compare --replications` adds them
 * (src/planner/paired-comparison.ts); read structurally, so a comparison without them still renders.
 */
interface IntervalComparison {
  metric: string;
  baseline: string;
  variant: string;
  difference: { mean: number; ci95Low: number; ci95High: number };
  pValue: number;
  verdict: string;
}

function intervalsOf(c: ComparisonReport): IntervalComparison[] {
  const list = (c as { comparisons?: unknown }).comparisons;
  return Array.isArray(list) ? (list as IntervalComparison[]) : [];
}

/** The figures side by side: each variant's value, and its difference to the first variant. */
function differencesTable(c: ComparisonReport): string {
  const perVariant = c.variants.map((v) => figures(v.report));
  const names = [...new Set(perVariant.flatMap((f) => f.map((x) => x.name)))];
  const head = ['figure', ...c.variants.map((_v, i) => `(${i + 1})`)].map((h) => `<th>${escapeHtml(h)}</th>`);
  const rows = names.map((name) => {
    const base = perVariant[0]?.find((f) => f.name === name);
    const cells = perVariant.map((list, i) => {
      const f = list.find((x) => x.name === name);
      if (!f) return '—';
      const delta = i === 0 || !base ? '' : ` (${f.delta(f.value - base.value)})`;
      return `${f.text(f.value)}${delta}`;
    });
    return `<tr><td>${escapeHtml(name)}</td>${cells.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`;
  });
  const slo = [
    ...new Set(c.variants.flatMap((v) => v.report.traffic?.slo.map((o) => o.objective) ?? [])),
  ].map((objective) => {
    const cells = c.variants.map((v) => {
      const o = v.report.traffic?.slo.find((x) => x.objective === objective);
      return o ? (o.met ? 'met' : 'MISSED') : '—';
    });
    return `<tr><td>${escapeHtml(`SLO ${objective}`)}</td>${cells.map((x) => `<td>${escapeHtml(x)}</td>`).join('')}</tr>`;
  });
  return `<div class="table"><table><thead><tr>${head.join('')}</tr></thead><tbody>${[...rows, ...slo].join('')}</tbody></table></div>`;
}

/** Each figure's value per variant as bars, one small panel per figure with its own scale. */
function figuresChart(c: ComparisonReport): Chart {
  const rows = c.variants.flatMap((v, i) =>
    figures(v.report).map((f) => ({
      figure: f.name,
      variant: `(${i + 1}) ${v.label}`,
      value: f.value,
      text: f.text(f.value),
    })),
  );
  const { width: _w, height: _h, ...top } = topLevel('Figures per variant');
  return {
    name: 'figures',
    title: 'Figures per variant',
    description:
      'Each headline figure of every variant on the same seed, one panel per figure with its own scale.',
    spec: {
      ...top,
      data: { values: rows },
      facet: { field: 'figure', type: 'nominal', title: null, sort: [...new Set(rows.map((r) => r.figure))] },
      columns: 3,
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 180,
        height: 120,
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x: { field: 'variant', type: 'nominal', title: null, axis: { labels: false, ticks: false } },
          y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
          color: { field: 'variant', type: 'nominal', title: 'variant', sort: null },
          tooltip: [{ field: 'figure' }, { field: 'variant' }, { field: 'text', title: 'value' }],
        },
      },
    } as TopLevelSpec,
  };
}

/** Each paired difference with its 95 % interval as a bar through the mean; 0 marked. */
function intervalsChart(list: readonly IntervalComparison[]): Chart {
  const rows = list.map((x) => ({
    metric: x.metric,
    variant: `${x.variant} − ${x.baseline}`,
    mean: x.difference.mean,
    low: x.difference.ci95Low,
    high: x.difference.ci95High,
    p: x.pValue,
    verdict: x.verdict,
  }));
  const { height: _h, ...top } = topLevel('Differences to the first variant, 95 % intervals');
  return {
    name: 'differences',
    title: 'Differences with 95 % intervals',
    description:
      'Each metric of each variant minus the first variant, averaged over the paired seeds, with its Student-t 95 % interval; an interval that crosses 0 is no evidence of a difference.',
    spec: {
      ...top,
      width: CHART_WIDTH,
      data: { values: rows },
      facet: {
        row: { field: 'metric', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left' } },
      },
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: CHART_WIDTH - 220,
        height: { step: 18 },
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: {
              y: { field: 'variant', type: 'nominal', title: null },
              x: { field: 'low', type: 'quantitative', title: null },
              x2: { field: 'high' },
              tooltip: [{ field: 'verdict' }, { field: 'p', title: 'p-value', format: '.3g' }],
            },
          },
          {
            mark: { type: 'point', filled: true, size: 50, tooltip: true },
            encoding: {
              y: { field: 'variant', type: 'nominal' },
              x: { field: 'mean', type: 'quantitative' },
              tooltip: [{ field: 'verdict' }, { field: 'p', title: 'p-value', format: '.3g' }],
            },
          },
          {
            data: { values: [{ zero: 0 }] },
            mark: { type: 'rule', strokeDash: [4, 3], color: '#888' },
            encoding: { x: { field: 'zero', type: 'quantitative' } },
          },
        ],
      },
    } as TopLevelSpec,
  };
}

/**
 * `kubesim compare --format html`: the variants, their figures side by side with the difference to
 * the first, the paired differences with their intervals when the comparison has replications, and
 * charts of both. Every label is escaped.
 */
export async function renderComparisonHtml(c: ComparisonReport): Promise<string> {
  const name = c.variants[0]?.report.scenario.name ?? '';
  const title = `kubesim compare: ${name}`;
  const intervals = intervalsOf(c);
  const legend = c.variants.map((v, i) => `<li>(${i + 1}) ${escapeHtml(v.label)}</li>`).join('');
  const verdicts =
    intervals.length === 0
      ? '<p>One seed per variant: run with <code>--replications N</code> for confidence intervals.</p>'
      : `<h2 id="section-differences">Differences to the first variant</h2><ul>${intervals.map((x) => `<li>${escapeHtml(`${x.variant}: ${x.verdict}`)}</li>`).join('')}</ul>`;
  const body = [
    `<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(`Seed ${c.seed}, the same random streams on every side; varied: ${c.vary.join('; ')}.`)}</p></header>`,
    `<section id="variants"><h2>Variants</h2><ul>${legend}</ul></section>`,
    `<main><h2 id="section-figures">Figures side by side</h2>${differencesTable(c)}${verdicts}</main>`,
  ].join('\n');
  const charts = await renderCharts([
    figuresChart(c),
    ...(intervals.length > 0 ? [intervalsChart(intervals)] : []),
  ]);
  return htmlDocument({ title, body, charts });
}
