import type { z } from 'zod';
import type { Job } from '../../model/job.js';
import type { Reporter, Site } from '../report.js';
import { JOB_FIELDS_NOT_SIMULATED, type job } from '../schemas/batch.js';
import * as jm from './job-messages.js';
import { convertPodTemplate } from './pod-spec.js';

/** batch/v1 SetDefaults_Job: backoffLimit 6 (without backoffLimitPerIndex). */
export const DEFAULT_BACKOFF_LIMIT = 6;
/** pkg/apis/batch/validation: maxParallelismForIndexedJob and maxCompletionsForIndexedJob. */
export const MAX_INDEXED_JOB_SIZE = 100_000;
/** The labels the Job controller's pods carry (pkg/controller/job, batch.JobNameLabel and the legacy one). */
export const LABEL_JOB_NAME = 'batch.kubernetes.io/job-name';
export const LEGACY_LABEL_JOB_NAME = 'job-name';

/**
 * A Job with batch/v1 defaults (pkg/apis/batch/v1/defaults.go SetDefaults_Job) and the validation of
 * pkg/apis/batch/validation that concerns what kubesim simulates: restartPolicy OnFailure or Never,
 * Indexed needs completions, Indexed sizes ≤ 100 000. Fields not simulated are warned about.
 */
export function convertJob(
  raw: z.output<typeof job>,
  namespace: string,
  site: Site,
  reporter: Reporter,
): Job {
  const spec = raw.spec;
  const template = convertPodTemplate(spec.template);
  const restartPolicy = template.spec.restartPolicy ?? 'Always';
  if (restartPolicy === 'Always')
    reporter.error(site, ['spec', 'template', 'spec', 'restartPolicy'], jm.jobRestartPolicy(restartPolicy));
  const completionMode = spec.completionMode ?? 'NonIndexed';
  // SetDefaults_Job: both unset → both 1; parallelism alone unset → 1; completions alone unset → nil.
  const completions = spec.completions ?? (spec.parallelism === undefined ? 1 : undefined);
  const parallelism = spec.parallelism ?? 1;
  if (completionMode === 'Indexed') {
    if (spec.completions === undefined)
      reporter.error(site, ['spec', 'completions'], jm.indexedNeedsCompletions);
    for (const [field, value] of [
      ['completions', spec.completions],
      ['parallelism', spec.parallelism],
    ] as const) {
      if (value !== undefined && value > MAX_INDEXED_JOB_SIZE)
        reporter.error(site, ['spec', field], jm.indexedTooLarge(`spec.${field}`, value));
    }
  }
  if (spec.selector !== undefined && spec.manualSelector !== true)
    reporter.warning(site, ['spec', 'selector'], jm.jobSelectorGenerated);
  for (const field of JOB_FIELDS_NOT_SIMULATED) {
    if (spec[field] !== undefined) reporter.warning(site, ['spec', field], jm.jobFieldNotSimulated(field));
  }
  const name = raw.metadata.name;
  return {
    kind: 'Job',
    namespace,
    name,
    labels: raw.metadata.labels ?? {},
    parallelism,
    ...(completions === undefined ? {} : { completions }),
    completionMode,
    backoffLimit: spec.backoffLimit ?? DEFAULT_BACKOFF_LIMIT,
    ...(spec.activeDeadlineSeconds === undefined
      ? {}
      : { activeDeadlineSeconds: spec.activeDeadlineSeconds }),
    ...(spec.ttlSecondsAfterFinished === undefined
      ? {}
      : { ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished }),
    suspend: spec.suspend ?? false,
    // The API server adds the job-name labels to the template (batch strategy PrepareForCreate).
    template: {
      ...template,
      labels: { ...template.labels, [LABEL_JOB_NAME]: name, [LEGACY_LABEL_JOB_NAME]: name },
    },
  };
}
