import {
  DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS,
  DEFAULT_INITIAL_READINESS_DELAY_SECONDS,
  DEFAULT_METRIC_WINDOW_SECONDS,
  DEFAULT_TOLERANCE,
} from './defaults.js';
import { desiredReplicasInputSchema, type HpaDesiredReplicasInput, parseOrThrow } from './input.js';
import { type GroupedPod, groupPods, type StartupTimings } from './pod-groups.js';
import { resourceUtilizationRatio, type UtilizationRatio } from './utilization.js';

/** What hpaDesiredReplicas returns. */
export interface HpaDesiredReplicasResult {
  /** The metric's proposal; currentReplicas when the calculation failed. */
  replicas: number;
  /** Utilisation (integer percent of requests) of the pods with samples; null when none counted. */
  utilization: number | null;
  /** The average usage of those pods, millicores (status.currentMetrics averageValue); null when none. */
  averageUsageMilliCpu: number | null;
  /** Upstream's error when no proposal could be made (the HPA then does not rescale); else undefined. */
  error?: string;
}

/** Tolerances around a usage ratio of 1 (replica_calculator.go Tolerances.isWithin). */
export interface Tolerances {
  scaleUp: number;
  scaleDown: number;
}

/** Which rule decided the proposal, for explanations. */
export type DesiredReplicasDecision =
  | 'no-metrics'
  | 'no-ready-metrics'
  | 'zero-requests'
  | 'within-tolerance'
  | 'simple'
  | 'corrected-within-tolerance'
  | 'corrected-direction-flip'
  | 'corrected-count-flip'
  | 'corrected';

/** Every step of the calculation, as explain.ts prints it. */
export interface DesiredReplicasTrace {
  input: HpaDesiredReplicasInput;
  tolerances: Tolerances;
  timings: StartupTimings;
  pods: GroupedPod[];
  /** The ratio over the ready pods' samples; undefined when the calculation stopped before it. */
  first?: UtilizationRatio;
  /** How missing and unready pods were filled in, and the ratio over them (the correction path). */
  correction?: {
    missingAs: 'request-or-target' | 'zero' | 'left-out';
    unreadyAs: 'zero' | 'left-out';
    second: UtilizationRatio;
    podsCounted: number;
  };
  decision: DesiredReplicasDecision;
  result: HpaDesiredReplicasResult;
}

/**
 * The desired replicas for one CPU-utilisation metric, exactly as kube-controller-manager computes them
 * (replica_calculator.go GetResourceReplicas):
 *
 *   group pods ─► ratio over ready samples ─► no missing/unready-on-scale-up? ─► tolerance or ceil(ratio × ready)
 *                                                └─► fill missing (100 %|0 %) and unready (0 % on scale-up)
 *                                                    ─► new ratio ─► tolerance / direction flip ─► ceil(ratio × counted)
 *
 * Throws HpaInputError for malformed input; a calculation upstream would fail returns currentReplicas
 * with `error` set.
 */
export function hpaDesiredReplicas(input: HpaDesiredReplicasInput): HpaDesiredReplicasResult {
  return traceDesiredReplicas(input).result;
}

/** hpaDesiredReplicas with every step recorded. */
export function traceDesiredReplicas(raw: HpaDesiredReplicasInput): DesiredReplicasTrace {
  return calculateDesiredReplicas(parseOrThrow(desiredReplicasInputSchema, raw, 'compute desired replicas'));
}

/**
 * The calculation on input already known to be valid (the controller builds it from validated
 * objects every sync, where a schema check per pod would cost more than the arithmetic).
 */
