import type { Override } from '../manifests/overrides.js';
import { round } from '../report/json.js';
import { differenceText } from '../report/replications-format.js';
import { type HeadlineFigure, headlineFigures } from '../report/replications-headline.js';
import { seedsText } from '../report/replications-summary.js';
import type { ComparedVariant, ComparisonReport } from './compare.js';
import type { Figures } from './figures.js';
import { type Replications, type RunOne, replicate } from './replications.js';
import { pairedDifference } from './statistics.js';
import type { Variation } from './vary.js';

/** One metric of one variant against the baseline (the first variant), over paired runs. */
export interface PairedComparison {
  /** The figure's dotted path (as in `statistics`). */
  metric: string;
  /** The baseline's label. */
  baseline: string;
  /** The variant's label. */
  variant: string;
  /** variant − baseline, averaged over the seeds both ran, with its 95 % Student-t interval. */
  difference: { mean: number; ci95Low: number; ci95High: number };
  /** Two-sided paired t test of "no difference". */
  pValue: number;
  /** In words: "default/cart p99: −18 ms [−22 ms, −14 ms], better (p < 0.001)". */
  verdict: string;
}

/** A variant ready to run: its label, the overrides it set, and how to run it on a seed. */
export interface PreparedVariant {
  label: string;
  overrides: Override[];
  runOne: RunOne;
}

/**
 * `kubesim compare --replications N`: every variant on the same seeds (common random numbers: each
 * seed draws the same named streams on every side, so the differences are paired), then per headline
 * metric the difference to the first variant:
 *
 *   variants × seeds ──► replicate per variant ──► pair run by run ──► pairedDifference ──► verdict
 */
export async function comparePaired(
  variations: readonly Variation[],
  prepared: readonly PreparedVariant[],
  count: number,
  seed: number,
  onRunDone?: (done: number) => void,
): Promise<ComparisonReport> {
  const runs: Replications[] = [];
  for (const [v, p] of prepared.entries())
    runs.push(await replicate(count, seed, p.runOne, (done) => onRunDone?.(v * count + done)));
  const variants: ComparedVariant[] = prepared.map((p, i) => {
    const r = runs[i] as Replications;
    return { label: p.label, overrides: p.overrides, report: r.first, statistics: r.statistics };
  });
  const baseline = runs[0];
  const comparisons = baseline
    ? prepared
        .slice(1)
        .flatMap((p, i) =>
          compareRuns(
            headlineFigures(baseline.first),
            { label: prepared[0]?.label ?? '', samples: baseline.samples },
            { label: p.label, samples: (runs[i + 1] as Replications).samples },
          ),
        )
    : [];
  return {
    kind: 'comparison',
    seed,
    vary: variations.map((v) => v.text),
    variants,
    replications: { count, seeds: baseline?.seeds ?? [] },
    comparisons,
  };
}

/**
 * Each metric's paired difference variant − baseline over the seeds where both runs have the figure
 * (a run where a Service got no request has no latency; its pair is dropped).
 */
export function compareRuns(
  metrics: readonly HeadlineFigure[],
  baseline: { label: string; samples: readonly Figures[] },
  variant: { label: string; samples: readonly Figures[] },
): PairedComparison[] {
  return metrics.flatMap((h) => {
    const a: number[] = [];
    const b: number[] = [];
    baseline.samples.forEach((figures, i) => {
      const x = figures.get(h.path);
      const y = variant.samples[i]?.get(h.path);
      if (x !== undefined && y !== undefined) {
        a.push(x);
        b.push(y);
      }
    });
    if (a.length === 0) return [];
    const d = pairedDifference(a, b);
    const difference = { mean: round(d.mean), ci95Low: round(d.ci95Low), ci95High: round(d.ci95High) };
    return [
      {
        metric: h.path,
        baseline: baseline.label,
        variant: variant.label,
        difference,
        pValue: round(d.pValue),
        verdict: verdict(h, difference, d.pValue, d.n),
      },
    ];
  });
}

function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/**
 * The difference in words. Significant at 5 % exactly when the interval leaves out 0 (the same t
 * distribution gives both); then "better" or "worse" by the metric's direction.
 */
export function verdict(
  h: HeadlineFigure,
  d: { mean: number; ci95Low: number; ci95High: number },
  pValue: number,
  n: number,
): string {
  const interval = `${differenceText(d.mean, h.unit)} [${differenceText(d.ci95Low, h.unit)}, ${differenceText(d.ci95High, h.unit)}]`;
  if (n < 2) return `${h.label}: one paired run only, no test (${differenceText(d.mean, h.unit)})`;
  if (d.ci95Low === 0 && d.ci95High === 0 && d.mean === 0) return `${h.label}: no difference in any run`;
  if (d.ci95Low > 0 || d.ci95High < 0) {
    const better = d.mean < 0 === (h.better === 'lower');
    return `${h.label}: ${interval}, ${better ? 'better' : 'worse'} (${pText(pValue)})`;
  }
  return `${h.label}: no significant difference (${interval}, ${pText(pValue)})`;
}

/** The text `kubesim compare --replications` prints after the first seed's table. */
export function renderPairedComparisons(c: ComparisonReport): string {
  if (!c.comparisons || !c.replications) return '';
  const out: string[] = [
    `paired over ${c.replications.count} seeds (${seedsText(c.replications.seeds)}): variant − (1), mean [95% interval]`,
  ];
  c.variants.slice(1).forEach((v, i) => {
    const mine = c.comparisons?.filter((x) => x.variant === v.label) ?? [];
    const slo = mine.filter((x) => x.metric.startsWith('traffic.slo['));
    out.push('', `  (${i + 2}) ${v.label}`);
    if (slo.length > 0) out.push(`    SLOs: ${slo.map((x) => x.verdict.replace(/^SLO /, '')).join('; ')}`);
    for (const x of mine) if (!slo.includes(x)) out.push(`    ${x.verdict}`);
  });
  return `\n${out.join('\n')}\n`;
}
