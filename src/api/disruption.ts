import { matchesSelector } from '../model/labels.js';
import type { Pod } from '../model/pod.js';
import type { IntOrPercent, PodDisruptionBudget, PodDisruptionBudgetStatus } from '../model/workloads.js';

/** PodDisruptionBudget status as the disruption controller computes it (pkg/controller/disruption). */
export type DisruptionBudgetStatus = PodDisruptionBudgetStatus;

/** An IntOrPercent of `total`, rounded up as GetScaledValueFromIntOrPercent(…, true). */
export function scaledValue(value: IntOrPercent, total: number): number {
  if (typeof value === 'number') return value;
  return Math.ceil((Number(value.slice(0, -1)) * total) / 100);
}

/** The pods a budget covers: same namespace, selector matches (an empty selector matches every pod). */
export function podsCoveredBy(pdb: PodDisruptionBudget, pods: Iterable<Pod>): Pod[] {
  const out: Pod[] = [];
  for (const pod of pods)
    if (pod.namespace === pdb.namespace && matchesSelector(pdb.selector, pod.labels)) out.push(pod);
  return out;
}

/**
 * The summed scale of the controllers of `pods`, each controller once (getExpectedScale): pods without
 * a controller are left out (upstream records them as unmanaged); a controller that cannot be found
 * makes the count unknown (undefined), and the budget then allows nothing (failSafe).
 */
export function expectedScale(
  pods: readonly Pod[],
  replicasOf: (ownerKey: string) => number | undefined,
): number | undefined {
  const scales = new Map<string, number>();
  for (const pod of pods) {
    if (!pod.owner || scales.has(pod.owner.key)) continue;
    const replicas = replicasOf(pod.owner.key);
    if (replicas === undefined) return undefined;
    scales.set(pod.owner.key, replicas);
  }
  let total = 0;
  for (const n of scales.values()) total += n;
  return total;
}

/**
 * The budget's status over `pods` (those it covers). `scale` is expectedScale of the pods, used for
 * percentages and maxUnavailable (getExpectedPodCount upstream); a plain integer minAvailable counts
 * the pods themselves. Healthy = Ready and not being deleted (countHealthyPods). Disruptions are
 * allowed only while some pod is expected (updatePdbStatus: expectedCount > 0), so a budget whose pods
 * have not appeared yet is safe.
 */
export function disruptionBudgetStatus(
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
  scale: number | undefined,
): DisruptionBudgetStatus {
  let currentHealthy = 0;
  for (const pod of pods) if (pod.deletionTimestamp === undefined && pod.ready) currentHealthy++;
  let expectedPods: number;
  let desiredHealthy: number;
  if (pdb.maxUnavailable === undefined && typeof pdb.minAvailable === 'number') {
    expectedPods = pods.length;
    desiredHealthy = pdb.minAvailable;
  } else if (scale === undefined) {
    // failSafe: the controller could not find a pod's controller; nothing may be disrupted.
    return { expectedPods: 0, currentHealthy, desiredHealthy: 0, disruptionsAllowed: 0 };
  } else if (pdb.maxUnavailable !== undefined) {
    expectedPods = scale;
    desiredHealthy = Math.max(0, expectedPods - scaledValue(pdb.maxUnavailable, expectedPods));
  } else if (pdb.minAvailable !== undefined) {
    expectedPods = scale;
    desiredHealthy = scaledValue(pdb.minAvailable, expectedPods);
  } else {
    // Neither field: the API server rejects such a budget; treat it as allowing nothing.
    expectedPods = pods.length;
    desiredHealthy = pods.length;
  }
  const allowed = currentHealthy - desiredHealthy;
  return {
    expectedPods,
    currentHealthy,
    desiredHealthy,
    disruptionsAllowed: expectedPods <= 0 || allowed <= 0 ? 0 : allowed,
  };
}
