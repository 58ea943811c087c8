import type { ApiServer } from '../api/api-server.js';
import type { Simulation } from '../engine/simulation.js';
import type { Micros } from '../engine/time.js';
import type { BatchConfig } from '../model/batch.js';
import type { ClusterState } from '../model/cluster-state.js';
import { type Job, jobCondition } from '../model/job.js';
import { objectKey } from '../model/pod.js';
import type { WorkloadBehaviour } from '../model/workloads.js';
import { type BatchGroupResult, BatchTracker } from './batch-tracker.js';
import { PodTraceSource } from './pod-trace-source.js';

/** How one Job ended (or stood at the end of the run). */
export interface JobOutcome {
  /** "namespace/name". */
  job: string;
  completionMode: Job['completionMode'];
  parallelism: number;
  completions: number | null;
  /** Complete, Failed, or null when it had not finished by the end. */
  condition: 'Complete' | 'Failed' | null;
  /** The condition's reason (CompletionsReached, BackoffLimitExceeded, DeadlineExceeded). */
  reason: string | null;
  /** status.startTime. */
  startTime: Micros | null;
  /** When the Complete or Failed condition was set. */
  finishedAt: Micros | null;
  succeeded: number;
  failed: number;
}

/** What the batch work did: each group's measures and each Job's outcome. */
export interface BatchRunResult {
  groups: BatchGroupResult[];
  jobs: JobOutcome[];
}

/** The batch part of a run, wired by createRun. */
export interface BatchRun {
  /** Completion behaviour (run time, failure chance) of a Job's or a trace pod's workload name. */
  completion(name: string): WorkloadBehaviour['completion'] | undefined;
  /** Trace pods' own behaviour (start-up time included), by pod name. */
  tracePod(name: string): WorkloadBehaviour | undefined;
  /** Starts the trace replay (after the controllers, as manifests' pods are created). */
  start(): void;
  finish(end: Micros): BatchRunResult;
}

/**
 * Sets up the batch work of a run, or returns undefined when it has none (no Job, no pod trace): the
 * tracker that measures Jobs' and trace pods, the trace's pod source, and each Job's outcome, followed
 * through the Job events (a Job deleted after its TTL keeps the outcome it had).
 */
export function createBatchRun(deps: {
  cluster: ClusterState;
  api: ApiServer;
  sim: Simulation;
  jobs: readonly Job[];
  config: BatchConfig | undefined;
}): BatchRun | undefined {
  const { cluster, api, sim, jobs, config } = deps;
  if (jobs.length === 0 && config?.podTrace === undefined) return undefined;
  const trace = config?.podTrace && new PodTraceSource(config.podTrace, sim, api);
  const tracker = new BatchTracker(
    cluster,
    () => sim.now,
    (pod) => {
      if (pod.owner?.kind === 'Job') return { kind: 'Job', name: pod.owner.key };
      if (trace?.owns(pod)) return { kind: 'PodTrace', name: config?.podTrace?.file ?? '' };
      return undefined;
    },
  );
  const outcomes = new Map<string, JobOutcome>();
  const record = (job: Job): void => {
    const done = jobCondition(job, 'Complete') ?? jobCondition(job, 'Failed');
    outcomes.set(objectKey(job.namespace, job.name), {
      job: objectKey(job.namespace, job.name),
      completionMode: job.completionMode,
      parallelism: job.parallelism,
      completions: job.completions ?? null,
      condition: done ? (done.type as 'Complete' | 'Failed') : null,
      reason: done ? done.reason : null,
      startTime: job.status?.startTime ?? null,
      finishedAt: done ? done.lastTransitionTime : null,
      succeeded: job.status?.succeeded ?? 0,
      failed: job.status?.failed ?? 0,
    });
  };
  for (const job of jobs) {
    tracker.declare('Job', objectKey(job.namespace, job.name));
    record(job);
  }
  if (config?.podTrace) tracker.declare('PodTrace', config.podTrace.file);
  cluster.watch((event) => {
    if (event.type === 'JobAdded' || event.type === 'JobUpdated') record(event.job);
  });
  return {
    completion: (name) =>
      (config && Object.hasOwn(config.jobs, name) ? config.jobs[name] : undefined) ??
      trace?.behaviour(name)?.completion,
    tracePod: (name) => trace?.behaviour(name),
    start: () => trace?.start(),
    finish: (end) => ({ groups: tracker.finish(end), jobs: [...outcomes.values()] }),
  };
}
