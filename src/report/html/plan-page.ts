import type { TopLevelSpec } from 'vega-lite';
import { renderPlanMarkdown } from '../../planner/plan/render.js';
import type { PlanReport } from '../../planner/plan/schema.js';
import type { Chart } from '../charts/chart.js';
import { topLevel } from '../charts/chart.js';
import { htmlDocument, renderCharts } from './document.js';
import { escapeHtml } from './escape.js';
import { markdownToHtml } from './markdown-to-html.js';

type Candidate = NonNullable<PlanReport['plan']['chosen']>;

/** `2 × c5.xlarge in zone-a, zone-b` for a candidate's pools. */
function label(c: Candidate): string {
  return c.pools
    .map((p) => `${p.perZone} × ${p.instanceType} in ${p.zones.join(', ') || 'no zone'}`)
    .join(' + ');
}

/** Each simulated candidate's objectives against its cost, one panel per objective, the target ruled. */
function frontierChart(r: PlanReport): Chart {
  const chosen = r.plan.chosen;
  const candidates = [...r.plan.frontier, ...(chosen && !r.plan.frontier.includes(chosen) ? [chosen] : [])];
  const rows = candidates.flatMap((c) =>
    c.slo.map((o) => ({
      objective: o.objective,
      candidate: label(c),
      costPerHour: c.costPerHour,
      mean: o.mean,
      bound: o.bound,
      target: o.target,
      verdict: c === chosen ? 'chosen' : c.verdict,
    })),
  );
  const { height: _h, width: _w, ...top } = topLevel('Cost against each objective');
  return {
    name: 'frontier',
    title: 'Cost against each objective',
    description:
      'Every candidate on the frontier (and the chosen one): its cost per hour against each objective, the mean over its replications as a point, its pessimistic one-sided bound as the end of the bar, and the target as a dashed rule.',
    spec: {
      ...top,
      data: { values: rows },
      facet: { row: { field: 'objective', type: 'nominal', title: null } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 520,
        height: 140,
        layer: [
          {
            mark: { type: 'rule', strokeWidth: 2 },
            encoding: {
              x: { field: 'costPerHour', type: 'quantitative', title: 'cost (USD per hour)' },
              y: { field: 'mean', type: 'quantitative', title: null, scale: { zero: false } },
              y2: { field: 'bound' },
            },
          },
          {
            mark: { type: 'point', filled: true, size: 70, tooltip: true },
            encoding: {
              x: { field: 'costPerHour', type: 'quantitative' },
              y: { field: 'mean', type: 'quantitative' },
              color: { field: 'verdict', type: 'nominal', title: null },
              tooltip: [
                { field: 'candidate' },
                { field: 'costPerHour', title: 'USD/h' },
                { field: 'mean' },
                { field: 'bound' },
                { field: 'target' },
              ],
            },
          },
          {
            mark: { type: 'rule', strokeDash: [4, 3], color: '#888' },
            encoding: { y: { field: 'target', type: 'quantitative', aggregate: 'max' } },
          },
        ],
      },
    } as TopLevelSpec,
  };
}

/** The families the search considered: the cost of each one's packing bound, and how it ended. */
function familiesChart(r: PlanReport): Chart {
  const rows = r.plan.families
    .filter((f) => f.lowerBound !== null)
    .map((f) => ({
      family: `${f.instanceType} × ${f.zones} zone${f.zones === 1 ? '' : 's'}`,
      lowerBound: f.lowerBound,
      outcome: f.feasibleAt !== null ? `feasible at ${f.feasibleAt} per zone` : f.outcome,
      status:
        f.feasibleAt !== null ? 'feasible' : f.outcome.startsWith('not run') ? 'pruned' : 'not feasible',
    }));
  const { height: _h, ...top } = topLevel('Families searched');
  return {
    name: 'families',
    title: 'Families searched',
    description:
      'Each instance type over each zone count: its packing lower bound (nodes per zone), and whether it was simulated and met the objectives, or pruned because its bound already cost more than the plan found.',
    spec: {
      ...top,
      height: { step: 18 },
      data: { values: rows },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'family', type: 'nominal', title: null, sort: null },
        x: { field: 'lowerBound', type: 'quantitative', title: 'packing lower bound (nodes per zone)' },
        color: { field: 'status', type: 'nominal', title: null },
        tooltip: [{ field: 'family' }, { field: 'outcome' }],
      },
    } as TopLevelSpec,
  };
}

/**
 * `kubesim plan --format html`: the chosen plan and why (the Markdown report's text and tables, the
 * same renderer), then the frontier of cost against each objective and the families searched. Every
 * text from the input is escaped.
 */
export async function renderPlanHtml(r: PlanReport): Promise<string> {
  const title = `kubesim plan: ${r.scenario.name}`;
  const markdown = renderPlanMarkdown(r).replace(/^# .*\n/, '');
  const charts = await renderCharts([
    ...(r.plan.frontier.length > 0 || r.plan.chosen ? [frontierChart(r)] : []),
    ...(r.plan.families.length > 0 ? [familiesChart(r)] : []),
  ]);
  const body = [
    `<header><h1>${escapeHtml(title)}</h1></header>`,
    `<main>${markdownToHtml(markdown)}</main>`,
  ].join('\n');
  return htmlDocument({ title, body, charts });
}
