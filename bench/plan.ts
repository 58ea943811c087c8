import { readFileSync } from 'node:fs';
import { loadText } from '../src/manifests/index.js';
import { candidateLabel } from '../src/planner/plan/candidate.js';
import { loadCatalog } from '../src/planner/plan/catalog.js';
import { type PlanOptions, type PlanResult, plan } from '../src/planner/plan/search.js';
import { parseSlo } from '../src/planner/plan/slo.js';
import type { Benchmark, BenchRow } from './harness.js';

/**
 * plan: `kubesim plan` on the planning example (models/planning/, zone:1, 99.95 % and p99 ≤ 250 ms)
 * with the search (packing bound, galloping and bisection per family, cost pruning) against an
 * exhaustive grid over the same space (every family, every count from its bound to its limit), both
 * with the same sequential replications per candidate. Goal: ≥ 10× fewer runs, the same answer.
 * The grid costs hundreds of runs, so each variant runs once (rounds do not apply); its ratio is grid
 * CPU time ÷ its CPU time, and the note gives the runs, the wall time and the answer.
 */

const SCENARIO = 'models/planning/shop-peak.yaml';
const CATALOG = 'models/planning/types.csv';

/** Quick: two of the catalogue's six types (4 families instead of 12), the same example otherwise. */
const QUICK_TYPES = ['m5.large', 'c5.xlarge'];

function options(strategy: 'search' | 'grid', quick: boolean): PlanOptions {
  const catalog = loadCatalog(CATALOG, 'gke');
  return {
    catalog: quick
      ? { ...catalog, types: catalog.types.filter((t) => QUICK_TYPES.includes(t.instanceType)) }
      : catalog,
    objectives: parseSlo('availability>=99.95%,p99<=250ms'),
    failures: { kind: 'zone', count: 1 },
    costModel: { kind: 'cloud' },
    replication: { confidence: 0.95, initial: 3, max: 10, seed: 1 },
    strategy,
  };
}

interface Timed {
  result: PlanResult;
  cpuMs: number;
  wallMs: number;
}

function timePlan(strategy: 'search' | 'grid', quick: boolean): Timed {
  const loaded = loadText(readFileSync(SCENARIO, 'utf8'), SCENARIO, { requireScenario: true });
  if (!loaded.ok || !loaded.input.scenario) throw new Error(`${SCENARIO} does not load`);
  const opts = options(strategy, quick);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = plan(loaded.input, opts);
  const used = process.cpuUsage(cpu);
  return { result, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall };
}

function answer(r: PlanResult): string {
  return r.chosen ? `${candidateLabel(r.chosen.candidate)} at $${r.chosen.costPerHour.toFixed(3)}/h` : 'none';
}

export const planSearch: Benchmark = {
  name: 'plan',
  description:
    'kubesim plan on the planning example: search vs exhaustive grid over the same space (runs, time, answer)',
  run(options) {
    const grid = timePlan('grid', options.quick);
    const search = timePlan('search', options.quick);
    const same = answer(grid.result) === answer(search.result);
    const row = (variant: string, t: Timed, extra: string): BenchRow => ({
      benchmark: 'plan',
      variant,
      unit: 'runs',
      items: t.result.runs,
      medianMs: t.cpuMs,
      perSecond: t.result.runs / (t.cpuMs / 1000),
      ratio: grid.cpuMs / t.cpuMs,
      ratioRange: [grid.cpuMs / t.cpuMs, grid.cpuMs / t.cpuMs],
      note: `${t.result.evaluations.length} candidates, ${(t.wallMs / 1000).toFixed(1)} s wall; ${answer(t.result)}${extra}`,
    });
    return [
      row('exhaustive grid', grid, ''),
      row(
        'search',
        search,
        `; ${(grid.result.runs / search.result.runs).toFixed(1)}× fewer runs, ${same ? 'same answer' : 'DIFFERENT answer'}`,
      ),
    ];
  },
};