export function calculateDesiredReplicas(input: HpaDesiredReplicasInput): DesiredReplicasTrace {
  const tolerance = input.tolerance ?? DEFAULT_TOLERANCE;
  // horizontal.go: behavior.scale{Up,Down}.tolerance override the flag per direction (HPAConfigurableTolerance).
  const tolerances = {
    scaleUp: input.scaleUpTolerance ?? tolerance,
    scaleDown: input.scaleDownTolerance ?? tolerance,
  };
  const timings = {
    cpuInitializationPeriodSeconds:
      input.cpuInitializationPeriodSeconds ?? DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS,
    initialReadinessDelaySeconds:
      input.initialReadinessDelaySeconds ?? DEFAULT_INITIAL_READINESS_DELAY_SECONDS,
    metricWindowSeconds: input.metricWindowSeconds ?? DEFAULT_METRIC_WINDOW_SECONDS,
  };
  const pods = groupPods(input.pods, timings);
  const base = { input, tolerances, timings, pods };
  const current = input.currentReplicas;
  const fail = (decision: DesiredReplicasDecision, error: string, first?: UtilizationRatio) => ({
    ...base,
    first,
    decision,
    result: {
      replicas: current,
      utilization: first?.utilization ?? null,
      averageUsageMilliCpu: first?.averageUsageMilliCpu ?? null,
      error,
    },
  });

  // The error texts are upstream's (replica_calculator.go, metrics/rest_metrics_client.go, utilization.go).
  // The metrics are fetched first, so no pods at all also reads as no metrics.
  if (input.pods.every((p) => p.usageMilliCpu === undefined))
    return fail(
      'no-metrics',
      'unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    );
  const samples = pods
    .filter((g) => g.group === 'ready')
    .map((g) => ({ usage: g.pod.usageMilliCpu as number, request: g.pod.requestMilliCpu }));
  if (samples.length === 0)
    return fail('no-ready-metrics', 'did not receive metrics for targeted pods (pods might be unready)');
  const first = resourceUtilizationRatio(samples, input.targetUtilization);
  if (first === undefined) return fail('zero-requests', 'no metrics returned matched known pods');

  const ok = (
    decision: DesiredReplicasDecision,
    replicas: number,
    extra: Partial<DesiredReplicasTrace> = {},
  ) => ({
    ...base,
    ...extra,
    first,
    decision,
    result: { replicas, utilization: first.utilization, averageUsageMilliCpu: first.averageUsageMilliCpu },
  });
  const within = (ratio: number) => 1 - tolerances.scaleDown <= ratio && ratio <= 1 + tolerances.scaleUp;
  const ratio = first.ratio;
  const missing = pods.filter((g) => g.group === 'missing');
  const unready = pods.filter((g) => g.group === 'unready');
  const scaleUpWithUnready = unready.length > 0 && ratio > 1;

  if (!scaleUpWithUnready && missing.length === 0) {
    if (within(ratio)) return ok('within-tolerance', current);
    return ok('simple', Math.ceil(ratio * samples.length));
  }

  // On a scale-down a missing pod is taken to use 100 % of its request, or the target when that is
  // higher; on a scale-up 0 %; at exactly 1 it is left out. Unready pods count 0 % on a scale-up.
  const missingAs = ratio < 1 ? 'request-or-target' : ratio > 1 ? 'zero' : 'left-out';
  const fallbackPercent = Math.max(100, input.targetUtilization);
  const filled = [...samples];
  if (missingAs !== 'left-out')
    for (const g of missing)
      filled.push({
        usage: missingAs === 'zero' ? 0 : Math.trunc((g.pod.requestMilliCpu * fallbackPercent) / 100),
        request: g.pod.requestMilliCpu,
      });
  if (scaleUpWithUnready) for (const g of unready) filled.push({ usage: 0, request: g.pod.requestMilliCpu });
  const second = resourceUtilizationRatio(filled, input.targetUtilization) as UtilizationRatio;
  const correction = {
    missingAs,
    unreadyAs: scaleUpWithUnready ? 'zero' : 'left-out',
    second,
    podsCounted: filled.length,
  } as const;

  const newRatio = second.ratio;
  if (within(newRatio)) return ok('corrected-within-tolerance', current, { correction });
  if ((ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1))
    return ok('corrected-direction-flip', current, { correction });
  const replicas = Math.ceil(newRatio * filled.length);
  if ((newRatio < 1 && replicas > current) || (newRatio > 1 && replicas < current))
    return ok('corrected-count-flip', current, { correction });
  return ok('corrected', replicas, { correction });
}
