import { z } from 'zod';
import { PARSE_OPTIONS } from '../../manifests/issues.js';
import { describeValue, requiredField } from '../../manifests/messages.js';
import { valueAt } from '../../manifests/report.js';
import { bool, int, nonEmpty, num } from '../../manifests/schemas/common.js';
import { formatPath } from '../../manifests/source.js';
import type { HpaBehavior } from './defaults.js';

/** One pod of the HPA's target, as the replica calculation sees it (Pod status plus its CPU sample). */
export interface HpaPod {
  name: string;
  phase: 'Running' | 'Pending' | 'Failed' | 'Succeeded';
  /** The pod's Ready condition. */
  ready: boolean;
  /** The pod has a deletionTimestamp (it is terminating). */
  deleting?: boolean;
  /** Σ cpu requests of its containers (and restartable init containers), millicores. */
  requestMilliCpu: number;
  /** The CPU used over the last metric window, millicores; absent: metrics-server has no sample. */
  usageMilliCpu?: number;
  /** Since status.startTime; absent: long ago (beyond every start-up period). */
  startedSecondsAgo?: number;
  /** Since the Ready condition's last transition; absent: it has not changed since the pod started. */
  readyChangedSecondsAgo?: number;
}

/** The input of hpaDesiredReplicas: one CPU-utilisation metric of one HPA at one sync. */
export interface HpaDesiredReplicasInput {
  /** The target's spec.replicas. */
  currentReplicas: number;
  /** target.averageUtilization, percent of the request. */
  targetUtilization: number;
  /** --horizontal-pod-autoscaler-tolerance. @default 0.1 */
  tolerance?: number;
  /** behavior.scaleUp.tolerance (HPAConfigurableTolerance). @default tolerance */
  scaleUpTolerance?: number;
  /** behavior.scaleDown.tolerance (HPAConfigurableTolerance). @default tolerance */
  scaleDownTolerance?: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period. @default 300 */
  cpuInitializationPeriodSeconds?: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay. @default 30 */
  initialReadinessDelaySeconds?: number;
  /** PodMetrics.window of the samples. @default 15 */
  metricWindowSeconds?: number;
  pods: HpaPod[];
}

/** A past unstabilised recommendation of the HPA (the controller keeps one per sync). */
export interface HpaRecommendation {
  secondsAgo: number;
  replicas: number;
}

/** A past rescale of the HPA: how many replicas it added (scale-up) or removed (scale-down). */
export interface HpaScaleEvent {
  secondsAgo: number;
  replicaChange: number;
}

/** The input of hpaNormalizeReplicas: the metrics' proposal and the HPA's bounds, behaviour and history. */
export interface HpaNormalizeReplicasInput {
  currentReplicas: number;
  /** The proposal of the metrics (the largest over all metrics). */
  desiredReplicas: number;
  /** @default 1 */
  minReplicas?: number;
  maxReplicas: number;
  /** autoscaling/v2 spec.behavior; absent: the legacy rules. */
  behavior?: HpaBehavior;
  /** --horizontal-pod-autoscaler-downscale-stabilization. @default 300 */
  downscaleStabilizationWindowSeconds?: number;
  recommendations?: HpaRecommendation[];
  scaleUpEvents?: HpaScaleEvent[];
  scaleDownEvents?: HpaScaleEvent[];
}

const seconds = num(0);

const podSchema = z.strictObject({
  name: nonEmpty,
  phase: z.enum(['Running', 'Pending', 'Failed', 'Succeeded']),
  ready: bool,
  deleting: bool.optional(),
  requestMilliCpu: int(0),
  usageMilliCpu: int(0).optional(),
  startedSecondsAgo: seconds.optional(),
  readyChangedSecondsAgo: seconds.optional(),
});

