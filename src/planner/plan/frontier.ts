import { nodeCount } from './candidate.js';
import type { Evaluation } from './evaluate.js';
import { higherIsBetter, type Objective } from './slo.js';

/**
 * The evaluated candidates no other evaluated candidate beats on cost and on every objective's
 * mean at once (the Pareto frontier of cost vs the objectives), cheapest first.
 */
export function paretoFrontier(
  evaluations: readonly Evaluation[],
  objectives: readonly Objective[],
): Evaluation[] {
  const better = (a: Evaluation, b: Evaluation, k: number): number => {
    const o = objectives[k] as Objective;
    const d = (a.estimates[k]?.mean ?? 0) - (b.estimates[k]?.mean ?? 0);
    return higherIsBetter(o) ? d : -d;
  };
  const dominates = (a: Evaluation, b: Evaluation): boolean => {
    if (a.costPerHour > b.costPerHour) return false;
    let strictly = a.costPerHour < b.costPerHour;
    for (let k = 0; k < objectives.length; k++) {
      const d = better(a, b, k);
      if (d < 0) return false;
      if (d > 0) strictly = true;
    }
    return strictly;
  };
  return evaluations
    .filter((e) => !evaluations.some((other) => other !== e && dominates(other, e)))
    .sort((a, b) => a.costPerHour - b.costPerHour || nodeCount(a.candidate) - nodeCount(b.candidate));
}
