import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { Job, JobCondition, JobStatus } from '../model/job.js';
import type { Pod } from '../model/pod.js';
import { type BackoffRecord, nextBackoffRecord, remainingBackoff } from './job-backoff.js';

/** batch.JobCompletionIndexAnnotation: the index of an Indexed Job's pod (also a label since 1.28). */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
/** pkg/controller/job/job_controller.go: MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

/** What syncJob reads of a pod: its status as the API server shows it. */
export type JobPod = Pick<
  Pod,
  'uid' | 'phase' | 'ready' | 'nodeName' | 'deletionTimestamp' | 'createdAt' | 'finishedAt' | 'restartCount'
> & { readonly annotations?: Readonly<Record<string, string>> };

/** What the controller remembers of a Job between syncs (upstream: tracking finalizers, backoff store). */
export interface JobTracking {
  /** Pods already counted in status.succeeded/failed, or deleted by the controller without failing. */
  counted: Set<number>;
  backoff: BackoffRecord;
}

/** What one sync decides: the new status, pods to create (their indexes) and delete, when to look again. */
export interface JobSyncResult<P extends JobPod> {
  status: JobStatus;
  /** One entry per pod to create: its completion index (Indexed) or undefined (NonIndexed). */
  create: (number | undefined)[];
  delete: P[];
  /** Sync again after this long (back-off end, activeDeadlineSeconds), if set. */
  requeueAfter?: Micros;
}

