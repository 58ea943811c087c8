import type { Micros } from '../engine/time.js';
import { MICROS_PER_SECOND } from '../engine/time.js';
import type { DeploymentCondition, DeploymentStatus, ReplicaSet } from '../model/workloads.js';
import type { ScaleReplicaSet } from './deployment-rolling.js';
import {
  activeReplicaSets,
  actualReplicaCount,
  availableReplicaCount,
  byCreation,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  DEFAULT_REVISION_HISTORY_LIMIT,
  type DeploymentSpec,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  getProportion,
  hasProgressDeadline,
  isSaturated,
  MINIMUM_REPLICAS_AVAILABLE,
  MINIMUM_REPLICAS_UNAVAILABLE,
  maxSurge,
  maxUnavailable,
  NEW_RS_AVAILABLE_REASON,
  newCondition,
  PAUSED_DEPLOY_REASON,
  progressDeadlineSeconds,
  REPLICA_SET_UPDATED_REASON,
  RESUMED_DEPLOY_REASON,
  readyReplicaCount,
  removeCondition,
  replicaCount,
  setCondition,
  TIMED_OUT_REASON,
} from './deployment-util.js';

// Scaling, history and status of pkg/controller/deployment/sync.go and progress.go (v1.36), as pure
// functions; the controller (deployment.ts) performs the writes they decide.

/**
 * FindActiveOrLatest: the only ReplicaSet with replicas, or, when none has any, the new one (else the
 * newest old one); undefined when several have replicas (then scaling is proportional).
 */
export function findActiveOrLatest(
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/**
 * isScalingEvent: some active ReplicaSet was last sized for another replica count than the
 * Deployment's (its desired-replicas annotation), so the change is a scale, not a rollout.
 */
export function isScalingEvent(d: DeploymentSpec, allRSs: readonly ReplicaSet[]): boolean {
  return activeReplicaSets(allRSs).some(
    (rs) => rs.desiredReplicas !== undefined && rs.desiredReplicas !== d.replicas,
  );
}

/**
 * scale (sync.go): a replica count change. One active ReplicaSet takes it all; a saturated new
 * ReplicaSet lets the old ones go to 0; otherwise (RollingUpdate mid-rollout) the change to
 * replicas + maxSurge is spread over the active ReplicaSets in proportion to their sizes, the
 * rounding leftover to the largest. `scale` is called with `syncAnnotations` where upstream calls
 * scaleReplicaSet (which also refreshes the replica annotations).
 */
export function scaleDeployment(
  d: DeploymentSpec,
  newRS: ReplicaSet | undefined,
  oldRSs: readonly ReplicaSet[],
  scale: ScaleReplicaSet,
): void {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (activeOrLatest.replicas !== d.replicas) scale(activeOrLatest, d.replicas);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of activeReplicaSets(oldRSs)) scale(old, 0);
    return;
  }
  if (d.strategy.type !== 'RollingUpdate') return;
  const allRSs = activeReplicaSets([...oldRSs, newRS]);
  const allowedSize = d.replicas > 0 ? d.replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(allRSs);
  // Larger first; among equals, newer first when scaling up and older first when scaling down.
  if (toAdd > 0) allRSs.sort(bySizeNewer);
  else if (toAdd < 0) allRSs.sort(bySizeOlder);
  let added = 0;
  const sizes = allRSs.map((rs) => {
    if (toAdd === 0) return rs.replicas;
    const proportion = getProportion(rs, d, toAdd, added);
    added += proportion;
    return rs.replicas + proportion;
  });
  allRSs.forEach((rs, i) => {
    let size = sizes[i] as number;
    if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
    scale(rs, size, true);
  });
}

/**
 * cleanupDeployment: the old ReplicaSets beyond revisionHistoryLimit, lowest revision first, that may
 * be deleted (no replicas in spec or status).
 */
