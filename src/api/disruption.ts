import { matchesSelector } from '../model/labels.js';
import type { Pod } from '../model/pod.js';
import type { IntOrPercent, PodDisruptionBudget } from '../model/workloads.js';

/** PodDisruptionBudget status as the disruption controller computes it (pkg/controller/disruption). */
export interface DisruptionBudgetStatus {
  expectedPods: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
}

/** An IntOrPercent of `total`, rounded up as GetScaledValueFromIntOrPercent(…, true). */
export function scaledValue(value: IntOrPercent, total: number): number {
  if (typeof value === 'number') return value;
  return Math.ceil((Number(value.slice(0, -1)) * total) / 100);
}

/** The pods a budget covers: same namespace, selector matches, not terminating is checked by callers. */
export function podsCoveredBy(pdb: PodDisruptionBudget, pods: Iterable<Pod>): Pod[] {
  const out: Pod[] = [];
  for (const pod of pods)
    if (pod.namespace === pdb.namespace && matchesSelector(pdb.selector, pod.labels)) out.push(pod);
  return out;
}

/**
 * The budget's status over `pods` (those it covers). `scale` is the summed replicas of the pods'
 * controllers, used for percentages and maxUnavailable (getExpectedPodCount upstream); a plain
 * integer minAvailable counts the pods themselves. Healthy = Ready and not being deleted
 * (countHealthyPods).
 */
export function disruptionBudgetStatus(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  scale: number,
): DisruptionBudgetStatus {
  let currentHealthy = 0;
  for (const pod of pods) if (pod.deletionTimestamp === undefined && pod.ready) currentHealthy++;
  let expectedPods: number;
  let desiredHealthy: number;
  if (pdb.maxUnavailable !== undefined) {
    expectedPods = scale;
    desiredHealthy = Math.max(0, expectedPods - scaledValue(pdb.maxUnavailable, expectedPods));
  } else if (typeof pdb.minAvailable === 'number') {
    expectedPods = pods.length;
    desiredHealthy = pdb.minAvailable;
  } else if (pdb.minAvailable !== undefined) {
    expectedPods = scale;
    desiredHealthy = scaledValue(pdb.minAvailable, expectedPods);
  } else {
    // Neither field: the API server rejects such a budget; treat it as allowing nothing.
    expectedPods = pods.length;
    desiredHealthy = pods.length;
  }
  return {
    expectedPods,
    currentHealthy,
    desiredHealthy,
    disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy),
  };
}
