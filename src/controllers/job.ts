import type { ScheduledEvent } from '../engine/simulation.js';
import { MICROS_PER_SECOND } from '../engine/time.js';
import { isJobFinished, type Job, type JobStatus } from '../model/job.js';
import { isTerminal, objectKey, type Pod, type PodTemplate } from '../model/pod.js';
import type { ControllerContext } from './context.js';
import { JOB_COMPLETION_INDEX, type JobTracking, syncJob } from './job-sync.js';
import { OwnedPods } from './owned-pods.js';
import { podFromTemplate, randomSuffix } from './pod-factory.js';
import { WorkQueue } from './work-queue.js';

/** pkg/controller/job/job_controller.go syncJobBatchPeriod: pod events are batched for 1 s. */
export const SYNC_JOB_BATCH_PERIOD = MICROS_PER_SECOND;

/**
 * The Job controller (pkg/controller/job/job_controller.go) and the TTL-after-finished controller
 * (pkg/controller/ttlafterfinished). Each Job is synced when it or one of its pods changes: syncJob
 * (job-sync.ts) decides the status, the pods to delete and the pods to create; this loop writes them
 * through the API server and syncs again when the pod-failure back-off or activeDeadlineSeconds ends.
 * A Job change syncs at once; a pod change one batch period (1 s) later.
 * A finished Job with ttlSecondsAfterFinished is deleted that long after it finished, with its pods.
 */
