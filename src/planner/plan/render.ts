import { markdownTable, textTable, usd } from '../../report/format.js';
import { objectiveValueText } from './report.js';
import type { PlanReport } from './schema.js';

type CandidateJson = PlanReport['plan']['frontier'][number];

function label(c: CandidateJson): string {
  const p = c.pools[0];
  if (!p) return '';
  const base = `${p.perZone} × ${p.instanceType}`;
  return p.zones.length === 0
    ? base
    : `${base} in ${p.zones.length === 1 ? '' : 'each of '}${p.zones.join(', ')}`;
}

function frontierRows(r: PlanReport): string[][] {
  const objectives =
    r.plan.chosen?.slo.map((s) => s.objective) ?? r.plan.frontier[0]?.slo.map((s) => s.objective) ?? [];
  const rows = [['cost/h', 'nodes', 'candidate', ...objectives.map((o) => `${o} (mean)`), 'verdict', 'runs']];
  for (const c of r.plan.frontier)
    rows.push([
      usd(c.costPerHour),
      String(c.nodes),
      label(c),
      ...c.slo.map((s) => objectiveValueText(s, s.mean)),
      c.verdict,
      String(c.runs),
    ]);
  return rows;
}

function header(r: PlanReport): string[] {
  return [
    `objectives: ${r.objectives.join(', ')} with ${r.confidence * 100} % confidence (one-sided)`,
    `failures: ${r.failures}`,
    `catalogue: ${r.catalog.file} (${r.catalog.instanceTypes} types; allocatable by ${r.catalog.reservations} reservations)`,
    `cost: ${r.costModel}`,
    `demand: ${r.demand.pods} pods requesting ${r.demand.cpu} cpu and ${r.demand.memory} memory`,
  ];
}

/** The plan for a terminal: the choice with its margins, why it wins, the frontier, the runs used. */
export function renderPlanText(r: PlanReport): string {
  const lines = [
    `kubesim plan: ${r.scenario.name} (${r.scenario.duration} per run, seeds from ${r.scenario.seed})`,
    '',
  ];
  lines.push(...header(r).map((h) => `  ${h}`), '');
  const c = r.plan.chosen;
  if (c) {
    lines.push(
      `Chosen: ${label(c)}: ${c.nodes} nodes, ${usd(c.costPerHour)}/h (${usd(c.costPer30Days)} per 30 days)`,
    );
    lines.push(
      textTable(
        c.slo.map((s) => [
          s.objective,
          `mean ${objectiveValueText(s, s.mean)}`,
          `bound ${objectiveValueText(s, s.bound)}`,
          `target ${objectiveValueText(s, s.target)}`,
          `n=${s.n}`,
          s.met ? 'met' : 'MISSED',
        ]),
      ),
    );
  } else lines.push('No candidate met every objective.');
  lines.push('', 'Why:', ...r.plan.why.map((w) => `  - ${w}`), '', 'Frontier (cost vs the objectives):');
  lines.push(textTable(frontierRows(r)), '');
  lines.push(
    `Runs: ${r.plan.runs} simulations over ${r.plan.candidates} candidates, ${r.plan.families.length} families (type × zones).`,
  );
  return `${lines.join('\n')}\n`;
}

/** The plan as Markdown: the same content as the text, with tables. */
export function renderPlanMarkdown(r: PlanReport): string {
  const out = [`# Plan: ${r.scenario.name}`, '', ...header(r).map((h) => `- ${h}`), ''];
  const c = r.plan.chosen;
  if (c) {
    out.push(
      `## Chosen: ${label(c)}`,
      '',
      `${c.nodes} nodes, ${usd(c.costPerHour)}/h (${usd(c.costPer30Days)} per 30 days).`,
      '',
    );
    out.push(
      markdownTable(
        ['objective', 'mean', 'bound', 'target', 'runs', 'met'],
        c.slo.map((s) => [
          s.objective,
          objectiveValueText(s, s.mean),
          objectiveValueText(s, s.bound),
          objectiveValueText(s, s.target),
          s.n,
          s.met ? 'yes' : 'no',
        ]),
      ),
      '',
    );
  } else out.push('## No candidate met every objective', '');
  out.push('## Why', '', ...r.plan.why.map((w) => `- ${w}`), '', '## Frontier', '');
  const [head, ...rows] = frontierRows(r);
  out.push(markdownTable(head as string[], rows), '', '## Search', '');
  out.push(
    markdownTable(
      ['instance type', 'zones', 'lower bound', 'feasible at', 'outcome'],
      r.plan.families.map((f) => [
        f.instanceType,
        f.zones,
        f.lowerBound ?? '—',
        f.feasibleAt ?? '—',
        f.outcome,
      ]),
    ),
    '',
    `${r.plan.runs} simulation runs over ${r.plan.candidates} candidates.`,
    '',
  );
  return out.join('\n');
}
