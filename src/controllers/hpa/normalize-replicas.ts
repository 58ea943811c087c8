import {
  DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
  DEFAULT_MIN_REPLICAS,
  type ResolvedScalingRules,
  resolveBehavior,
} from './defaults.js';
import { type HpaNormalizeReplicasInput, normalizeReplicasInputSchema, parseOrThrow } from './input.js';
import {
  type Bounded,
  boundLegacy,
  boundWithBehaviors,
  legacyScaleUpLimit,
  type RateLimit,
} from './rate-limits.js';
import { type Stabilization, stabilizeLegacy, stabilizeWithBehaviors } from './stabilization.js';

/** An HPA status condition as upstream sets it. */
export interface HpaCondition {
  type: 'AbleToScale' | 'ScalingLimited' | 'ScalingActive';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** What hpaNormalizeReplicas returns. */
export interface HpaNormalizeReplicasResult {
  /** The replicas the HPA sets on its target. */
  replicas: number;
  /**
   * Why, in upstream's words: the ScalingLimited reason when a bound or rate limit decided
   * (TooFewReplicas, TooManyReplicas, ScaleUpLimit, ScaleDownLimit), else the stabilisation's
   * (ScaleUpStabilized, ScaleDownStabilized), else DesiredWithinRange; or, before any normalisation,
   * ScalingDisabled or the rescale reason "Current number of replicas above Spec.MaxReplicas" / "below Spec.MinReplicas".
   */
  reason: string;
  message: string;
  /** The AbleToScale / ScalingLimited (or ScalingActive) conditions this sync would set. */
  conditions: HpaCondition[];
}

/** Every step of the normalisation, as explain.ts prints it. */
export interface NormalizeTrace {
  input: HpaNormalizeReplicasInput;
  minReplicas: number;
  /** 'early': reconcileAutoscaler's checks before the metrics are used. */
  mode: 'early' | 'legacy' | 'behavior';
  rules?: { scaleUp: ResolvedScalingRules; scaleDown: ResolvedScalingRules };
  downscaleWindowSeconds: number;
  stabilization?: Stabilization & { floor?: number; ceiling?: number };
  bound?: Bounded & { rate?: RateLimit; legacyScaleUpLimit?: number };
  result: HpaNormalizeReplicasResult;
}

/**
 * The replicas an HPA sets from its metrics' proposal, exactly as kube-controller-manager does in one
 * sync (horizontal.go reconcileAutoscaler, then normalizeDesiredReplicas without `behavior` or
 * normalizeDesiredReplicasWithBehaviors with it):
 *
 *   target at 0 with minReplicas > 0 ─► no scaling;  current outside [min, max] ─► clamp at once
 *   otherwise ─► stabilise over the recent recommendations ─► bound by min/max and the scale rate
 *
 * Throws HpaInputError for malformed input.
 */
export function hpaNormalizeReplicas(input: HpaNormalizeReplicasInput): HpaNormalizeReplicasResult {
  return traceNormalizeReplicas(input).result;
}

/** hpaNormalizeReplicas with every step recorded. */
export function traceNormalizeReplicas(raw: HpaNormalizeReplicasInput): NormalizeTrace {
  return normalizeValidReplicas(parseOrThrow(normalizeReplicasInputSchema, raw, 'normalize replicas'));
}

/**
 * The normalisation on input already known to be valid; `resolvedRules` are its behavior with the defaults
 * filled in, when the caller resolved them once (the controller does so per HPA at the start).
 */
export function normalizeValidReplicas(
  input: HpaNormalizeReplicasInput,
  resolvedRules?: { scaleUp: ResolvedScalingRules; scaleDown: ResolvedScalingRules },
): NormalizeTrace {
  const min = input.minReplicas ?? DEFAULT_MIN_REPLICAS;
  const max = input.maxReplicas;
  const current = input.currentReplicas;
  const downscaleWindowSeconds =
    input.downscaleStabilizationWindowSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS;
  const base = { input, minReplicas: min, downscaleWindowSeconds };
  const early = (replicas: number, reason: string, message: string, conditions: HpaCondition[] = []) => ({
    ...base,
    mode: 'early' as const,
    result: { replicas, reason, message, conditions },
  });

  if (current === 0 && min !== 0) {
    const message = 'scaling is disabled since the replica count of the target is zero';
    return early(0, 'ScalingDisabled', message, [
      { type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled', message },
    ]);
  }
  if (current > max) {
    const reason = 'Current number of replicas above Spec.MaxReplicas';
    return early(max, reason, reason);
  }
  if (current < min) {
    const reason = 'Current number of replicas below Spec.MinReplicas';
    return early(min, reason, reason);
  }

  const recommendations = input.recommendations ?? [];
  const upEvents = input.scaleUpEvents ?? [];
  const downEvents = input.scaleDownEvents ?? [];
  let stabilization: NormalizeTrace['stabilization'];
  let bound: NormalizeTrace['bound'];
  let rules: NormalizeTrace['rules'];
  if (input.behavior === undefined) {
    stabilization = stabilizeLegacy(input.desiredReplicas, recommendations, downscaleWindowSeconds);
    bound = {
      ...boundLegacy(current, stabilization.replicas, min, max),
      legacyScaleUpLimit: legacyScaleUpLimit(current),
    };
  } else {
    rules = resolvedRules ?? resolveBehavior(input.behavior, downscaleWindowSeconds);
    stabilization = stabilizeWithBehaviors(
      current,
      input.desiredReplicas,
      recommendations,
      rules.scaleUp.stabilizationWindowSeconds,
      rules.scaleDown.stabilizationWindowSeconds,
    );
    bound = boundWithBehaviors(current, stabilization.replicas, min, max, upEvents, downEvents, rules);
  }
  const limited = bound.replicas !== stabilization.replicas;
  const stabilized = stabilization.replicas !== input.desiredReplicas;
  const decisive = limited ? bound : stabilized ? stabilization : bound;
  return {
    ...base,
    mode: input.behavior === undefined ? 'legacy' : 'behavior',
    rules,
    stabilization,
    bound,
    result: {
      replicas: bound.replicas,
      reason: decisive.reason,
      message: decisive.message,
      conditions: [
        { type: 'AbleToScale', status: 'True', reason: stabilization.reason, message: stabilization.message },
        {
          type: 'ScalingLimited',
          status: limited ? 'True' : 'False',
          reason: bound.reason,
          message: bound.message,
        },
      ],
    },
  };
}
