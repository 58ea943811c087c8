/**
 * The HPA controller's defaults, each from the upstream place that sets it. The kube-controller-manager
 * flags are in pkg/controller/podautoscaler/config/v1alpha1/defaults.go; the behavior defaults are the
 * API server's (pkg/apis/autoscaling/v2/defaults.go); the rest are constants of the controller.
 */

/** --horizontal-pod-autoscaler-tolerance: no change while the usage ratio is within 1 ± 0.1. */
export const DEFAULT_TOLERANCE = 0.1;

/** --horizontal-pod-autoscaler-cpu-initialization-period (5 min): CPU samples of pods this young are suspect. */
export const DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS = 300;

/** --horizontal-pod-autoscaler-initial-readiness-delay (30 s): a Ready flip this soon after start is start-up. */
export const DEFAULT_INITIAL_READINESS_DELAY_SECONDS = 30;

/** --horizontal-pod-autoscaler-downscale-stabilization (5 min): the scale-down stabilisation window. */
export const DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS = 300;

/**
 * The window of a CPU sample (PodMetrics.window): metrics-server as shipped scrapes every 15 s
 * (kubernetes-sigs/metrics-server manifests/base/deployment.yaml, --metric-resolution=15s).
 */
export const DEFAULT_METRIC_WINDOW_SECONDS = 15;

/** Legacy scale-up limit without `behavior`: max(2 × current, 4) (horizontal.go scaleUpLimitFactor/Minimum). */
export const SCALE_UP_LIMIT_FACTOR = 2;
export const SCALE_UP_LIMIT_MINIMUM = 4;

/** minReplicas when unset (pkg/apis/autoscaling/v2/defaults.go SetDefaults_HorizontalPodAutoscaler). */
export const DEFAULT_MIN_REPLICAS = 1;

/** A rate policy of `behavior.scaleUp`/`scaleDown`: at most `value` pods or percent per `periodSeconds`. */
export interface HpaScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** `behavior.scaleUp` or `behavior.scaleDown` (autoscaling/v2 HPAScalingRules). */
export interface HpaScalingRules {
  /** @default 0 for scale-up, the downscale-stabilization flag (300) for scale-down */
  stabilizationWindowSeconds?: number;
  /** @default 'Max' */
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: HpaScalingPolicy[];
  /** Per-direction tolerance (HPAConfigurableTolerance, alpha 1.33); used by the replica calculation. */
  tolerance?: number;
}

/** `spec.behavior` (autoscaling/v2 HorizontalPodAutoscalerBehavior). */
export interface HpaBehavior {
  scaleUp?: HpaScalingRules;
  scaleDown?: HpaScalingRules;
}

/** Scaling rules with every field the controller reads filled in. */
export interface ResolvedScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HpaScalingPolicy[];
}

// pkg/apis/autoscaling/v2/defaults.go: defaultHPAScaleUpRules — 4 pods or 100 % per 15 s, the larger.
const SCALE_UP_DEFAULTS: ResolvedScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

// pkg/apis/autoscaling/v2/defaults.go: defaultHPAScaleDownRules — 100 % per 15 s; the window is left
// unset there and filled by the controller from its flag (horizontal.go maybeInitScaleDownStabilizationWindow).
const SCALE_DOWN_DEFAULT_POLICIES: HpaScalingPolicy[] = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

/**
 * Fills the unset fields of `behavior` as the API server (GenerateHPAScaleUpRules/-DownRules: a field
 * given replaces the default whole, so one policy given drops both default policies) and the controller
 * (the scale-down window from its flag) do.
 */
export function resolveBehavior(
  behavior: HpaBehavior,
  downscaleStabilizationWindowSeconds: number,
): { scaleUp: ResolvedScalingRules; scaleDown: ResolvedScalingRules } {
  const up = behavior.scaleUp ?? {};
  const down = behavior.scaleDown ?? {};
  return {
    scaleUp: {
      stabilizationWindowSeconds:
        up.stabilizationWindowSeconds ?? SCALE_UP_DEFAULTS.stabilizationWindowSeconds,
      selectPolicy: up.selectPolicy ?? SCALE_UP_DEFAULTS.selectPolicy,
      policies: up.policies ?? SCALE_UP_DEFAULTS.policies,
    },
    scaleDown: {
      stabilizationWindowSeconds: down.stabilizationWindowSeconds ?? downscaleStabilizationWindowSeconds,
      selectPolicy: down.selectPolicy ?? 'Max',
      policies: down.policies ?? SCALE_DOWN_DEFAULT_POLICIES,
    },
  };
}
