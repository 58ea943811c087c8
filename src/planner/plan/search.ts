import type { ClusterInput } from '../../model/cluster-input.js';
import type { SimulationResult } from '../../sim/run.js';
import { simulate } from '../../sim/simulate.js';
import { applyCandidate, type Candidate, candidateLabel, nodeCount } from './candidate.js';
import type { Catalog, InstanceType } from './catalog.js';
import { type CostModel, nodeCostPerHour, unpriceableReason } from './cost.js';
import { type Evaluation, evaluateCandidate, type ReplicationPolicy } from './evaluate.js';
import type { Failures } from './failures.js';
import { measureObjective, sloConfigFor } from './measure.js';
import { type Demand, demandOf, lowerBoundPerZone, misfitReason } from './packing.js';
import { type Objective, PODS_PLACED } from './slo.js';

/** Everything a plan needs besides the input. */
export interface PlanOptions {
  catalog: Catalog;
  objectives: Objective[];
  failures: Failures;
  costModel: CostModel;
  replication: ReplicationPolicy;
  /**
   * `search` (default): lower bound, monotone search per family, cost pruning. `grid`: every count
   * from the lower bound to the family's limit, for checking the search against (the benchmark).
   */
  strategy?: 'search' | 'grid';
  /** Called after every simulation run, with the runs so far and the candidate it belongs to. */
  onRun?: (runs: number, candidate: string) => void;
  /** One run of a prepared input on a seed. @default simulate */
  runSimulation?: (input: ClusterInput, seed: number) => SimulationResult;
}

/** A family: one instance type over a number of zones; its members differ in nodes per zone. */
export interface FamilyOutcome {
  instanceType: string;
  zones: string[];
  /** Nodes per zone (or in all, without zones) from the packing bound; null when the type cannot be used. */
  lowerBound: number | null;
  /** The largest count tried. */
  limit: number | null;
  /** Fewest nodes per zone found to meet the SLOs; null when none did (or the family was pruned). */
  feasibleAt: number | null;
  /** Why the family ended where it did, in words. */
  outcome: string;
}

export interface PlanResult {
  /** The cheapest candidate meeting every objective; null when none did. */
  chosen: Evaluation | null;
  /** Every candidate run, in the order they were. */
  evaluations: Evaluation[];
  families: FamilyOutcome[];
  demand: Demand;
  /** The objectives checked: the user's, plus podsPlaced under an injected loss. */
  objectives: Objective[];
  runs: number;
}

/** How far above its lower bound a family is searched: the bound plus max(8, the bound) nodes per zone. */
export function familyLimit(lowerBound: number): number {
  return lowerBound + Math.max(8, lowerBound);
}

/** Orders candidates of equal cost: fewer nodes, then fewer zones, then instance type name. */
function cheaper(a: Evaluation, b: Evaluation): boolean {
  if (a.costPerHour !== b.costPerHour) return a.costPerHour < b.costPerHour;
  const na = nodeCount(a.candidate);
  const nb = nodeCount(b.candidate);
  if (na !== nb) return na < nb;
  if (a.candidate.zones.length !== b.candidate.zones.length)
    return a.candidate.zones.length < b.candidate.zones.length;
  return a.candidate.type.instanceType < b.candidate.type.instanceType;
}

/**
 * The cheapest node pool meeting every objective, with the stated confidence, under the failures:
 *
 *   catalogue × zone counts ──► families (type, zones), each with its packing lower bound
 *        │ sorted by the cost of their lower bound
 *        ▼
 *   per family: counts m0, m0+1, m0+3, m0+7, … until one is feasible (galloping), then bisection
 *   between the last infeasible and it (feasibility is monotone in the count); a count whose cost
 *   is not below the best plan so far is never run, so most families end before their first run
 *        │ each candidate: evaluateCandidate (replications until its verdict is clear)
 *        ▼
 *   chosen = cheapest feasible; every evaluation kept for the frontier
 */