/** Schema of HpaDesiredReplicasInput; pod names are unique and a pod turns Ready only after it starts. */
export const desiredReplicasInputSchema = z
  .strictObject({
    currentReplicas: int(0),
    targetUtilization: int(1),
    tolerance: num(0).optional(),
    scaleUpTolerance: num(0).optional(),
    scaleDownTolerance: num(0).optional(),
    cpuInitializationPeriodSeconds: seconds.optional(),
    initialReadinessDelaySeconds: seconds.optional(),
    metricWindowSeconds: seconds.optional(),
    pods: z.array(podSchema),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.pods.forEach((pod, i) => {
      if (seen.has(pod.name))
        ctx.addIssue({
          code: 'custom',
          path: ['pods', i, 'name'],
          message: `duplicate pod name "${pod.name}"`,
        });
      seen.add(pod.name);
      if (
        pod.startedSecondsAgo !== undefined &&
        pod.readyChangedSecondsAgo !== undefined &&
        pod.readyChangedSecondsAgo > pod.startedSecondsAgo
      )
        ctx.addIssue({
          code: 'custom',
          path: ['pods', i, 'readyChangedSecondsAgo'],
          message: `expected at most startedSecondsAgo (${pod.startedSecondsAgo}): the Ready condition changes only after the pod starts`,
        });
    });
  }) satisfies z.ZodType<HpaDesiredReplicasInput>;

// Bounds from pkg/apis/autoscaling/validation/validation.go (MaxPeriodSeconds 1800,
// MaxStabilizationWindowSeconds 3600, policy value > 0, at least one policy when policies are given).
const policySchema = z.strictObject({
  type: z.enum(['Pods', 'Percent']),
  value: int(1),
  periodSeconds: int(1, 1800),
});

const rulesSchema = z.strictObject({
  stabilizationWindowSeconds: int(0, 3600).optional(),
  selectPolicy: z.enum(['Max', 'Min', 'Disabled']).optional(),
  policies: z.array(policySchema).min(1).optional(),
  tolerance: num(0).optional(),
});

const historySchema = z.strictObject({ secondsAgo: seconds, replicas: int(0) });
const eventSchema = z.strictObject({ secondsAgo: seconds, replicaChange: int(0) });

/** Schema of HpaNormalizeReplicasInput; minReplicas <= maxReplicas as the API server requires. */
export const normalizeReplicasInputSchema = z
  .strictObject({
    currentReplicas: int(0),
    desiredReplicas: int(0),
    minReplicas: int(0).optional(),
    maxReplicas: int(1),
    behavior: z
      .strictObject({ scaleUp: rulesSchema.optional(), scaleDown: rulesSchema.optional() })
      .optional(),
    downscaleStabilizationWindowSeconds: seconds.optional(),
    recommendations: z.array(historySchema).optional(),
    scaleUpEvents: z.array(eventSchema).optional(),
    scaleDownEvents: z.array(eventSchema).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.minReplicas !== undefined && input.minReplicas > input.maxReplicas)
      ctx.addIssue({
        code: 'custom',
        path: ['minReplicas'],
        message: `expected at most maxReplicas (${input.maxReplicas})`,
      });
  }) satisfies z.ZodType<HpaNormalizeReplicasInput>;

/** Bad input to hpaDesiredReplicas or hpaNormalizeReplicas: every problem, each with its field path. */
export class HpaInputError extends TypeError {
  constructor(
    readonly what: string,
    readonly problems: readonly { path: string; message: string }[],
  ) {
    super(
      `Cannot ${what}: ${problems.map((p) => `${p.path === '' ? '' : `${p.path}: `}${p.message}`).join('; ')}`,
    );
    this.name = 'HpaInputError';
  }
}

/**
 * Validates `value` with `schema` (kubesim's wording: "expected …, got …"); throws HpaInputError naming
 * every bad field.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value, PARSE_OPTIONS);
  if (r.success) return r.data;
  throw new HpaInputError(
    what,
    r.error.issues.flatMap((issue) => {
      const path = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((k) => ({ path: formatPath([...path, k]), message: `unknown field "${k}"` }));
      const found = valueAt(value, path);
      const expectation = issue.message.startsWith('expected ') && !issue.message.includes(', got ');
      const message = !expectation
        ? issue.message
        : found === undefined
          ? requiredField(issue.message)
          : `${issue.message}, got ${describeValue(found)}`;
      return [{ path: formatPath(path), message }];
    }),
  );
}