export class JobController {
  private readonly owned: OwnedPods;
  private readonly queue: WorkQueue;
  /** Per Job, the pod-failure back-off record (backoffStore). */
  private readonly backoffs = new Map<string, JobTracking['backoff']>();
  /**
   * Per Job, its pods not yet counted in its status (upstream: those still holding the tracking
   * finalizer): the active ones and those finished since the last sync. A pod removed before it was
   * counted stays here, as deleted, so it is still counted as failed (what the finalizer ensures).
   */
  private readonly uncounted = new Map<string, Map<number, Pod>>();
  /** A pending re-sync per Job (back-off end, deadline). */
  private readonly timers = new Map<string, ScheduledEvent>();
  /** A pending TTL deletion per finished Job. */
  private readonly ttls = new Map<string, ScheduledEvent>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.sim, (key) => this.reconcile(key));
    // Pod changes sync their Job one batch period later (enqueueSyncJobBatched), so the many pod
    // events of a large Job make one sync per second, not one each.
    this.owned = new OwnedPods(ctx.cluster, 'Job', (key) => this.requeue(key, SYNC_JOB_BATCH_PERIOD));
    ctx.cluster.watch((event) => {
      if (event.type !== 'PodAdded' && event.type !== 'PodDeleted') return;
      const owner = event.pod.owner;
      if (owner?.kind !== 'Job') return;
      const pods = this.uncounted.get(owner.key) ?? new Map<number, Pod>();
      this.uncounted.set(owner.key, pods);
      if (event.type === 'PodAdded') pods.set(event.pod.uid, event.pod);
      else if (pods.has(event.pod.uid) && !isTerminal(event.pod))
        pods.set(event.pod.uid, {
          ...event.pod,
          deletionTimestamp: event.pod.deletionTimestamp ?? ctx.sim.now,
        });
    });
  }

  start(): void {
    const { cluster } = this.ctx;
    const all = (): void => {
      for (const job of cluster.jobs) this.queue.add(objectKey(job.namespace, job.name));
    };
    cluster.watch((event) => {
      switch (event.type) {
        case 'JobAdded':
          this.queue.add(objectKey(event.job.namespace, event.job.name));
          return;
        case 'JobUpdated':
          // Its own status writes need no sync; a spec change (suspend) does.
          if (event.old.suspend !== event.job.suspend)
            this.queue.add(objectKey(event.job.namespace, event.job.name));
          return;
        case 'JobDeleted': {
          const key = objectKey(event.job.namespace, event.job.name);
          this.timers.get(key)?.cancel();
          this.timers.delete(key);
          this.ttls.get(key)?.cancel();
          this.ttls.delete(key);
          this.backoffs.delete(key);
          this.uncounted.delete(key);
          return;
        }
        case 'ControlPlaneChanged':
          if (event.writable) all();
          return;
      }
    });
    all();
  }

  reconcile(key: string): void {
    const { cluster, api, sim } = this.ctx;
    const job = cluster.job(key);
    if (!job) return;
    if (isJobFinished(job)) return;
    // Synced on a draft: what it counted is dropped from `uncounted` only once the status saying so
    // is written (a write refused while etcd has no quorum is redone by the next sync).
    const pods = this.uncounted.get(key) ?? new Map<number, Pod>();
    const draft: JobTracking = {
      counted: new Set(),
      backoff: this.backoffs.get(key) ?? { failuresAfterLastSuccess: 0 },
    };
    const result = syncJob(job, [...pods.values()], draft, sim.now);
    for (const pod of result.delete) api.deletePod(pod);
    let created = 0;
    for (const index of result.create) if (this.createPod(job, key, index)) created++;
    const status: JobStatus = {
      ...result.status,
      active: result.status.active - (result.create.length - created),
    };
    if (!sameStatus(job.status, status) && !api.updateJob(key, (j) => (j.status = status)).ok) return;
    this.backoffs.set(key, draft.backoff);
    for (const uid of draft.counted) pods.delete(uid);
    if (isJobFinished(job)) {
      this.timers.get(key)?.cancel();
      this.timers.delete(key);
      this.scheduleTtl(job, key);
    } else if (result.requeueAfter !== undefined) this.requeue(key, result.requeueAfter);
  }

  /** Posts one pod of the Job (with its completion index when Indexed); false if refused. */
  private createPod(job: Job, key: string, index: number | undefined): boolean {
    const { api, cluster, random, sim } = this.ctx;
    const names = random.get('controllers/job/pod-names');
    const base = index === undefined ? job.name : `${job.name}-${index}`;
    let name = `${base}-${randomSuffix(() => names.next())}`;
    while (cluster.pod(objectKey(job.namespace, name))) name = `${base}-${randomSuffix(() => names.next())}`;
    const template: PodTemplate =
      index === undefined
        ? job.template
        : {
            ...job.template,
            // pkg/controller/job indexed_job_utils.go addCompletionIndexAnnotation / …Label.
            labels: { ...job.template.labels, [JOB_COMPLETION_INDEX]: String(index) },
            annotations: { ...job.template.annotations, [JOB_COMPLETION_INDEX]: String(index) },
          };
    const result = api.createPod(
      podFromTemplate(template, { namespace: job.namespace, name, owner: { kind: 'Job', key } }, sim.now),
    );
    return result.ok;
  }

  /** One pending wake-up per Job: the earliest asked for. */
  private requeue(key: string, after: number): void {
    const { sim } = this.ctx;
    const at = sim.now + Math.max(0, after);
    const pending = this.timers.get(key);
    if (pending && !pending.isCancelled && pending.time <= at) return;
    pending?.cancel();
    this.timers.set(
      key,
      sim.schedule(at - sim.now, () => {
        this.timers.delete(key);
        this.queue.add(key);
      }),
    );
  }

  /** ttlSecondsAfterFinished: delete the Job and its pods (cascading deletion) that long after it ended. */
  private scheduleTtl(job: Job, key: string): void {
    const ttl = job.ttlSecondsAfterFinished;
    if (ttl === undefined || this.ttls.has(key)) return;
    const { sim, api, cluster } = this.ctx;
    const finishedAt = Math.max(...(job.status?.conditions ?? []).map((c) => c.lastTransitionTime));
    const wait = Math.max(0, finishedAt + ttl * MICROS_PER_SECOND - sim.now);
    this.ttls.set(
      key,
      sim.schedule(wait, () => {
        this.ttls.delete(key);
        if (!cluster.job(key)) return;
        for (const pod of [...this.owned.of(key)])
          if (pod.deletionTimestamp === undefined) api.deletePod(pod);
        if (!api.deleteJob(key).ok) this.scheduleTtl(job, key);
      }),
    );
  }
}

/**
 * Whether a status write would change nothing. completedIndexes only grows, so equal lengths mean
 * equal sets (compared without walking a large Indexed Job's list); conditions are only appended.
 */
function sameStatus(a: JobStatus | undefined, b: JobStatus): boolean {
  return (
    a !== undefined &&
    a.startTime === b.startTime &&
    a.completionTime === b.completionTime &&
    a.active === b.active &&
    a.ready === b.ready &&
    a.succeeded === b.succeeded &&
    a.failed === b.failed &&
    a.completedIndexes.length === b.completedIndexes.length &&
    a.conditions.length === b.conditions.length &&
    a.conditions.every((c, i) => c.type === b.conditions[i]?.type)
  );
}
