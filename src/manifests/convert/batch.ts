import { z } from 'zod';
import { DEFAULT_POD_TRACE_COLUMNS, parsePodTrace } from '../../batch/pod-trace-csv.js';
import type { Distribution } from '../../engine/distributions.js';
import type { BatchConfig, PodTrace } from '../../model/batch.js';
import type { JobBehaviour } from '../../model/job.js';
import type { PriorityClass } from '../../model/workloads.js';
import { isRecord } from '../is-record.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import { editDistance } from '../likely-mistakes.js';
import type { Reporter, Site } from '../report.js';
import { nonEmpty, num } from '../schemas/common.js';
import type { Path } from '../source.js';
import * as jm from './job-messages.js';

/** spec.jobs.<name>: the run time of the Job's pods (a duration distribution) and a failure chance. */
const jobEntry = z.strictObject({
  duration: z.unknown(),
  failureProbability: num(0).max(1, { error: jm.failureProbabilityRange }).optional(),
});

/** spec.batch: a pod arrival trace. */
const batchSpec = z.strictObject({
  podTrace: z
    .strictObject({
      file: nonEmpty,
      namespace: nonEmpty.optional(),
      namePrefix: nonEmpty.optional(),
      startupTime: z.unknown().optional(),
      time: nonEmpty.optional(),
      cpu: nonEmpty.optional(),
      memory: nonEmpty.optional(),
      duration: nonEmpty.optional(),
      priority: nonEmpty.optional(),
    })
    .optional(),
});

/** What convertBatch needs from the rest of the input. */
export interface BatchReferences {
  /** The Jobs' names. */
  jobNames: ReadonlySet<string>;
  /** Every PriorityClass of the input (system ones included), by name. */
  priorityClasses: ReadonlyMap<string, PriorityClass>;
  readSamples(file: string): { text: string; path: string } | { problem: string };
  /** Converts a duration distribution (as services.<name>.serviceTime), reporting at `path`. */
  distribution(v: unknown, path: Path): Distribution | undefined;
  /** The default start-up time (services.<name>.startupTime's). */
  defaultStartupTime: Distribution;
}

/**
 * `spec.jobs` and `spec.batch` of the Scenario (docs/batch.md) → BatchConfig, or undefined when the
 * Scenario has neither. A Job without a `spec.jobs` entry gets a warning: its pods never finish.
 */
export function convertBatch(
  raw: Record<string, unknown>,
  site: Site,
  refs: BatchReferences,
  reporter: Reporter,
): BatchConfig | undefined {
  const jobs: Record<string, JobBehaviour> = {};
  const rawJobs = raw.jobs;
  if (rawJobs !== undefined && !isRecord(rawJobs))
    reporter.error(
      site,
      ['spec', 'jobs'],
      'expected a mapping of Job names to {duration, failureProbability}',
    );
  for (const [name, entry] of Object.entries(isRecord(rawJobs) ? rawJobs : {})) {
    const at = ['spec', 'jobs', name];
    if (!refs.jobNames.has(name)) {
      const near = [...refs.jobNames].find((j) => editDistance(j, name) <= 2);
      reporter.error(site, at, jm.scenarioJobUnknown(name, near));
      continue;
    }
    const r = jobEntry.safeParse(entry, PARSE_OPTIONS);
    if (!r.success) {
      reportIssues(r.error.issues, site, entry, reporter, at);
      continue;
    }
    const duration = refs.distribution(r.data.duration, [...at, 'duration']);
    if (duration) jobs[name] = { duration, failureProbability: r.data.failureProbability ?? 0 };
  }
  for (const name of refs.jobNames) {
    if (!(name in jobs) && !(isRecord(rawJobs) && name in rawJobs))
      reporter.warning(site, ['spec'], jm.jobWithoutDuration(name));
  }
  const podTrace = raw.batch === undefined ? undefined : convertPodTrace(raw.batch, site, refs, reporter);
  if (rawJobs === undefined && raw.batch === undefined) return undefined;
  return { jobs, ...(podTrace === undefined ? {} : { podTrace }) };
}

function convertPodTrace(
  rawBatch: unknown,
  site: Site,
  refs: BatchReferences,
  reporter: Reporter,
): PodTrace | undefined {
  const r = batchSpec.safeParse(rawBatch, PARSE_OPTIONS);
  if (!r.success) {
    reportIssues(r.error.issues, site, rawBatch, reporter, ['spec', 'batch']);
    return undefined;
  }
  const t = r.data.podTrace;
  if (!t) return undefined;
  const at = ['spec', 'batch', 'podTrace'];
  const startupTime =
    t.startupTime === undefined
      ? refs.defaultStartupTime
      : refs.distribution(t.startupTime, [...at, 'startupTime']);
  const read = refs.readSamples(t.file);
  if ('problem' in read) {
    reporter.error(
      site,
      [...at, 'file'],
      `Cannot read the pod trace "${t.file}": ${read.problem} (paths are relative to the Scenario's file)`,
    );
    return undefined;
  }
  // Priority admission: no class named → the globalDefault class's value, else 0.
  const globalDefault = [...refs.priorityClasses.values()].find((c) => c.globalDefault);
  const { rows, problems } = parsePodTrace(
    read.text,
    {
      time: t.time ?? DEFAULT_POD_TRACE_COLUMNS.time,
      cpu: t.cpu ?? DEFAULT_POD_TRACE_COLUMNS.cpu,
      memory: t.memory ?? DEFAULT_POD_TRACE_COLUMNS.memory,
      duration: t.duration ?? DEFAULT_POD_TRACE_COLUMNS.duration,
      priority: t.priority ?? DEFAULT_POD_TRACE_COLUMNS.priority,
    },
    (name) => refs.priorityClasses.get(name),
    globalDefault ?? { value: 0, preemptionPolicy: 'PreemptLowerPriority' },
  );
  for (const p of problems) reporter.fileError(read.path, p.message, p.line, p.column);
  if (problems.length > 0 || !startupTime) return undefined;
  if (rows.length === 0) {
    reporter.fileError(read.path, 'the pod trace has a header but no rows: add one pod per line', 1, 1);
    return undefined;
  }
  return {
    file: t.file,
    namespace: t.namespace ?? 'default',
    namePrefix: t.namePrefix ?? 'trace',
    startupTime,
    rows,
  };
}
