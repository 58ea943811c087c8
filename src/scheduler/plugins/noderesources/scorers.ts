import { MAX_NODE_SCORE } from '../../framework/interface.js';

// Pure formulas of the noderesources plugins, in Go's int64 arithmetic (Math.trunc for division).

/** One resource and its weight in a scoring strategy (config.ResourceSpec). */
export interface ResourceSpec {
  name: string;
  weight: number;
}

/** A point of RequestedToCapacityRatio's shape: utilization 0–100 → score 0–10. */
export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

/** kube-scheduler: leastRequestedScore (noderesources/least_allocated.go). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** kube-scheduler: mostRequestedScore (noderesources/most_allocated.go); over-commit counts as full. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  const r = Math.min(requested, capacity);
  return Math.trunc((r * MAX_NODE_SCORE) / capacity);
}

/**
 * A scorer over per-resource (requested, allocatable) pairs, aligned with the strategy's resources;
 * resources with allocatable 0 are left out of the weighted average.
 */
export type ResourceScorer = (requested: Float64Array, allocatable: Float64Array, n: number) => number;

/** kube-scheduler: leastResourceScorer: weighted integer average of leastRequestedScore. */
export function leastResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return (requested, allocatable, n) =>
    weightedAverage(resources, requested, allocatable, n, leastRequestedScore);
}

/** kube-scheduler: mostResourceScorer: weighted integer average of mostRequestedScore. */
export function mostResourceScorer(resources: readonly ResourceSpec[]): ResourceScorer {
  return (requested, allocatable, n) =>
    weightedAverage(resources, requested, allocatable, n, mostRequestedScore);
}

function weightedAverage(
  resources: readonly ResourceSpec[],
  requested: Float64Array,
  allocatable: Float64Array,
  n: number,
  f: (r: number, c: number) => number,
): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    const alloc = allocatable[i] as number;
    if (alloc === 0) continue;
    const weight = (resources[i] as ResourceSpec).weight;
    nodeScore += f(requested[i] as number, alloc) * weight;
    weightSum += weight;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

/** config.MaxCustomPriorityScore: shape scores are 0–10 and scaled ×10 to node scores. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
/** noderesources maxUtilization. */
const MAX_UTILIZATION = 100;

/**
 * kube-scheduler: helper.BuildBrokenLinearFunction. Piecewise linear through the shape's points, flat
 * before the first and after the last; Go integer arithmetic.
 */
export function brokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const cur = shape[i] as UtilizationShapePoint;
      if (p <= cur.utilization) {
        if (i === 0) return cur.score;
        const prev = shape[i - 1] as UtilizationShapePoint;
        return (
          prev.score +
          Math.trunc(
            ((cur.score - prev.score) * (p - prev.utilization)) / (cur.utilization - prev.utilization),
          )
        );
      }
    }
    return (shape[shape.length - 1] as UtilizationShapePoint).score;
  };
}

/**
 * kube-scheduler: requestedToCapacityRatioScorer (requested_to_capacity_ratio.go). Each resource's
 * utilization (requested × 100 / capacity, integer) runs through the shape (scores scaled ×10);
 * resources scoring 0 are left out of the weighted average, which is rounded to nearest.
 */
export function requestedToCapacityRatioScorer(
  resources: readonly ResourceSpec[],
  shape: readonly UtilizationShapePoint[],
): ResourceScorer {
  const scaled = shape.map((p) => ({
    utilization: p.utilization,
    score: p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE),
  }));
  const raw = brokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number): number =>
    capacity === 0 || requested > capacity
      ? raw(MAX_UTILIZATION)
      : raw(Math.trunc((requested * MAX_UTILIZATION) / capacity));
  return (requested, allocatable, n) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < n; i++) {
      const alloc = allocatable[i] as number;
      if (alloc === 0) continue;
      const weight = (resources[i] as ResourceSpec).weight;
      const s = resourceScore(requested[i] as number, alloc);
      if (s > 0) {
        nodeScore += s * weight;
        weightSum += weight;
      }
    }
    return weightSum === 0 ? 0 : Math.round(nodeScore / weightSum);
  };
}

/**
 * kube-scheduler: balancedResourceScorer (balanced_allocation.go): fractions requested/allocatable
 * (capped at 1) of the resources with allocatable > 0; std = |f0 − f1| / 2 for two, the population
 * standard deviation for more, 0 for fewer; score = int((1 − std) × 100).
 */
export function balancedResourceScorer(
  requested: Float64Array,
  allocatable: Float64Array,
  n: number,
): number {
  let count = 0;
  let total = 0;
  let f0 = 0;
  let f1 = 0;
  for (let i = 0; i < n; i++) {
    const alloc = allocatable[i] as number;
    if (alloc === 0) continue;
    let f = (requested[i] as number) / alloc;
    if (f > 1) f = 1;
    if (count === 0) f0 = f;
    else if (count === 1) f1 = f;
    total += f;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((f0 - f1) / 2);
  } else if (count > 2) {
    const mean = total / count;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const alloc = allocatable[i] as number;
      if (alloc === 0) continue;
      const f = Math.min(1, (requested[i] as number) / alloc);
      sum += (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * The ≥ 1.36 BalancedAllocation score (kubernetes PR #135573): scores the change in balance,
 * 50 + (50 + s_with − s_without) / 2 with Go integer division: 75 when the pod leaves the balance as it
 * was, 100 when it turns a fully unbalanced node into a balanced one, 50 for the reverse.
 */
export function balancedAllocationChangeScore(withPod: number, withoutPod: number): number {
  return 50 + Math.trunc((50 + withPod - withoutPod) / 2);
}
