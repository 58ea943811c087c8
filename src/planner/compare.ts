import type { Override } from '../manifests/overrides.js';
import { availabilityPercent, ms, percent, textTable, usd } from '../report/format.js';
import type { RunReport } from '../report/json.js';
import { type PairedComparison, renderPairedComparisons } from './paired-comparison.js';
import type { IntervalEstimate } from './statistics.js';
import { type Variation, variants } from './vary.js';

/** One side of a comparison: the values it set and its run's report. */
export interface ComparedVariant {
  label: string;
  overrides: Override[];
  report: RunReport;
  /** With `--replications`: its figures' intervals over the seeds (`report` is the first seed's). */
  statistics?: Record<string, IntervalEstimate>;
}

/** `kubesim compare --format json`: every variant of one seed, side by side. */
export interface ComparisonReport {
  kind: 'comparison';
  seed: number;
  vary: string[];
  variants: ComparedVariant[];
  /** With `--replications`: the seeds every variant ran (paired-comparison.ts). */
  replications?: { count: number; seeds: number[] };
  /** With `--replications`: each variant's headline metrics against the first variant's. */
  comparisons?: PairedComparison[];
}

/**
 * Runs every combination of `variations` on the same seed (so every side draws the same named random
 * streams: common random numbers), with `runOne` loading and simulating one variant's overrides.
 */
export async function compareVariants(
  variations: readonly Variation[],
  runOne: (overrides: Override[], index: number) => Promise<RunReport>,
): Promise<ComparisonReport> {
  const out: ComparedVariant[] = [];
  const all = variants(variations);
  for (const [i, v] of all.entries())
    out.push({ label: v.label, overrides: v.overrides, report: await runOne(v.overrides, i) });
  return {
    kind: 'comparison',
    seed: out[0]?.report.scenario.seed ?? 0,
    vary: variations.map((v) => v.text),
    variants: out,
  };
}

/** The figures compared, as rows: per Service its requests, latency, cache and balance; then pods and cost. */
export function renderComparison(c: ComparisonReport): string {
  const header = ['', ...c.variants.map((_v, i) => `(${i + 1})`)];
  const rows: string[][] = [header];
  const services = [
    ...new Set(c.variants.flatMap((v) => v.report.traffic?.services.map((s) => s.service) ?? [])),
  ];
  const each = (f: (r: RunReport) => string): string[] => c.variants.map((v) => f(v.report));
  for (const name of services) {
    const svc = (r: RunReport) => r.traffic?.services.find((s) => s.service === name);
    rows.push([name, ...each(() => '')]);
    rows.push([
      '  availability',
      ...each((r) => (svc(r) ? availabilityPercent(svc(r)?.availability ?? 0) : '—')),
    ]);
    rows.push([
      '  served / offered',
      ...each((r) => (svc(r) ? `${svc(r)?.served} / ${svc(r)?.offered}` : '—')),
    ]);
    rows.push(['  p50', ...each((r) => (svc(r) ? ms(svc(r)?.latencyMs.p50 ?? 0) : '—'))]);
    rows.push(['  p99', ...each((r) => (svc(r) ? ms(svc(r)?.latencyMs.p99 ?? 0) : '—'))]);
    rows.push([
      '  cache hit rate',
      ...each((r) => {
        const cache = svc(r)?.cache;
        return cache ? percent(cache.hitRate) : '—';
      }),
    ]);
    rows.push(['  load max/mean', ...each((r) => svc(r)?.imbalance.maxOverMean.toFixed(2) ?? '—')]);
    rows.push(['  sessions remapped', ...each((r) => String(svc(r)?.sessionsRemapped ?? '—'))]);
  }
  const objectives = [
    ...new Set(c.variants.flatMap((v) => v.report.traffic?.slo.map((o) => o.objective) ?? [])),
  ];
  for (const o of objectives) {
    rows.push([
      `SLO ${o}`,
      ...each((r) => {
        const slo = r.traffic?.slo.find((x) => x.objective === o);
        return slo ? (slo.met ? 'met' : 'MISSED') : '—';
      }),
    ]);
  }
  rows.push(['pod availability', ...each((r) => availabilityPercent(r.availability.pods))]);
  rows.push(['cost', ...each((r) => usd(r.cost.total))]);
  const legend = c.variants.map((v, i) => `  (${i + 1}) ${v.label}`).join('\n');
  return `kubesim compare: ${c.variants[0]?.report.scenario.name ?? ''} (seed ${c.seed}, same random streams on every side)\n\n${legend}\n\n${textTable(rows)}\n${renderPairedComparisons(c)}`;
}