export function replicaSetsBeyondHistory(
  oldRSs: readonly ReplicaSet[],
  revisionHistoryLimit = DEFAULT_REVISION_HISTORY_LIMIT,
): ReplicaSet[] {
  if (revisionHistoryLimit === MAX_INT32) return []; // HasRevisionHistoryLimit: keep everything
  const diff = oldRSs.length - revisionHistoryLimit;
  if (diff <= 0) return [];
  return [...oldRSs]
    .sort(byRevision)
    .slice(0, diff)
    .filter((rs) => rs.status.replicas === 0 && rs.replicas === 0);
}

const MAX_INT32 = 2 ** 31 - 1;

/**
 * calculateStatus: counts summed over the ReplicaSets (updated = the new one's pods), unavailable =
 * Σ spec.replicas − available (never negative), and the Available condition: at least
 * replicas − maxUnavailable pods available.
 */
export function calculateStatus(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: DeploymentSpec,
  now: Micros,
): DeploymentStatus {
  const availableReplicas = availableReplicaCount(allRSs);
  const minimum = availableReplicas >= d.replicas - maxUnavailable(d);
  const available = minimum
    ? newCondition(
        'Available',
        'True',
        MINIMUM_REPLICAS_AVAILABLE,
        'Deployment has minimum availability.',
        now,
      )
    : newCondition(
        'Available',
        'False',
        MINIMUM_REPLICAS_UNAVAILABLE,
        'Deployment does not have minimum availability.',
        now,
      );
  return {
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: newRS ? newRS.status.replicas : 0,
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas,
    unavailableReplicas: Math.max(0, replicaCount(allRSs) - availableReplicas),
    conditions: setCondition(d.status?.conditions ?? [], available),
  };
}

/** The status of a Deployment that has none yet: nothing counted, no conditions. */
export const EMPTY_STATUS: DeploymentStatus = Object.freeze({
  replicas: 0,
  updatedReplicas: 0,
  readyReplicas: 0,
  availableReplicas: 0,
  unavailableReplicas: 0,
  conditions: [],
});

/**
 * syncRolloutStatus (progress.go): the new status with the Progressing condition estimated:
 * NewReplicaSetAvailable once complete, ReplicaSetUpdated (lastUpdateTime now) on any progress,
 * ProgressDeadlineExceeded once no progress was seen for progressDeadlineSeconds. `recheckAt` is
 * requeueStuckDeployment's time to look again, when the status is unchanged and the rollout can still
 * time out.
 */
export function rolloutStatus(
  allRSs: readonly ReplicaSet[],
  newRS: ReplicaSet | undefined,
  d: DeploymentSpec,
  now: Micros,
): { status: DeploymentStatus; changed: boolean; recheckAt?: Micros } {
  const old = d.status ?? EMPTY_STATUS;
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) status.conditions = removeCondition(status.conditions, 'Progressing');
  const current = getCondition(old.conditions, 'Progressing');
  const isCompleteDeployment =
    status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE_REASON;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const subject = newRS ? `ReplicaSet "${newRS.name}"` : `Deployment "${d.name}"`;
    if (deploymentComplete(d, status)) {
      const c = newCondition(
        'Progressing',
        'True',
        NEW_RS_AVAILABLE_REASON,
        `${subject} has successfully progressed.`,
        now,
      );
      status.conditions = setCondition(status.conditions, c);
    } else if (deploymentProgressing(old, status)) {
      // Progress moves lastUpdateTime even when the reason stays ReplicaSetUpdated, so the condition
      // is replaced rather than set (SetDeploymentCondition would keep it).
      let c = newCondition(
        'Progressing',
        'True',
        REPLICA_SET_UPDATED_REASON,
        `${subject} is progressing.`,
        now,
      );
      if (current?.status === 'True') c = { ...c, lastTransitionTime: current.lastTransitionTime };
      status.conditions = setCondition(removeCondition(status.conditions, 'Progressing'), c);
    } else if (deploymentTimedOut(d, status, now)) {
      const c = newCondition(
        'Progressing',
        'False',
        TIMED_OUT_REASON,
        `${subject} has timed out progressing.`,
        now,
      );
      status.conditions = setCondition(status.conditions, c);
    }
  }
  if (statusEqual(old, status))
    return { status: old, changed: false, recheckAt: stuckRecheckAt(d, status, now) };
  return { status, changed: true };
}

