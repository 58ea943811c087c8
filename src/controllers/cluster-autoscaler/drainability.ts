import { disruptionBudgetStatus, podsCoveredBy } from '../../api/disruption.js';
import type { ClusterState } from '../../model/cluster-state.js';
import type { Node } from '../../model/node.js';
import type { Pod } from '../../model/pod.js';
import type { PodDisruptionBudget } from '../../model/workloads.js';

/** cluster-autoscaler.kubernetes.io/safe-to-evict on a pod: "true" lets it go, "false" keeps its node. */
export const SAFE_TO_EVICT_ANNOTATION = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
/** cluster-autoscaler.kubernetes.io/scale-down-disabled: "true" on a node keeps it. */
export const SCALE_DOWN_DISABLED_ANNOTATION = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';
/** The taint a node being removed gets (utils/taints: ToBeDeletedByClusterAutoscaler, NoSchedule). */
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';

/** What blocks a node's removal (simulator/drainability, drain.BlockingPodReason names). */
export type BlockingReason =
  | 'NotSafeToEvictAnnotation'
  | 'NotReplicated'
  | 'UnmovableKubeSystemPod'
  | 'NotEnoughPdb';

/** The pods that must move off a node, or the first pod that cannot. */
export type DrainPlan = { pods: Pod[] } | { blockedBy: Pod; reason: BlockingReason };

/**
 * PodDisruptionBudgets with what they still allow this loop (RemainingPdbTracker): removing a node
 * spends one disruption per pod it moves from each budget covering it.
 */
export class RemainingBudgets {
  private readonly allowed = new Map<PodDisruptionBudget, number>();

  constructor(private readonly cluster: ClusterState) {}

  private remaining(pdb: PodDisruptionBudget): number {
    let n = this.allowed.get(pdb);
    if (n === undefined) {
      const covered = podsCoveredBy(pdb, this.cluster.pods);
      const scale = this.scaleOf(covered);
      n = disruptionBudgetStatus(pdb, covered, scale).disruptionsAllowed;
      this.allowed.set(pdb, n);
    }
    return n;
  }

  /** The budgets covering `pod`. */
  budgetsOf(pod: Pod): PodDisruptionBudget[] {
    return [...this.cluster.podDisruptionBudgets].filter((b) => podsCoveredBy(b, [pod]).length > 0);
  }

  /** Whether every budget allows moving all of `pods` at once. */
  allows(pods: readonly Pod[]): Pod | undefined {
    const need = new Map<PodDisruptionBudget, number>();
    for (const pod of pods) {
      if (!pod.ready) continue; // an unhealthy pod does not spend the budget (IfHealthyBudget)
      for (const b of this.budgetsOf(pod)) {
        const n = (need.get(b) ?? 0) + 1;
        if (n > this.remaining(b)) return pod;
        need.set(b, n);
      }
    }
    return undefined;
  }

  /** Spends the disruptions moving `pods` takes. */
  spend(pods: readonly Pod[]): void {
    for (const pod of pods) {
      if (!pod.ready) continue;
      for (const b of this.budgetsOf(pod)) this.allowed.set(b, this.remaining(b) - 1);
    }
  }

  /** Summed replicas of the covered pods' workloads, unowned pods one each (ApiServer's scaleOf). */
  private scaleOf(pods: readonly Pod[]): number {
    const owners = new Set<string>();
    let scale = 0;
    for (const p of pods) {
      const w = p.owner && this.cluster.workload(p.owner.key);
      if (!w) scale++;
      else if (!owners.has(p.owner?.key as string)) {
        owners.add(p.owner?.key as string);
        scale += w.replicas;
      }
    }
    return scale;
  }
}

/** Whether a node may be scaled down at all (eligibility.go: the scale-down-disabled annotation). */
export function scaleDownDisabled(node: Node): boolean {
  return node.annotations?.[SCALE_DOWN_DISABLED_ANNOTATION] === 'true';
}

/** Whether the node carries the autoscaler's deletion taint. */
export function markedForDeletion(node: Node): boolean {
  return node.taints.some((t) => t.key === TO_BE_DELETED_TAINT);
}

/**
 * The pods to move off `node` (simulator/drain.go GetPodsToMove with the default rules): finished
 * and terminating pods are ignored; safe-to-evict "true" always moves; "false" blocks; a pod no
 * controller owns blocks (NotReplicated); a kube-system pod without a budget blocks
 * (--skip-nodes-with-system-pods, default true); a budget with too few disruptions left blocks.
 * DaemonSet, mirror and local-storage pods do not occur in kubesim.
 */
export function podsToMove(pods: readonly Pod[], budgets: RemainingBudgets): DrainPlan {
  const out: Pod[] = [];
  for (const pod of pods) {
    if (pod.phase === 'Succeeded' || pod.phase === 'Failed' || pod.deletionTimestamp !== undefined) continue;
    const safe = pod.annotations?.[SAFE_TO_EVICT_ANNOTATION];
    if (safe === 'false') return { blockedBy: pod, reason: 'NotSafeToEvictAnnotation' };
    if (safe !== 'true') {
      if (!pod.owner) return { blockedBy: pod, reason: 'NotReplicated' };
      if (pod.namespace === 'kube-system' && budgets.budgetsOf(pod).length === 0)
        return { blockedBy: pod, reason: 'UnmovableKubeSystemPod' };
    }
    out.push(pod);
  }
  const short = budgets.allows(out);
  if (short) return { blockedBy: short, reason: 'NotEnoughPdb' };
  return { pods: out };
}
