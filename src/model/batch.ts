import type { Distribution } from '../engine/distributions.js';
import type { Micros } from '../engine/time.js';
import type { JobBehaviour } from './job.js';

/** One row of a pod arrival trace: a bare pod created at `at` that runs for `duration`, then succeeds. */
export interface PodTraceRow {
  /** Creation time, µs from the start of the run. */
  at: Micros;
  cpuMillis: number;
  memoryBytes: number;
  /** How long its container runs once started. */
  duration: Micros;
  /** The pod's priority: the PriorityClass's value, or the number written. */
  priority: number;
  /** The PriorityClass named in the row, if a name was written. */
  priorityClassName?: string;
  preemptionPolicy: 'PreemptLowerPriority' | 'Never';
  /** The CSV line the row came from (for messages). */
  line: number;
}

/** `spec.batch.podTrace`: pods from a CSV file (docs/batch.md). */
export interface PodTrace {
  /** The file as written in the Scenario (reports name it so). */
  file: string;
  namespace: string;
  /** Pod names are `<namePrefix>-<row number, from 0>`. @default "trace" */
  namePrefix: string;
  /** Image pull + container start of every trace pod. @default 10 s (as services.<name>.startupTime) */
  startupTime: Distribution;
  /** In creation order (rows sorted by time, ties in file order). */
  rows: PodTraceRow[];
}

/** The Scenario's batch work: run times of Jobs' pods and a pod arrival trace. */
export interface BatchConfig {
  /** spec.jobs.<name>, by Job name. */
  jobs: Record<string, JobBehaviour>;
  /** spec.batch.podTrace; undefined when not given. */
  podTrace?: PodTrace;
}
