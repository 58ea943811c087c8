import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';

// pkg/controller/job/job_controller.go: DefaultJobPodFailureBackOff 10 s, MaxJobPodFailureBackOff 6 min.
export const DEFAULT_JOB_POD_FAILURE_BACKOFF: Micros = 10 * MICROS_PER_SECOND;
export const MAX_JOB_POD_FAILURE_BACKOFF: Micros = 360 * MICROS_PER_SECOND;

/**
 * A Job's pod-failure back-off record (pkg/controller/job/backoff_utils.go backoffRecord): the failures
 * since the last success and when the last one happened.
 */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: Micros;
}

/**
 * The record after a sync that saw pods newly finish (newBackoffRecord): with no new success, the new
 * failures add up and the latest sets the time; with one, only the failures after the latest success
 * count. `finished` holds each new pod's finish time and outcome.
 */
export function nextBackoffRecord(
  record: BackoffRecord,
  succeededAt: readonly Micros[],
  failedAt: readonly Micros[],
): BackoffRecord {
  const failures = [...failedAt].sort((a, b) => a - b);
  if (succeededAt.length === 0) {
    if (failures.length === 0) return record;
    return {
      failuresAfterLastSuccess: record.failuresAfterLastSuccess + failures.length,
      lastFailureTime: failures[failures.length - 1],
    };
  }
  const lastSuccess = Math.max(...succeededAt);
  const after = failures.filter((t) => t > lastSuccess);
  return after.length === 0
    ? { failuresAfterLastSuccess: 0 }
    : { failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1] };
}

/**
 * How long to wait before creating pods again (getRemainingTimeForFailuresCount): the back-off is
 * 10 s × 2^(failures − 1), capped at 6 min, counted from the last failure; 0 once it has passed.
 */
export function remainingBackoff(
  record: BackoffRecord,
  now: Micros,
  initial: Micros = DEFAULT_JOB_POD_FAILURE_BACKOFF,
  max: Micros = MAX_JOB_POD_FAILURE_BACKOFF,
): Micros {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  let backoff = initial;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= max) {
      backoff = max;
      break;
    }
  }
  const elapsed = now - record.lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
