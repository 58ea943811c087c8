import type { HpaBehavior } from '../controllers/hpa/defaults.js';

/**
 * A HorizontalPodAutoscaler as autoscaling/v2 holds it (autoscaling/v1 objects are converted on load
 * as the API server converts them), reduced to what kubesim simulates: one CPU utilisation target.
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
   * The Resource cpu Utilization target, percent of requests; null when the HPA has no metric
   * kubesim simulates (it then only enforces minReplicas/maxReplicas, as upstream does with no metric).
   */
  readonly targetCpuUtilization: number | null;
  /** spec.behavior; absent: the legacy rules (v1 objects never have one). */
  readonly behavior?: HpaBehavior;
}
