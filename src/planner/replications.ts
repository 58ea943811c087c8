import type { RunReport } from '../report/json.js';
import { round } from '../report/json.js';
import { figureText, intervalText, sizeText } from '../report/replications-format.js';
import { type Figures, reportFigures } from './figures.js';
import { type IntervalEstimate, meanInterval, replicationsForHalfWidth } from './statistics.js';

/** Runs one replication: simulates the scenario with `seed` and returns its report. */
export type RunOne = (seed: number, index: number) => RunReport | Promise<RunReport>;

/** What `replicate` returns: the first seed's report, every run's figures, their statistics. */
export interface Replications {
  seeds: number[];
  /** The report of the first seed, as a single run with that seed would write it. */
  first: RunReport;
  /** Each replication's figures, in seed order (paired comparisons need them run by run). */
  samples: Figures[];
  /** Per figure path: mean, sample standard deviation and 95 % Student-t interval over the runs. */
  statistics: Record<string, IntervalEstimate>;
  /** Intervals too wide for the question asked of them (an SLO target inside the interval). */
  warnings: string[];
}

/** The seeds of `count` replications from `seed`: seed, seed + 1, … (docs/experiments.md). */
export function replicationSeeds(seed: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => seed + i);
}

/**
 * Runs `count` independent replications (one per seed, so each draws its own random streams) and
 * summarises them:
 *
 *   seeds ──► runOne(seed) per seed ──► reportFigures ──► figureStatistics ──► sloIntervalWarnings
 *
 * `onRunDone(i)` is called after each run (for progress).
 */
export async function replicate(
  count: number,
  seed: number,
  runOne: RunOne,
  onRunDone?: (done: number) => void,
): Promise<Replications> {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`Cannot replicate: the count must be an integer >= 1: current value is ${count}`);
  const seeds = replicationSeeds(seed, count);
  const samples: Figures[] = [];
  let first: RunReport | undefined;
  for (const [i, s] of seeds.entries()) {
    const report = await runOne(s, i);
    first ??= report;
    samples.push(reportFigures(report));
    onRunDone?.(i + 1);
  }
  const statistics = figureStatistics(samples);
  return {
    seeds,
    first: first as RunReport,
    samples,
    statistics,
    warnings: sloIntervalWarnings(first as RunReport, statistics),
  };
}

/**
 * Per path, the interval over the runs that have that figure: a Service that received no request in
 * one run has no latency there, so `n` counts only the runs where the figure is present (and is below
 * the replication count then). Paths are in order of first appearance over the runs.
 */
export function figureStatistics(samples: readonly Figures[]): Record<string, IntervalEstimate> {
  const values = new Map<string, number[]>();
  for (const figures of samples)
    for (const [path, v] of figures) {
      const list = values.get(path);
      if (list) list.push(v);
      else values.set(path, [v]);
    }
  const out: Record<string, IntervalEstimate> = {};
  for (const [path, list] of values) {
    const e = meanInterval(list);
    out[path] = {
      n: e.n,
      mean: round(e.mean),
      stdev: round(e.stdev),
      ci95Low: round(e.ci95Low),
      ci95High: round(e.ci95High),
    };
  }
  return out;
}

/**
 * A warning for each SLO whose target lies inside the 95 % interval of its measured value: the runs
 * cannot say whether the SLO is met. It names the replications that would narrow the interval to the
 * distance between the mean and the target (from the runs' spread; `replicationsForHalfWidth`), which
 * settles the question if the mean stays where it is.
 */
export function sloIntervalWarnings(
  first: RunReport,
  statistics: Record<string, IntervalEstimate>,
): string[] {
  const out: string[] = [];
  for (const o of first.traffic?.slo ?? []) {
    const e = statistics[`traffic.slo[${o.objective}].value`];
    if (!e || e.n < 2 || o.target < e.ci95Low || o.target > e.ci95High) continue;
    const unit = o.objective === 'availability' ? 'ratio' : 'ms';
    const objective = `${o.objective} ${o.objective === 'availability' ? '≥' : '≤'} ${figureText(o.target, unit)}`;
    const distance = Math.abs(e.mean - o.target);
    const needed = replicationsForHalfWidth(e.stdev, distance);
    const advice =
      needed === null
        ? 'the mean is at the target, so more replications cannot settle it'
        : `about ${needed} replications would narrow it to ±${sizeText(distance, unit)}, which settles it if the mean stays at ${figureText(e.mean, unit)}`;
    out.push(
      `SLO ${objective}: the 95% interval over ${e.n} replications, ${intervalText(e, unit)}, holds the target, so whether it is met is not settled; ${advice}`,
    );
  }
  return out;
}

/**
 * The JSON report of `kubesim run --replications N`: the first seed's report (`first`, already run)
 * with `replications` and `statistics` added; `runOne` runs the other seeds.
 */
export async function replicatedReport(count: number, first: RunReport, runOne: RunOne): Promise<RunReport> {
  const r = await replicate(count, first.scenario.seed, (seed, i) => (i === 0 ? first : runOne(seed, i)));
  return {
    ...first,
    replications: { count, seeds: r.seeds, warnings: r.warnings },
    statistics: r.statistics,
  };
}
