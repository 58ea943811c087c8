import { z } from 'zod';

// The `batch` section of the JSON report (docs/batch.md): kept apart from schema.ts, which imports it.

const seconds = (what: string) => z.number().describe(what);
const goDuration = (what: string) => z.string().describe(`${what} (Go duration text, e.g. "2h0m0s")`);
const maybeDuration = (what: string) => goDuration(what).nullable();
const maybeSeconds = (what: string) => seconds(what).nullable();

/** Percentiles of pending times (nearest rank), as Go text and seconds; null fields when no pod started. */
const pendingTime = z
  .object({
    count: z.number().int().describe('pods that started (the percentiles are over these)'),
    p50: maybeDuration('median'),
    p50Seconds: maybeSeconds('the same in seconds'),
    p90: maybeDuration('90th percentile'),
    p90Seconds: maybeSeconds('the same in seconds'),
    p99: maybeDuration('99th percentile'),
    p99Seconds: maybeSeconds('the same in seconds'),
    max: maybeDuration('longest'),
    maxSeconds: maybeSeconds('the same in seconds'),
  })
  .strict()
  .describe(
    'time in phase Pending (created → containers running, start-up time included), nearest-rank percentiles',
  );

export const batchReportSchema = z
  .object({
    groups: z
      .array(
        z
          .object({
            kind: z.enum(['Job', 'PodTrace']).describe("a Job's pods, or the pod trace's"),
            name: z
              .string()
              .describe('the Job as "namespace/name", or the trace file as the Scenario names it'),
            pods: z.number().int().describe('pods created'),
            succeeded: z.number().int().describe('pods that reached Succeeded'),
            failed: z.number().int().describe('pods that reached Failed, or were deleted before finishing'),
            pendingAtEnd: z.number().int().describe('pods that never started by the end'),
            pendingTime,
            makespan: maybeDuration('first pod created → last pod finished; null when none finished'),
            makespanSeconds: maybeSeconds('the same in seconds'),
            requestedCpuSeconds: seconds('Σ cpu requests × time bound and not finished, in CPU-seconds'),
            allocatableCpuSeconds: seconds("the cluster's allocatable CPU-seconds over the makespan"),
            utilisation: z
              .number()
              .nullable()
              .describe('requestedCpuSeconds ÷ allocatableCpuSeconds; null when the makespan is empty'),
            cost: z.number().describe('node cost of the whole cluster over the makespan (USD)'),
          })
          .strict(),
      )
      .describe('per Job, then the pod trace'),
    jobs: z
      .array(
        z
          .object({
            job: z.string().describe('"namespace/name"'),
            completionMode: z.enum(['NonIndexed', 'Indexed']).describe('spec.completionMode'),
            parallelism: z.number().int().describe('spec.parallelism'),
            completions: z.number().int().nullable().describe('spec.completions; null for a work-queue Job'),
            condition: z
              .enum(['Complete', 'Failed'])
              .nullable()
              .describe('how it ended; null: not by the end'),
            reason: z
              .string()
              .nullable()
              .describe('CompletionsReached, BackoffLimitExceeded or DeadlineExceeded; null while running'),
            start: maybeDuration('status.startTime'),
            startSeconds: maybeSeconds('the same in seconds'),
            finished: maybeDuration('when the Complete or Failed condition was set'),
            finishedSeconds: maybeSeconds('the same in seconds'),
            completionTime: maybeDuration('start → finished: how long the Job took'),
            completionTimeSeconds: maybeSeconds('the same in seconds'),
            succeeded: z.number().int().describe('status.succeeded'),
            failed: z.number().int().describe('status.failed'),
          })
          .strict(),
      )
      .describe('each Job as it ended (or stood at the end)'),
  })
  .strict();

export type BatchReportShape = z.infer<typeof batchReportSchema>;