/** The pod's completion index (annotation), or undefined if absent or not a number. */
export function completionIndexOf(pod: JobPod): number | undefined {
  const v = pod.annotations?.[JOB_COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

const EMPTY_STATUS: JobStatus = {
  active: 0,
  ready: 0,
  succeeded: 0,
  failed: 0,
  completedIndexes: [],
  conditions: [],
};

/**
 * One sync of a Job (pkg/controller/job/job_controller.go syncJob + manageJob), as a pure function of
 * the Job, its pods and what was counted before. `tracking` is updated in place.
 *
 * 1. Pods newly Succeeded count as succeeded (Indexed: their index completes); pods newly Failed, or
 *    deleted before succeeding (podReplacementPolicy TerminatingOrFailed, the default), as failed.
 * 2. Failed when failed > backoffLimit, or (restartPolicy OnFailure) the active pods' restarts reach it
 *    (pastBackoffLimitOnFailure), or activeDeadlineSeconds has passed since startTime: active pods are
 *    deleted and counted as failed.
 * 3. Complete when succeeded reaches completions (work queue: one succeeded and none active).
 * 4. Suspended: active pods are deleted (not failures); startTime is cleared.
 * 5. Otherwise active pods are brought to min(parallelism, completions − succeeded) — extra ones deleted,
 *    missing ones created once the pod-failure back-off has passed, at most 500 per sync.
 */
export function syncJob<P extends JobPod>(
  job: Job,
  pods: readonly P[],
  tracking: JobTracking,
  now: Micros,
): JobSyncResult<P> {
  const prev = job.status ?? EMPTY_STATUS;
  if (prev.conditions.some((c) => c.type === 'Complete' || c.type === 'Failed'))
    return { status: prev, create: [], delete: [] };
  const indexed = job.completionMode === 'Indexed';
  const completions = job.completions;
  let succeeded = prev.succeeded;
  let failed = prev.failed;
  const completed = new Set(prev.completedIndexes);
  const succeededAt: Micros[] = [];
  const failedAt: Micros[] = [];
  const active: P[] = [];
  for (const pod of pods) {
    if (pod.phase === 'Succeeded') {
      if (tracking.counted.has(pod.uid)) continue;
      tracking.counted.add(pod.uid);
      succeededAt.push(finishTime(pod));
      const index = completionIndexOf(pod);
      if (!indexed) succeeded++;
      else if (index !== undefined && index < (completions ?? 0)) completed.add(index);
    } else if (pod.phase === 'Failed' || pod.deletionTimestamp !== undefined) {
      if (tracking.counted.has(pod.uid)) continue;
      tracking.counted.add(pod.uid);
      failed++;
      failedAt.push(finishTime(pod));
    } else active.push(pod);
  }
  if (indexed) succeeded = completed.size;
  tracking.backoff = nextBackoffRecord(tracking.backoff, succeededAt, failedAt);

  const conditions = prev.conditions.filter((c) => c.type !== 'Suspended');
  const toDelete: P[] = [];
  /** Deletes pods; `asFailures` counts them as failed now (else they are not failures). */
  const remove = (victims: readonly P[], asFailures: boolean): void => {
    for (const pod of victims) {
      tracking.counted.add(pod.uid);
      toDelete.push(pod);
      if (asFailures) failed++;
    }
  };
  const status = (remaining: readonly P[], extra: Partial<JobStatus>, created = 0): JobStatus => ({
    ...(prev.startTime === undefined ? {} : { startTime: prev.startTime }),
    active: remaining.length + created,
    ready: remaining.filter((p) => p.ready).length,
    succeeded,
    failed,
    completedIndexes: [...completed].sort((a, b) => a - b),
    conditions,
    ...extra,
  });
  const condition = (type: JobCondition['type'], reason: string, message: string): JobCondition => ({
    type,
    reason,
    message,
    lastTransitionTime: now,
  });

  const deadline =
    job.activeDeadlineSeconds !== undefined && prev.startTime !== undefined && !job.suspend
      ? prev.startTime + job.activeDeadlineSeconds * MICROS_PER_SECOND
      : undefined;
  let failure: JobCondition | undefined;
  if (failed > job.backoffLimit || pastBackoffLimitOnFailure(job, active))
    failure = condition('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
  else if (deadline !== undefined && now >= deadline)
    failure = condition('Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline');
  if (failure) {
    remove(active, true);
    conditions.push(failure);
    return { status: status([], {}), create: [], delete: toDelete };
  }

  const complete =
    completions === undefined ? succeeded > 0 && active.length === 0 : succeeded >= completions;
  if (complete) {
    remove(active, false);
    conditions.push(condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'));
    return { status: status([], { completionTime: now }), create: [], delete: toDelete };
  }

  if (job.suspend) {
    remove(active, false);
    conditions.push(condition('Suspended', 'JobSuspended', 'Job suspended'));
    const { startTime: _cleared, ...rest } = status([], {});
    return { status: rest, create: [], delete: toDelete };
  }

  const startTime = prev.startTime ?? now;
  const wantActive =
    completions === undefined
      ? succeeded > 0
        ? active.length
        : job.parallelism
      : Math.max(0, Math.min(job.parallelism, completions - succeeded));
  let keep = active;
  if (indexed) {
    const { surplus, kept } = indexedSurplus(active, completed, completions ?? 0);
    remove(surplus.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC), false);
    keep = kept;
  }
  const excess = keep.length - wantActive;
  if (excess > 0) {
    const victims = indexed ? byIndexDescending(keep) : byRemovalOrder(keep);
    const gone = victims.slice(0, Math.min(excess, MAX_POD_CREATE_DELETE_PER_SYNC - toDelete.length));
    remove(gone, false);
    const goneSet = new Set(gone);
    keep = keep.filter((p) => !goneSet.has(p));
  }
  let create: (number | undefined)[] = [];
  let requeueAfter: Micros | undefined;
  const missing = wantActive - keep.length;
  if (missing > 0) {
    const wait = remainingBackoff(tracking.backoff, now);
    if (wait > 0) requeueAfter = wait;
    else {
      const n = Math.min(missing, MAX_POD_CREATE_DELETE_PER_SYNC);
      create = indexed
        ? firstPendingIndexes(completed, keep, n, completions ?? 0)
        : new Array<undefined>(n).fill(undefined);
      if (n < missing) requeueAfter = 0;
    }
  }
  if (job.activeDeadlineSeconds !== undefined) {
    const until = startTime + job.activeDeadlineSeconds * MICROS_PER_SECOND - now;
    requeueAfter = requeueAfter === undefined ? until : Math.min(requeueAfter, until);
  }
  return {
    status: status(keep, { startTime }, create.length),
    create,
    delete: toDelete,
    ...(requeueAfter === undefined ? {} : { requeueAfter }),
  };
}

/**
 * pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts of the pending and
 * running pods count toward backoffLimit (any restart when it is 0).
 */
function pastBackoffLimitOnFailure(job: Job, active: readonly JobPod[]): boolean {
  if (job.template.spec.restartPolicy !== 'OnFailure') return false;
  const restarts = active.reduce((n, p) => n + (p.restartCount ?? 0), 0);
  return job.backoffLimit === 0 ? restarts > 0 : restarts >= job.backoffLimit;
}

/** getFinishedTime: when the containers finished, else when deletion began, else the creation time. */
function finishTime(pod: JobPod): Micros {
  return pod.finishedAt ?? pod.deletionTimestamp ?? pod.createdAt;
}

/**
 * Indexed Jobs keep one active pod per pending index: pods without a valid index, with an index out
 * of range or already completed, or a second pod of an index, are surplus (indexed_job_utils.go
 * appendDuplicatedIndexPodsForRemoval and the out-of-range check).
 */
function indexedSurplus<P extends JobPod>(
  active: readonly P[],
  completed: ReadonlySet<number>,
  completions: number,
): { surplus: P[]; kept: P[] } {
  const surplus: P[] = [];
  const kept: P[] = [];
  const seen = new Set<number>();
  for (const pod of active) {
    const index = completionIndexOf(pod);
    if (index === undefined || index >= completions || completed.has(index) || seen.has(index))
      surplus.push(pod);
    else {
      seen.add(index);
      kept.push(pod);
    }
  }
  return { surplus, kept };
}

/** firstPendingIndexes: the lowest `count` indexes neither completed nor held by an active pod. */
export function firstPendingIndexes(
  completed: ReadonlySet<number>,
  active: readonly JobPod[],
  count: number,
  completions: number,
): number[] {
  const taken = new Set(active.map(completionIndexOf));
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) {
    if (!completed.has(i) && !taken.has(i)) out.push(i);
  }
  return out;
}

/** Indexed scale-down removes the highest indexes first (activePodsForRemoval). */
function byIndexDescending<P extends JobPod>(pods: readonly P[]): P[] {
  return [...pods].sort((a, b) => (completionIndexOf(b) ?? 0) - (completionIndexOf(a) ?? 0));
}

/**
 * controller.ActivePods order, the ones to delete first: not yet scheduled, then Pending before
 * Running, not Ready before Ready, then the newest.
 */
function byRemovalOrder<P extends JobPod>(pods: readonly P[]): P[] {
  const rank = (p: JobPod): number[] => [
    p.nodeName === undefined ? 0 : 1,
    p.phase === 'Pending' ? 0 : 1,
    p.ready ? 1 : 0,
    -p.createdAt,
  ];
  return [...pods].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (ra[i] as number) - (rb[i] as number);
    return 0;
  });
}
