import { z } from 'zod';
import { parseQuantity } from '../../engine/quantity.js';
import type { MetricSteps, WorkloadMetrics } from '../../model/hpa.js';
import { isRecord } from '../is-record.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import * as m from '../messages.js';
import type { Reporter, Site } from '../report.js';
import { duration } from '../schemas/common.js';

/** A metric value: a Kubernetes quantity ("250m", 30, "2k") → milli-units (Quantity.MilliValue). */
const milliValue = z.unknown().transform((v, ctx) => {
  const n = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v, 3) : undefined;
  if (n === undefined || n < 0) {
    ctx.issues.push({
      code: 'custom',
      message: m.expectedGot('expected a quantity >= 0 (30, "2.5", "500m", "2k")', v),
      input: v,
    });
    return z.NEVER;
  }
  return n;
});

/** `{value: Q}`: constant over the run. */
const constantSchema = z
  .strictObject({ value: milliValue })
  .transform((s): MetricSteps => [{ at: 0, milli: s.value }]);

/** `{steps: [{at, value}, …]}` with `at` increasing. */
const stepsSchema = z
  .strictObject({
    steps: z
      .array(z.strictObject({ at: duration(), value: milliValue }), { error: 'expected a list of steps' })
      .min(1, { error: 'expected at least one step' }),
  })
  .superRefine((s, ctx) => {
    s.steps.forEach((step, i) => {
      const before = s.steps[i - 1];
      if (before && step.at <= before.at)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'at'],
          message: 'expected `at` after the previous step',
        });
    });
  })
  .transform((s): MetricSteps => s.steps.map((step) => ({ at: step.at, milli: step.value })));

const metricsSchema = z.strictObject({
  external: z.record(z.string(), z.unknown(), { error: 'expected a mapping of metric names' }).optional(),
  object: z.record(z.string(), z.unknown(), { error: 'expected a mapping of metric names' }).optional(),
});

/**
 * spec.metrics: the values the workload gives External metrics (e.g. a queue length) and Object
 * metrics over the run. Returns undefined when absent or after an error.
 */
export function convertWorkloadMetrics(
  raw: unknown,
  site: Site,
  reporter: Reporter,
): WorkloadMetrics | undefined {
  if (raw === undefined) return undefined;
  const r = metricsSchema.safeParse(raw, PARSE_OPTIONS);
  if (!r.success) {
    reportIssues(r.error.issues, site, raw, reporter, ['spec', 'metrics']);
    return undefined;
  }
  const before = reporter.errorCount;
  const series = (kind: 'external' | 'object'): Record<string, MetricSteps> => {
    const out: Record<string, MetricSteps> = {};
    for (const [name, v] of Object.entries(r.data[kind] ?? {})) {
      // The shape is told by its key, so a bad step is reported at the step, not as a failed union.
      const schema = isRecord(v) && 'steps' in v ? stepsSchema : constantSchema;
      const parsed = schema.safeParse(v, PARSE_OPTIONS);
      if (parsed.success) out[name] = parsed.data;
      else reportIssues(parsed.error.issues, site, v, reporter, ['spec', 'metrics', kind, name]);
    }
    return out;
  };
  const result = { external: series('external'), object: series('object') };
  return reporter.errorCount > before ? undefined : result;
}
