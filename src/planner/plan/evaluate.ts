import { meanInterval, replicationsForHalfWidth } from '../statistics.js';
import type { Candidate } from './candidate.js';
import { higherIsBetter, type Objective, objectiveName, objectiveTarget } from './slo.js';

/**
 * Whether one candidate meets every objective with the required confidence, using as few runs as
 * that takes: replications on seeds seed, seed+1, … (the same seeds for every candidate: common
 * random numbers) until each objective's one-sided Student-t bound lands on one side of its target.
 */

/** How many replications a candidate gets, and the confidence its verdict needs. */
export interface ReplicationPolicy {
  /** One-sided confidence that an objective is met, e.g. 0.95. */
  confidence: number;
  /** Replications every candidate gets first (≥ 2: one run says nothing about spread). */
  initial: number;
  /** The most any candidate gets; still undecided then, it counts as not meeting the SLOs. */
  max: number;
  /** Seed of the first replication. */
  seed: number;
}

export type Verdict = 'feasible' | 'infeasible' | 'undecided';

/** One objective over a candidate's replications. */
export interface ObjectiveEstimate {
  objective: string;
  text: string;
  target: number;
  n: number;
  mean: number;
  stdev: number;
  /** One-sided bounds at the confidence: the objective is met when the pessimistic one is on the good side. */
  pessimistic: number;
  optimistic: number;
  met: boolean;
}

export interface Evaluation {
  candidate: Candidate;
  costPerHour: number;
  runs: number;
  estimates: ObjectiveEstimate[];
  verdict: Verdict;
}

/** The objectives' values in one run, in objective order. */
export type RunOnce = (seed: number) => number[];

type Side = 'good' | 'bad' | 'unsure';

function estimate(o: Objective, values: readonly number[], confidence: number): ObjectiveEstimate {
  // A one-sided bound at confidence c is the two-sided interval's end at level 2c − 1.
  const ci = meanInterval(values, 2 * confidence - 1);
  const hb = higherIsBetter(o);
  const target = objectiveTarget(o);
  const pessimistic = hb ? ci.ci95Low : ci.ci95High;
  return {
    objective: objectiveName(o),
    text: o.text,
    target,
    n: ci.n,
    mean: ci.mean,
    stdev: ci.stdev,
    pessimistic,
    optimistic: hb ? ci.ci95High : ci.ci95Low,
    met: hb ? pessimistic >= target : pessimistic <= target,
  };
}

function side(o: Objective, e: ObjectiveEstimate): Side {
  if (e.met) return 'good';
  const hb = higherIsBetter(o);
  return (hb ? e.optimistic < e.target : e.optimistic > e.target) ? 'bad' : 'unsure';
}

/**
 * Runs `candidate` until its verdict is clear: feasible when every objective's pessimistic bound
 * meets its target; infeasible as soon as one objective's optimistic bound misses it (clearly
 * infeasible: no more runs spent); otherwise more replications, as many as the closest call needs
 * for its interval to clear the target (replicationsForHalfWidth; at most doubling per step), up
 * to `policy.max`.
 */
export function evaluateCandidate(
  candidate: Candidate,
  costPerHour: number,
  objectives: readonly Objective[],
  runOnce: RunOnce,
  policy: ReplicationPolicy,
): Evaluation {
  const samples: number[][] = objectives.map(() => []);
  const runTo = (n: number): void => {
    for (let i = samples[0]?.length ?? 0; i < n; i++) {
      const values = runOnce(policy.seed + i);
      for (const [k, v] of values.entries()) samples[k]?.push(v);
    }
  };
  runTo(Math.max(2, policy.initial));
  while (true) {
    const estimates = objectives.map((o, k) => estimate(o, samples[k] as number[], policy.confidence));
    const sides = objectives.map((o, k) => side(o, estimates[k] as ObjectiveEstimate));
    const n = samples[0]?.length ?? 0;
    const done = (verdict: Verdict): Evaluation => ({ candidate, costPerHour, runs: n, estimates, verdict });
    if (sides.includes('bad')) return done('infeasible');
    if (sides.every((s) => s === 'good')) return done('feasible');
    if (n >= policy.max) return done('undecided');
    let wanted = n + 1;
    sides.forEach((s, k) => {
      if (s !== 'unsure') return;
      const e = estimates[k] as ObjectiveEstimate;
      const need = replicationsForHalfWidth(e.stdev, Math.abs(e.mean - e.target), 2 * policy.confidence - 1);
      wanted = Math.max(wanted, need ?? policy.max);
    });
    // At most doubling per step: the pilot's spread is itself uncertain, so re-estimate on the way.
    runTo(Math.min(policy.max, wanted, 2 * n));
  }
}
