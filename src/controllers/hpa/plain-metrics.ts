import type { HpaPod } from './input.js';
import { groupPods, type StartupTimings } from './pod-groups.js';
import type { Tolerances } from './replica-calculator.js';

/**
 * The replica calculations for metrics that are plain quantities rather than a percentage of
 * requests (upstream pkg/controller/podautoscaler/replica_calculator.go, Kubernetes 1.33+). Values are
 * milli-units (Quantity.MilliValue), as upstream computes them.
 */

/** What a plain-metric calculation proposes; `error` (upstream's words) when it cannot. */
export interface PlainMetricResult {
  replicas: number;
  /** The metric's current value as the HPA's status reports it (average per pod, or the total); null on error. */
  usage: number | null;
  error?: string;
}

/** 1 − scaleDown ≤ ratio ≤ 1 + scaleUp (Tolerances.isWithin). */
function isWithin(t: Tolerances, ratio: number): boolean {
  return 1 - t.scaleDown <= ratio && ratio <= 1 + t.scaleUp;
}

/**
 * A per-pod metric against an average-value target (calcPlainMetricReplicas, from GetMetricReplicas for
 * `Pods` metrics and GetRawResourceReplicas for a `Resource` AverageValue target). Each pod's value is
 * `usageMilliCpu` of the pod (the field holds any milli-value here). The CPU start-up rule of
 * groupPods applies only when `cpu` is set (a cpu AverageValue target); other metrics group pods by
 * phase and sample only. The usage is the mean of the samples, truncated (GetMetricUsageRatio), so
 * ratio = trunc(Σ values ÷ n) ÷ target. Missing pods count as the target on a scale-down and 0 on a
 * scale-up; unready pods as 0 on a scale-up; then the direction checks of the resource path.
 */
export function plainMetricReplicas(input: {
  currentReplicas: number;
  targetAverageValue: number;
  tolerances: Tolerances;
  timings: StartupTimings;
  cpu: boolean;
  pods: readonly HpaPod[];
}): PlainMetricResult {
  const current = input.currentReplicas;
  if (input.pods.length === 0)
    return {
      replicas: current,
      usage: null,
      error: 'no pods returned by selector while calculating replica count',
    };
  const grouped = groupPods(input.pods, input.timings, input.cpu);
  const values: number[] = [];
  for (const g of grouped) if (g.group === 'ready') values.push(g.pod.usageMilliCpu as number);
  if (values.length === 0)
    return {
      replicas: current,
      usage: null,
      error: 'did not receive metrics for targeted pods (pods might be unready)',
    };
  const target = input.targetAverageValue;
  const ratioOf = (vs: readonly number[]): { ratio: number; usage: number } => {
    let total = 0;
    for (const v of vs) total += v;
    const usage = Math.trunc(total / vs.length);
    return { ratio: usage / target, usage };
  };
  const { ratio, usage } = ratioOf(values);
  const missing = grouped.filter((g) => g.group === 'missing').length;
  const unready = grouped.filter((g) => g.group === 'unready').length;
  const scaleUpWithUnready = unready > 0 && ratio > 1;
  if (!scaleUpWithUnready && missing === 0) {
    if (isWithin(input.tolerances, ratio)) return { replicas: current, usage };
    return { replicas: Math.ceil(ratio * values.length), usage };
  }
  const filled = [...values];
  if (ratio < 1) for (let i = 0; i < missing; i++) filled.push(target);
  else if (ratio > 1) for (let i = 0; i < missing; i++) filled.push(0);
  if (scaleUpWithUnready) for (let i = 0; i < unready; i++) filled.push(0);
  const next = ratioOf(filled).ratio;
  if (isWithin(input.tolerances, next) || (ratio < 1 && next > 1) || (ratio > 1 && next < 1))
    return { replicas: current, usage };
  const replicas = Math.ceil(next * filled.length);
  if ((next < 1 && replicas > current) || (next > 1 && replicas < current))
    return { replicas: current, usage };
  return { replicas, usage };
}

/**
 * A single value against a Value target (GetObjectMetricReplicas, GetExternalMetricReplicas, through
 * getUsageRatioReplicaCount): ratio = value ÷ target; at 0 current replicas ceil(ratio) (scale from
 * zero, no tolerance); else the current count within the tolerance, or ceil(ratio × ready pods),
 * ready pods being those Running and Ready. An External metric's value is the sum of its series.
 */
export function valueMetricReplicas(input: {
  currentReplicas: number;
  value: number;
  targetValue: number;
  tolerances: Tolerances;
  /** Pods of the target Running and Ready (getReadyPodsCount); undefined: the selector matched no pod. */
  readyPods: number | undefined;
}): PlainMetricResult {
  const ratio = input.value / input.targetValue;
  const usage = input.value;
  if (input.currentReplicas === 0) return { replicas: Math.ceil(ratio), usage };
  if (isWithin(input.tolerances, ratio)) return { replicas: input.currentReplicas, usage };
  if (input.readyPods === undefined)
    return {
      replicas: input.currentReplicas,
      usage: null,
      error: 'unable to calculate ready pods: no pods returned by selector while calculating replica count',
    };
  return { replicas: Math.ceil(ratio * input.readyPods), usage };
}

/**
 * A single value against an AverageValue target (GetObjectPerPodMetricReplicas,
 * GetExternalPerPodMetricReplicas): ratio = value ÷ (target × status replicas); outside the tolerance
 * ceil(value ÷ target), else the status replicas. The usage reported is ceil(value ÷ status replicas).
 */
export function averageValueMetricReplicas(input: {
  statusReplicas: number;
  value: number;
  targetAverageValue: number;
  tolerances: Tolerances;
}): PlainMetricResult {
  const { statusReplicas, value, targetAverageValue } = input;
  const ratio = value / (targetAverageValue * statusReplicas);
  const replicas = isWithin(input.tolerances, ratio) ? statusReplicas : Math.ceil(value / targetAverageValue);
  return { replicas, usage: statusReplicas === 0 ? value : Math.ceil(value / statusReplicas) };
}
