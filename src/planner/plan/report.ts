import { formatBytes, formatCpuMillis } from '../../engine/quantity.js';
import { formatDuration } from '../../engine/time.js';
import type { Scenario } from '../../model/scenario.js';
import { KUBESIM_VERSION } from '../../version.js';
import { candidateLabel, nodeCount } from './candidate.js';
import type { Catalog } from './catalog.js';
import { describeCostModel } from './cost.js';
import type { Evaluation, ObjectiveEstimate } from './evaluate.js';
import { describeFailures } from './failures.js';
import { paretoFrontier } from './frontier.js';
import type { Reservations } from './reservations.js';
import type { PlanReport } from './schema.js';
import type { PlanOptions, PlanResult } from './search.js';
import { higherIsBetter, type Objective } from './slo.js';

const RESERVATION_RULES: Record<Reservations, string> = {
  gke: "GKE's published formula: cpu 6 % of the first core, 1 % of the next, 0.5 % of the next 2, 0.25 % above 4; memory 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the next 8, 6 % of the next 112, 2 % above 128 (255 MiB below 1 GiB), plus the 100 MiB eviction threshold",
  eks: "the EKS AMI's bootstrap: cpu as GKE's ladder; memory 255 MiB + 11 MiB × max pods, plus the 100 MiB eviction threshold",
  none: 'none: allocatable = capacity',
};

const seconds = (us: number): number => us / 1_000_000;

function candidateJson(e: Evaluation, poolName: string): PlanReport['plan']['frontier'][number] {
  const c = e.candidate;
  return {
    pools: [
      {
        name: poolName,
        instanceType: c.type.instanceType,
        count: nodeCount(c),
        perZone: c.perZone,
        zones: c.zones,
        allocatable: {
          cpu: formatCpuMillis(c.type.allocatable.cpuMillis),
          memory: formatBytes(c.type.allocatable.memoryBytes),
          pods: c.type.allocatable.pods,
        },
      },
    ],
    nodes: nodeCount(c),
    costPerHour: e.costPerHour,
    costPer30Days: e.costPerHour * 720,
    verdict: e.verdict,
    runs: e.runs,
    slo: e.estimates.map((s) => ({
      objective: s.objective,
      target: s.target,
      n: s.n,
      mean: s.mean,
      stdev: s.stdev,
      bound: s.pessimistic,
      met: s.met,
    })),
  };
}

/** An objective's value as people read it: availability in %, latency in ms. */
export function objectiveValueText(s: Pick<ObjectiveEstimate, 'objective'>, value: number): string {
  if (s.objective === 'podsPlaced') return `${Number((value * 100).toFixed(1))} % of runs`;
  return s.objective.startsWith('latency.')
    ? `${Number(value.toFixed(1))} ms`
    : `${Number((value * 100).toFixed(4))} %`;
}

function missText(e: Evaluation, objectives: readonly Objective[]): string {
  const missed = e.estimates.map((s, k) => ({ s, o: objectives[k] as Objective })).filter((x) => !x.s.met);
  return missed
    .map(({ s, o }) => {
      const sign = higherIsBetter(o) ? '<' : '>';
      return `${s.objective} ${objectiveValueText(s, s.pessimistic)} ${sign} ${objectiveValueText(s, s.target)} (bound over ${s.n} runs)`;
    })
    .join(', ');
}

/** The reasons the chosen plan wins, as sentences: its margins, the next smaller count, cheaper families. */
export function whyItWins(
  result: PlanResult,
  objectives: readonly Objective[],
  confidence: number,
): string[] {
  const chosen = result.chosen;
  if (!chosen) return ['no candidate met every objective: see families for where each search ended'];
  const feasibleCount = result.evaluations.filter((e) => e.verdict === 'feasible').length;
  const out = [
    `it is the cheapest of ${feasibleCount} candidate${feasibleCount === 1 ? '' : 's'} found to meet every objective with ${confidence * 100} % confidence (${result.evaluations.length} simulated)`,
  ];
  for (const s of chosen.estimates)
    out.push(
      `${s.objective}: mean ${objectiveValueText(s, s.mean)}, ${confidence * 100} % bound ${objectiveValueText(s, s.pessimistic)} against ${objectiveValueText(s, s.target)} over ${s.n} runs`,
    );
  const c = chosen.candidate;
  const smaller = result.evaluations.find(
    (e) =>
      e.candidate.type === c.type &&
      e.candidate.zones.length === c.zones.length &&
      e.candidate.perZone === c.perZone - 1,
  );
  const family = result.families.find(
    (f) => f.instanceType === c.type.instanceType && f.zones.length === c.zones.length,
  );
  if (smaller)
    out.push(
      `one node fewer per zone (${candidateLabel(smaller.candidate)}) misses: ${missText(smaller, objectives) || 'undecided'}`,
    );
  else if (family?.lowerBound === c.perZone)
    out.push(
      `fewer nodes per zone cannot hold the pods' requests after the failures (packing bound ${c.perZone})`,
    );
  const cheaperTried = result.evaluations
    .filter(
      (e) => e.verdict !== 'feasible' && e.costPerHour < chosen.costPerHour && e.candidate.type !== c.type,
    )
    .sort((a, b) => b.costPerHour - a.costPerHour)[0];
  if (cheaperTried)
    out.push(
      `the best cheaper candidate of another type, ${candidateLabel(cheaperTried.candidate)}, misses: ${missText(cheaperTried, objectives) || 'undecided'}`,
    );
  const pruned = result.families.filter((f) => f.outcome.startsWith('not run')).length;
  if (pruned > 0)
    out.push(
      `${pruned} famil${pruned === 1 ? 'y' : 'ies'} (type × zones) cost more at their packing bound than this plan and were never run`,
    );
  return out;
}

/** The plan report: the choice, the frontier, the reasons, and how many runs it took. */
export function buildPlanReport(
  scenario: Scenario,
  catalog: Catalog,
  options: PlanOptions,
  result: PlanResult,
  seed: number,
): PlanReport {
  const poolName = scenario.nodePools[0]?.name ?? 'plan';
  return {
    kind: 'plan',
    schemaVersion: 1,
    generator: { name: 'kubesim', version: KUBESIM_VERSION },
    scenario: {
      name: scenario.name,
      seed,
      duration: formatDuration(scenario.duration),
      durationSeconds: seconds(scenario.duration),
      warmupSeconds: seconds(scenario.warmup),
    },
    catalog: {
      file: catalog.file,
      instanceTypes: catalog.types.length,
      reservations: catalog.reservations,
      reservationsRule: RESERVATION_RULES[catalog.reservations],
    },
    costModel: describeCostModel(options.costModel),
    failures: describeFailures(options.failures),
    confidence: options.replication.confidence,
    objectives: options.objectives.map((o) => o.text),
    demand: {
      pods: result.demand.pods,
      cpu: formatCpuMillis(result.demand.cpuMillis),
      memory: formatBytes(result.demand.memoryBytes),
    },
    plan: {
      chosen: result.chosen ? candidateJson(result.chosen, poolName) : null,
      frontier: paretoFrontier(result.evaluations, result.objectives).map((e) => candidateJson(e, poolName)),
      why: whyItWins(result, result.objectives, options.replication.confidence),
      families: result.families.map((f) => ({
        instanceType: f.instanceType,
        zones: f.zones.length,
        lowerBound: f.lowerBound,
        feasibleAt: f.feasibleAt,
        outcome: f.outcome,
      })),
      candidates: result.evaluations.length,
      runs: result.runs,
    },
  };
}