/**
 * requeueStuckDeployment: when to sync again to see the rollout time out, lastUpdateTime +
 * progressDeadlineSeconds + 1 s (upstream adds a second against clock skew). Where that is under a
 * second away upstream requeues rate-limited (first after 5 ms, and again while nothing changes);
 * kubesim looks again once, at the first instant the deadline has passed and at least 5 ms on. After
 * a completed rollout (NewReplicaSetAvailable) upstream keeps requeueing while a pod is missing, but
 * DeploymentTimedOut is false for that reason, so those syncs change nothing and are left out.
 */
function stuckRecheckAt(d: DeploymentSpec, status: DeploymentStatus, now: Micros): Micros | undefined {
  const current = getCondition(d.status?.conditions ?? [], 'Progressing');
  if (!hasProgressDeadline(d) || !current) return undefined;
  if (deploymentComplete(d, status) || current.reason === TIMED_OUT_REASON) return undefined;
  if (current.reason === NEW_RS_AVAILABLE_REASON) return undefined;
  const deadline = current.lastUpdateTime + progressDeadlineSeconds(d) * MICROS_PER_SECOND;
  const after = deadline - now;
  if (after >= MICROS_PER_SECOND) return now + after + MICROS_PER_SECOND;
  return Math.max(deadline + 1, now + RATE_LIMITED_REQUEUE);
}

/** workqueue.DefaultControllerRateLimiter's first per-item delay. */
const RATE_LIMITED_REQUEUE = 5_000;

/**
 * checkPausedConditions: Progressing becomes Unknown/DeploymentPaused when paused and
 * Unknown/DeploymentResumed when resumed (so a long pause does not count against the deadline); a
 * timed-out condition is kept. Returns the new conditions, or undefined when nothing changes.
 */
export function pausedConditions(
  d: DeploymentSpec & { paused?: boolean },
  now: Micros,
): readonly DeploymentCondition[] | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const conditions = d.status?.conditions ?? [];
  const cond = getCondition(conditions, 'Progressing');
  if (cond?.reason === TIMED_OUT_REASON) return undefined;
  const pausedCondExists = cond?.reason === PAUSED_DEPLOY_REASON;
  if (d.paused && !pausedCondExists)
    return setCondition(
      conditions,
      newCondition('Progressing', 'Unknown', PAUSED_DEPLOY_REASON, 'Deployment is paused', now),
    );
  if (!d.paused && pausedCondExists)
    return setCondition(
      conditions,
      newCondition('Progressing', 'Unknown', RESUMED_DEPLOY_REASON, 'Deployment is resumed', now),
    );
  return undefined;
}

/** reflect.DeepEqual of two statuses. */
export function statusEqual(a: DeploymentStatus, b: DeploymentStatus): boolean {
  if (
    a.replicas !== b.replicas ||
    a.updatedReplicas !== b.updatedReplicas ||
    a.readyReplicas !== b.readyReplicas ||
    a.availableReplicas !== b.availableReplicas ||
    a.unavailableReplicas !== b.unavailableReplicas ||
    a.conditions.length !== b.conditions.length
  )
    return false;
  return a.conditions.every((c, i) => {
    const o = b.conditions[i] as DeploymentCondition;
    return (
      c.type === o.type &&
      c.status === o.status &&
      c.reason === o.reason &&
      c.message === o.message &&
      c.lastUpdateTime === o.lastUpdateTime &&
      c.lastTransitionTime === o.lastTransitionTime
    );
  });
}
