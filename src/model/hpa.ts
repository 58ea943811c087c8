import type { HpaBehavior } from '../controllers/hpa/defaults.js';
import type { Micros } from '../engine/time.js';

/** A metric target of an Object or External metric: a total (`Value`) or per pod (`AverageValue`), milli-units. */
export interface HpaValueTarget {
  readonly type: 'Value' | 'AverageValue';
  /** Quantity.MilliValue of the target. */
  readonly milli: number;
}

/**
 * A metric of spec.metrics other than the cpu Utilization one, as kubesim feeds it
 * (docs/autoscaling.md, "Other metrics"): a cpu AverageValue target, a `Pods` request rate, an
 * `Object` metric (a Service's request rate, or a Scenario series) or an `External` one (a Scenario
 * series). Targets are milli-values (Quantity.MilliValue), as upstream computes them.
 */
export type HpaMetricSource =
  | { readonly type: 'Resource'; readonly name: 'cpu'; readonly averageValueMilli: number }
  | { readonly type: 'Pods'; readonly name: string; readonly averageValueMilli: number }
  | {
      readonly type: 'Object';
      readonly name: string;
      readonly describedObject: { readonly kind: string; readonly name: string };
      readonly target: HpaValueTarget;
      /** Its index in spec.metrics (for messages about its source). */
      readonly specIndex: number;
    }
  | {
      readonly type: 'External';
      readonly name: string;
      readonly target: HpaValueTarget;
      /** Its index in spec.metrics. */
      readonly specIndex: number;
      /** metric.selector as written, for the status text ("external metric NAME(SELECTOR)"). */
      readonly selector?: unknown;
    };

/**
 * A HorizontalPodAutoscaler as autoscaling/v2 holds it (autoscaling/v1 objects are converted on load
 * as the API server converts them), reduced to what kubesim simulates.
 */
export interface HorizontalPodAutoscaler {
  readonly namespace: string;
  readonly name: string;
  /** spec.scaleTargetRef, resolved to a workload of this namespace. */
  readonly target: { readonly kind: 'Deployment' | 'StatefulSet'; readonly name: string };
  /** @default 1 (pkg/apis/autoscaling/v2/defaults.go) */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /**
   * The Resource cpu Utilization target, percent of requests; null when the HPA has no such metric
   * (with no metric kubesim simulates either, it only enforces minReplicas/maxReplicas, as upstream).
   */
  readonly targetCpuUtilization: number | null;
  /** The other metrics kubesim simulates, in spec order; absent when there are none. */
  readonly metrics?: readonly HpaMetricSource[];
  /** spec.behavior; absent: the legacy rules (v1 objects never have one). */
  readonly behavior?: HpaBehavior;
}

/**
 * Pods and Service Object metrics kubesim feeds from the traffic model: requests per second (each
 * pod's, or the Service's pods' together), by the names Prometheus adapters commonly give them.
 */
export const REQUEST_RATE_METRICS = [
  'requests_per_second',
  'http_requests_per_second',
  'http_requests',
] as const;

/** A metric value over time, stepwise: `milli` from `at` until the next step; 0 before the first. */
export type MetricSteps = readonly { readonly at: Micros; readonly milli: number }[];

/** spec.metrics of the Scenario: the values of External and Object metrics over the run, by metric name. */
export interface WorkloadMetrics {
  readonly external: Readonly<Record<string, MetricSteps>>;
  readonly object: Readonly<Record<string, MetricSteps>>;
}