export function plan(input: ClusterInput, options: PlanOptions): PlanResult {
  const scenario = input.scenario;
  if (!scenario) throw new Error('plan: the input has no Scenario');
  const run = options.runSimulation ?? ((i, seed) => simulate(i, { seed }));
  const demand = demandOf(input);
  // After an injected loss the pods must be placed again: checked in every run, beside the SLOs.
  const objectives =
    options.failures.kind === 'scenario' ? options.objectives : [...options.objectives, PODS_PLACED];
  const slo = scenario.traffic ? sloConfigFor(objectives) : null;
  const evaluations: Evaluation[] = [];
  const families: FamilyOutcome[] = [];
  let runs = 0;
  let best: Evaluation | null = null;

  const evaluate = (candidate: Candidate): Evaluation => {
    const prepared = applyCandidate(input, candidate, options.failures, slo);
    const label = candidateLabel(candidate);
    const ev = evaluateCandidate(
      candidate,
      nodeCostPerHour(candidate.type, options.costModel) * nodeCount(candidate),
      objectives,
      (seed) => {
        const result = run(prepared, seed);
        runs++;
        options.onRun?.(runs, label);
        return objectives.map((o) => measureObjective(o, result));
      },
      options.replication,
    );
    evaluations.push(ev);
    if (ev.verdict === 'feasible' && (best === null || cheaper(ev, best))) best = ev;
    return ev;
  };

  const zoneChoices = zoneSubsets(scenario.zones, options.failures);
  const pending: { type: InstanceType; zones: string[]; bound: number; nodeCost: number }[] = [];
  for (const type of options.catalog.types) {
    const why = unpriceableReason(type, options.costModel) ?? misfitReason(type, demand);
    if (why !== undefined) {
      families.push({
        instanceType: type.instanceType,
        zones: [],
        lowerBound: null,
        limit: null,
        feasibleAt: null,
        outcome: why,
      });
      continue;
    }
    const nodeCost = nodeCostPerHour(type, options.costModel);
    for (const zones of zoneChoices)
      pending.push({
        type,
        zones,
        bound: lowerBoundPerZone(type, demand, zones.length, options.failures),
        nodeCost,
      });
  }
  // The same product as a candidate's cost (node cost × node count), so equal costs compare equal.
  const costAt = (f: (typeof pending)[number], perZone: number): number =>
    f.nodeCost * (perZone * Math.max(1, f.zones.length));
  pending.sort(
    (a, b) =>
      costAt(a, a.bound) - costAt(b, b.bound) ||
      a.zones.length - b.zones.length ||
      (a.type.instanceType < b.type.instanceType ? -1 : 1),
  );

  for (const f of pending) {
    const limit = familyLimit(f.bound);
    const outcome: FamilyOutcome = {
      instanceType: f.type.instanceType,
      zones: f.zones,
      lowerBound: f.bound,
      limit,
      feasibleAt: null,
      outcome: '',
    };
    families.push(outcome);
    const make = (perZone: number): Candidate => ({ type: f.type, zones: f.zones, perZone });
    // Pruned: a count whose cost cannot beat the best plan so far is not worth a run.
    const hopeless = (perZone: number): boolean => best !== null && costAt(f, perZone) > best.costPerHour;
    if (options.strategy === 'grid') {
      for (let m = f.bound; m <= limit; m++) {
        if (evaluate(make(m)).verdict === 'feasible' && outcome.feasibleAt === null) outcome.feasibleAt = m;
      }
      outcome.outcome =
        outcome.feasibleAt === null
          ? `none of ${f.bound}…${limit} meets the SLOs`
          : `feasible from ${outcome.feasibleAt}`;
      continue;
    }
    let lastInfeasible = f.bound - 1;
    let feasible: number | null = null;
    let step = 1;
    let m = f.bound;
    let pruned = false;
    while (m <= limit) {
      if (hopeless(m)) {
        pruned = true;
        break;
      }
      if (evaluate(make(m)).verdict === 'feasible') {
        feasible = m;
        break;
      }
      lastInfeasible = m;
      m += step;
      step *= 2;
    }
    if (feasible === null && !pruned && lastInfeasible < limit) {
      // The gallop overshot the limit: the limit itself is the last count worth trying.
      if (!hopeless(limit) && evaluate(make(limit)).verdict === 'feasible') feasible = limit;
      else lastInfeasible = limit;
    }
    if (feasible !== null) {
      let low = lastInfeasible + 1;
      let high = feasible;
      while (low < high) {
        const mid = Math.floor((low + high) / 2);
        if (evaluate(make(mid)).verdict === 'feasible') high = mid;
        else low = mid + 1;
      }
      outcome.feasibleAt = high;
      outcome.outcome = `feasible from ${high} per zone (lower bound ${f.bound})`;
    } else if (pruned) {
      outcome.outcome =
        m === f.bound
          ? `not run: its lower bound already costs more than the best plan`
          : `stopped at ${m}: more would cost more than the best plan (${lastInfeasible} did not meet the SLOs)`;
    } else outcome.outcome = `none of ${f.bound}…${limit} meets the SLOs`;
  }
  return { chosen: best, evaluations, families, demand, objectives, runs };
}

/**
 * The zone sets a plan may use: the first z of the cluster's zones, for every z that survives the
 * failures (zone:k needs k + 1 zones at least); [[]] for a cluster without zones.
 */
export function zoneSubsets(zones: readonly string[], failures: Failures): string[][] {
  if (zones.length === 0) return [[]];
  const from = failures.kind === 'zone' ? failures.count + 1 : 1;
  const out: string[][] = [];
  for (let z = from; z <= zones.length; z++) out.push(zones.slice(0, z));
  return out;
}
