import type { BatchRunResult } from '../batch/batch-run.js';
import { formatDuration, MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { BatchReportShape } from './batch-schema.js';

const round = (x: number, digits = 6): number => Math.round(x * 10 ** digits) / 10 ** digits;
const seconds = (t: Micros): number => round(t / MICROS_PER_SECOND);
const text = (t: Micros | null): string | null => (t === null ? null : formatDuration(t));
const secs = (t: Micros | null): number | null => (t === null ? null : seconds(t));

/** The nearest-rank percentile of sorted values: the smallest value with at least p of them at or below. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

/** The report's `batch` section from what the batch tracker and the Job outcomes measured. */
export function batchReport(batch: BatchRunResult): BatchReportShape {
  return {
    groups: batch.groups.map((g) => {
      const p = (q: number) => nearestRank(g.pendingTimes, q);
      const makespan =
        g.firstCreatedAt !== null && g.lastFinishedAt !== null ? g.lastFinishedAt - g.firstCreatedAt : null;
      return {
        kind: g.kind,
        name: g.name,
        pods: g.pods,
        succeeded: g.succeeded,
        failed: g.failed,
        pendingAtEnd: g.pendingAtEnd,
        pendingTime: {
          count: g.pendingTimes.length,
          p50: text(p(0.5)),
          p50Seconds: secs(p(0.5)),
          p90: text(p(0.9)),
          p90Seconds: secs(p(0.9)),
          p99: text(p(0.99)),
          p99Seconds: secs(p(0.99)),
          max: text(p(1)),
          maxSeconds: secs(p(1)),
        },
        makespan: text(makespan),
        makespanSeconds: secs(makespan),
        requestedCpuSeconds: round(g.requestedCpuMilliSeconds / 1000, 3),
        allocatableCpuSeconds: round(g.allocatableCpuMilliSeconds / 1000, 3),
        utilisation:
          g.allocatableCpuMilliSeconds > 0
            ? round(g.requestedCpuMilliSeconds / g.allocatableCpuMilliSeconds)
            : null,
        cost: round(g.cost, 4),
      };
    }),
    jobs: batch.jobs.map((j) => {
      const took = j.startTime !== null && j.finishedAt !== null ? j.finishedAt - j.startTime : null;
      return {
        job: j.job,
        completionMode: j.completionMode,
        parallelism: j.parallelism,
        completions: j.completions,
        condition: j.condition,
        reason: j.reason,
        start: text(j.startTime),
        startSeconds: secs(j.startTime),
        finished: text(j.finishedAt),
        finishedSeconds: secs(j.finishedAt),
        completionTime: text(took),
        completionTimeSeconds: secs(took),
        succeeded: j.succeeded,
        failed: j.failed,
      };
    }),
  };
}
