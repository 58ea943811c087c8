import type { Distribution } from '../engine/distributions.js';
import type { Micros } from '../engine/time.js';
import type { Labels } from './labels.js';
import type { PodTemplate } from './pod.js';

/** batch/v1 JobSpec.completionMode. */
export type CompletionMode = 'NonIndexed' | 'Indexed';

/** batch/v1 JobConditionType, the terminal ones kubesim reaches, and Suspended. */
export type JobConditionType = 'Complete' | 'Failed' | 'Suspended';

/** batch/v1 JobCondition (status True only: kubesim does not write False conditions). */
export interface JobCondition {
  readonly type: JobConditionType;
  /** Completed (Complete), BackoffLimitExceeded, DeadlineExceeded (Failed), JobSuspended. */
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: Micros;
}

/** batch/v1 JobStatus as the Job controller computes it (pkg/controller/job syncJob). */
export interface JobStatus {
  /** Set when the controller first syncs the Job unsuspended (reset on resume, as upstream). */
  startTime?: Micros;
  /** Set with the Complete condition. */
  completionTime?: Micros;
  /** Pods not terminating and not finished. */
  active: number;
  /** Active pods that are Ready. */
  ready: number;
  /** NonIndexed: pods that succeeded; Indexed: indexes that succeeded. */
  succeeded: number;
  /** Pods that failed, or were deleted (terminating) before succeeding. */
  failed: number;
  /** Indexed Jobs: the indexes that succeeded, in ascending order. */
  completedIndexes: number[];
  conditions: JobCondition[];
}

/**
 * A batch/v1 Job after defaulting (pkg/apis/batch/v1/defaults.go SetDefaults_Job): parallelism 1,
 * backoffLimit 6, completionMode NonIndexed; completions 1 when neither completions nor parallelism is
 * given, else undefined (a work-queue Job: done when one pod succeeds and none is left running).
 */
export interface Job {
  readonly kind: 'Job';
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly parallelism: number;
  /** undefined: a work-queue Job. */
  readonly completions?: number;
  readonly completionMode: CompletionMode;
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds?: number;
  readonly ttlSecondsAfterFinished?: number;
  suspend: boolean;
  /** The template, its restartPolicy OnFailure or Never (validation requires one of them). */
  readonly template: PodTemplate;
  /** Written by the Job controller; undefined until its first sync. */
  status?: JobStatus;
}

/** How a Job's pods run, from the Scenario's `spec.jobs.<name>`. */
export interface JobBehaviour {
  /** How long each pod's containers run before they exit (after the start-up time). */
  duration: Distribution;
  /** The chance that a run exits non-zero (at the end of its duration) instead of 0. @default 0 */
  failureProbability: number;
}

/** The first condition of `type` on the Job's status, if any. */
export function jobCondition(job: Job, type: JobConditionType): JobCondition | undefined {
  return job.status?.conditions.find((c) => c.type === type);
}

/** Whether the Job has finished: Complete or Failed. */
export function isJobFinished(job: Job): boolean {
  return jobCondition(job, 'Complete') !== undefined || jobCondition(job, 'Failed') !== undefined;
}
