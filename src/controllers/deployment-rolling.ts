import type { ReplicaSet } from '../model/workloads.js';
import {
  availableReplicaCount,
  byCreation,
  type DeploymentSpec,
  maxUnavailable,
  newRSNewReplicas,
  replicaCount,
} from './deployment-util.js';

// The RollingUpdate steps of pkg/controller/deployment/rolling.go (v1.36): scale the new ReplicaSet up
// within maxSurge, then the old ones down within maxUnavailable, one step per sync. The controller
// syncs again whenever a ReplicaSet's status changes, so the steps follow the pods becoming available.

/**
 * Writes a ReplicaSet's new size with its replica annotations (scaleReplicaSetAndRecordEvent): sets
 * `rs.replicas` and returns true, or false when the size is already that or the write was refused.
 * With `syncAnnotations` (upstream's scaleReplicaSet) an unchanged size still refreshes the
 * desired-replicas and max-replicas annotations.
 */
export type ScaleReplicaSet = (rs: ReplicaSet, replicas: number, syncAnnotations?: boolean) => boolean;

/** reconcileNewReplicaSet: scale the new ReplicaSet down to replicas, or up as far as maxSurge allows. */
export function reconcileNewReplicaSet(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: DeploymentSpec,
  scale: ScaleReplicaSet,
): boolean {
  if (newRS.replicas === d.replicas) return false;
  if (newRS.replicas > d.replicas) return scale(newRS, d.replicas);
  return scale(newRS, newRSNewReplicas(d, allRSs, newRS));
}

/**
 * reconcileOldReplicaSets: scale old ReplicaSets down by at most
 * allPods − minAvailable − (new ReplicaSet's unavailable pods), so pods of the new revision that are
 * not yet available never let availability drop further; unhealthy old replicas go first.
 */
export function reconcileOldReplicaSets(
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  newRS: ReplicaSet,
  d: DeploymentSpec,
  scale: ScaleReplicaSet,
): boolean {
  if (replicaCount(oldRSs) === 0) return false;
  const allPodsCount = replicaCount(allRSs);
  const minAvailable = d.replicas - maxUnavailable(d);
  const newRSUnavailablePodCount = newRS.replicas - newRS.status.availableReplicas;
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return false;
  // Clean up unhealthy replicas first, or they block the rollout until it times out
  // (kubernetes/kubernetes#16737).
  const cleaned = cleanupUnhealthyReplicas(oldRSs, maxScaledDown, scale);
  if (cleaned === undefined) return false; // upstream returns (false, nil) on the cleanup's error
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate([...oldRSs, newRS], oldRSs, d, scale);
  return cleaned + scaledDown > 0;
}

/**
 * cleanupUnhealthyReplicas: scale old ReplicaSets, oldest first, down by their unavailable replicas,
 * at most `maxCleanupCount` in all. Returns how many replicas were removed, or undefined where
 * upstream errs: a ReplicaSet whose status counts more available pods than its spec asks for (just
 * after it was scaled down, before its pods are deleted). (The ReplicaSet controller deletes
 * not-ready, unscheduled and pending pods first, so the replicas removed are the unhealthy ones.)
 */
export function cleanupUnhealthyReplicas(
  oldRSs: readonly ReplicaSet[],
  maxCleanupCount: number,
  scale: ScaleReplicaSet,
): number | undefined {
  let totalScaledDown = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (totalScaledDown >= maxCleanupCount) break;
    if (rs.replicas === 0) continue;
    if (rs.replicas === rs.status.availableReplicas) continue;
    const scaledDownCount = Math.min(
      maxCleanupCount - totalScaledDown,
      rs.replicas - rs.status.availableReplicas,
    );
    if (scaledDownCount < 0) return undefined;
    if (!scale(rs, rs.replicas - scaledDownCount)) return totalScaledDown;
    totalScaledDown += scaledDownCount;
  }
  return totalScaledDown;
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: while more than minAvailable pods are available, scale old
 * ReplicaSets down, oldest first, by the excess. Returns how many replicas were removed.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  allRSs: readonly ReplicaSet[],
  oldRSs: readonly ReplicaSet[],
  d: DeploymentSpec,
  scale: ScaleReplicaSet,
): number {
  const minAvailable = d.replicas - maxUnavailable(d);
  const availablePodCount = availableReplicaCount(allRSs);
  if (availablePodCount <= minAvailable) return 0;
  let totalScaledDown = 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (totalScaledDown >= totalScaleDownCount) break;
    if (rs.replicas === 0) continue;
    const scaleDownCount = Math.min(rs.replicas, totalScaleDownCount - totalScaledDown);
    if (!scale(rs, rs.replicas - scaleDownCount)) return totalScaledDown;
    totalScaledDown += scaleDownCount;
  }
  return totalScaledDown;
}
