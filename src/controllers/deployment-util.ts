import type { Micros } from '../engine/time.js';
import { MICROS_PER_SECOND } from '../engine/time.js';
import type {
  Deployment,
  DeploymentCondition,
  DeploymentConditionType,
  DeploymentStatus,
  IntOrPercent,
  ReplicaSet,
} from '../model/workloads.js';

// The rollout arithmetic of pkg/controller/deployment/util/deployment_util.go (v1.36), as small pure
// functions over the Deployment's spec and its ReplicaSets, so upstream's table tests port unchanged.

/** apps/v1 SetDefaults_Deployment. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
/** apps/v1 SetDefaults_Deployment. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

/** The parts of a Deployment the arithmetic reads. */
export type DeploymentSpec = Pick<Deployment, 'replicas' | 'strategy'> &
  Partial<Pick<Deployment, 'name' | 'progressDeadlineSeconds' | 'status'>>;

/**
 * intstr.GetScaledValueFromIntOrPercent: an integer as is, a percentage of `total` rounded up or
 * down (math.Ceil / math.Floor of value × total / 100 in float64, which JS numbers reproduce).
 */
export function valueFromIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const scaled = (Number.parseInt(value, 10) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable down; an unset value is 0. When both come to
 * 0 (validation forbids writing both as 0, but rounding down can get there), maxUnavailable is 1 so
 * the rollout can progress.
 */
export function resolveFenceposts(
  maxSurge: IntOrPercent | undefined,
  maxUnavailable: IntOrPercent | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = valueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = valueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** MaxUnavailable: the resolved maxUnavailable, at most replicas; 0 for Recreate or 0 replicas. */
export function maxUnavailable(d: DeploymentSpec): number {
  if (d.strategy.type !== 'RollingUpdate' || d.replicas === 0) return 0;
  const { maxSurge, maxUnavailable: mu } = d.strategy.rollingUpdate;
  return Math.min(resolveFenceposts(maxSurge, mu, d.replicas).unavailable, d.replicas);
}

/** MaxSurge: the resolved maxSurge; 0 for Recreate. */
export function maxSurge(d: DeploymentSpec): number {
  if (d.strategy.type !== 'RollingUpdate') return 0;
  const { maxSurge: ms, maxUnavailable: mu } = d.strategy.rollingUpdate;
  return resolveFenceposts(ms, mu, d.replicas).surge;
}

/** GetReplicaCountForReplicaSets: Σ spec.replicas. */
export function replicaCount(sets: readonly ReplicaSet[]): number {
  let n = 0;
  for (const rs of sets) n += rs.replicas;
  return n;
}

/** GetActualReplicaCountForReplicaSets: Σ status.replicas. */
export function actualReplicaCount(sets: readonly ReplicaSet[]): number {
  let n = 0;
  for (const rs of sets) n += rs.status.replicas;
  return n;
}

/** GetReadyReplicaCountForReplicaSets: Σ status.readyReplicas. */
export function readyReplicaCount(sets: readonly ReplicaSet[]): number {
  let n = 0;
  for (const rs of sets) n += rs.status.readyReplicas;
  return n;
}

/** GetAvailableReplicaCountForReplicaSets: Σ status.availableReplicas. */
export function availableReplicaCount(sets: readonly ReplicaSet[]): number {
  let n = 0;
  for (const rs of sets) n += rs.status.availableReplicas;
  return n;
}

/**
 * NewRSNewReplicas: how many replicas the new ReplicaSet may have now. RollingUpdate adds up to
 * replicas + maxSurge pods in all (maxSurge as written, rounded up, not through ResolveFenceposts),
 * never beyond replicas; Recreate goes straight to replicas.
 */
export function newRSNewReplicas(
  d: DeploymentSpec,
  allRSs: readonly ReplicaSet[],
  newRS: Pick<ReplicaSet, 'replicas'>,
): number {
  if (d.strategy.type === 'Recreate') return d.replicas;
  const surge = valueFromIntOrPercent(d.strategy.rollingUpdate.maxSurge, d.replicas, true);
  const currentPodCount = replicaCount(allRSs);
  const maxTotalPods = d.replicas + surge;
  if (currentPodCount >= maxTotalPods) return newRS.replicas;
  const scaleUpCount = Math.min(maxTotalPods - currentPodCount, d.replicas - newRS.replicas);
  return newRS.replicas + scaleUpCount;
}

/**
 * IsSaturated: the ReplicaSet holds all the Deployment's replicas, its desired-replicas annotation
 * agrees, and all of them are available.
 */
export function isSaturated(d: DeploymentSpec, rs: ReplicaSet | undefined): boolean {
  if (!rs || rs.desiredReplicas === undefined) return false;
  return (
    rs.replicas === d.replicas &&
    rs.desiredReplicas === d.replicas &&
    rs.status.availableReplicas === d.replicas
  );
}

/**
 * GetProportion: the share of a scaling event (`toAdd` replicas in all, `added` so far) that falls to
 * `rs`, from its size over the max-replicas annotation; bounded so the running sum never passes toAdd.
 */
export function getProportion(
  rs: ReplicaSet | undefined,
  d: DeploymentSpec,
  toAdd: number,
  added: number,
): number {
  if (!rs || rs.replicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** getReplicaSetFraction: rs.replicas × (replicas + maxSurge) / max-replicas, rounded, less rs.replicas. */
function replicaSetFraction(rs: ReplicaSet, d: DeploymentSpec): number {
  if (d.replicas === 0) return -rs.replicas;
  const deploymentReplicas = d.replicas + maxSurge(d);
  // Without the annotation upstream falls back to the Deployment's status.replicas.
  const annotated = rs.maxReplicas ?? d.status?.replicas ?? 0;
  if (annotated <= 0) return 0; // upstream never scales up from zero; this keeps a bad input finite
  // integer.RoundToInt32 is math.Round (half away from zero); the value is positive here.
  return Math.round((rs.replicas * deploymentReplicas) / annotated) - rs.replicas;
}

/** DeploymentComplete: every desired replica is updated and available, and no old pod remains. */
export function deploymentComplete(d: DeploymentSpec, status: DeploymentStatus): boolean {
  return (
    status.updatedReplicas === d.replicas &&
    status.replicas === d.replicas &&
    status.availableReplicas === d.replicas
  );
}

/**
 * DeploymentProgressing: more updated pods, fewer old pods, more ready or more available pods than
 * the status the Deployment last recorded.
 */
export function deploymentProgressing(
  old: Pick<DeploymentStatus, 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas'>,
  next: Pick<DeploymentStatus, 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas'>,
): boolean {
  return (
    next.updatedReplicas > old.updatedReplicas ||
    next.replicas - next.updatedReplicas < old.replicas - old.updatedReplicas ||
    next.readyReplicas > old.readyReplicas ||
    next.availableReplicas > old.availableReplicas
  );
}

/** HasProgressDeadline: math.MaxInt32 means no deadline. */
export function hasProgressDeadline(d: DeploymentSpec): boolean {
  return progressDeadlineSeconds(d) !== MAX_INT32;
}

export function progressDeadlineSeconds(d: DeploymentSpec): number {
  return d.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
}

const MAX_INT32 = 2 ** 31 - 1;

/**
 * DeploymentTimedOut: the Progressing condition was last updated more than progressDeadlineSeconds
 * ago (strictly: `from.Add(delta).Before(now)`), or already says ProgressDeadlineExceeded; never
 * after a completed rollout (NewReplicaSetAvailable).
 */
export function deploymentTimedOut(d: DeploymentSpec, status: DeploymentStatus, now: Micros): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status.conditions, 'Progressing');
  if (!condition) return false;
  if (condition.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (condition.reason === TIMED_OUT_REASON) return true;
  return condition.lastUpdateTime + progressDeadlineSeconds(d) * MICROS_PER_SECOND < now;
}

// Condition reasons (deployment_util.go).
export const REPLICA_SET_UPDATED_REASON = 'ReplicaSetUpdated';
export const NEW_REPLICA_SET_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';

export function getCondition(
  conditions: readonly DeploymentCondition[],
  type: DeploymentConditionType,
): DeploymentCondition | undefined {
  return conditions.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: the conditions with `condition` in place of the one of its type. Nothing
 * changes when status and reason are the same; lastTransitionTime is kept when only the reason changes.
 */
export function setCondition(
  conditions: readonly DeploymentCondition[],
  condition: DeploymentCondition,
): readonly DeploymentCondition[] {
  const current = getCondition(conditions, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason)
    return conditions;
  const next =
    current && current.status === condition.status
      ? { ...condition, lastTransitionTime: current.lastTransitionTime }
      : condition;
  return [...removeCondition(conditions, condition.type), next];
}

/** RemoveDeploymentCondition. */
export function removeCondition(
  conditions: readonly DeploymentCondition[],
  type: DeploymentConditionType,
): readonly DeploymentCondition[] {
  return conditions.filter((c) => c.type !== type);
}

/** NewDeploymentCondition: both times now. */
export function newCondition(
  type: DeploymentConditionType,
  status: DeploymentCondition['status'],
  reason: string,
  message: string,
  now: Micros,
): DeploymentCondition {
  return { type, status, reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

/** controller.ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  return a.createdAt - b.createdAt || compareNames(a, b);
}

/** controller.ReplicaSetsBySizeNewer: larger first; among equal sizes, newer first. */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return b.replicas - a.replicas || byCreation(b, a);
}

/** controller.ReplicaSetsBySizeOlder: larger first; among equal sizes, older first. */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return b.replicas - a.replicas || byCreation(a, b);
}

/** deploymentutil.ReplicaSetsByRevision: lowest revision first, ties by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  return a.revision - b.revision || byCreation(a, b);
}

function compareNames(a: ReplicaSet, b: ReplicaSet): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** controller.FilterActiveReplicaSets: those with spec.replicas > 0. */
export function activeReplicaSets(sets: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return sets.filter((rs): rs is ReplicaSet => rs !== undefined && rs.replicas > 0);
}
