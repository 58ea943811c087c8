import {
  type HpaScalingPolicy,
  type ResolvedScalingRules,
  SCALE_UP_LIMIT_FACTOR,
  SCALE_UP_LIMIT_MINIMUM,
} from './defaults.js';
import type { HpaScaleEvent } from './input.js';

/** The result of bounding a recommendation: the replicas and the ScalingLimited condition's words. */
export interface Bounded {
  replicas: number;
  reason: string;
  message: string;
}

const WITHIN = {
  reason: 'DesiredWithinRange',
  message: 'the desired count is within the acceptable range',
} as const;
const TOO_MANY = {
  reason: 'TooManyReplicas',
  message: 'the desired replica count is more than the maximum replica count',
} as const;
const TOO_FEW = {
  reason: 'TooFewReplicas',
  message: 'the desired replica count is less than the minimum replica count',
} as const;
const UP_LIMIT = {
  reason: 'ScaleUpLimit',
  message: 'the desired replica count is increasing faster than the maximum scale rate',
} as const;
const DOWN_LIMIT = {
  reason: 'ScaleDownLimit',
  message: 'the desired replica count is decreasing faster than the maximum scale rate',
} as const;

/** Legacy scale-up limit (horizontal.go calculateScaleUpLimit): max(2 × current, 4). */
export function legacyScaleUpLimit(currentReplicas: number): number {
  return Math.trunc(Math.max(SCALE_UP_LIMIT_FACTOR * currentReplicas, SCALE_UP_LIMIT_MINIMUM));
}

/**
 * Without `behavior` (horizontal.go convertDesiredReplicasWithRules): clamp to [minReplicas,
 * min(maxReplicas, max(2 × current, 4))], minReplicas first.
 */
export function boundLegacy(current: number, desired: number, min: number, max: number): Bounded {
  const limit = legacyScaleUpLimit(current);
  const upper = max > limit ? { replicas: limit, ...UP_LIMIT } : { replicas: max, ...TOO_MANY };
  if (desired < min) return { replicas: min, ...TOO_FEW };
  if (desired > upper.replicas) return upper;
  return { replicas: desired, ...WITHIN };
}

/** Replicas changed by events strictly within the last `periodSeconds` (horizontal.go getReplicasChangePerPeriod). */
export function replicasChangedInPeriod(periodSeconds: number, events: readonly HpaScaleEvent[]): number {
  let sum = 0;
  for (const e of events) if (e.secondsAgo < periodSeconds) sum += e.replicaChange;
  return sum;
}

/** One policy's proposal: where the period started and how far the policy lets it go from there. */
export interface PolicyProposal {
  policy: HpaScalingPolicy;
  addedInPeriod: number;
  deletedInPeriod: number;
  periodStartReplicas: number;
  proposed: number;
}

/** The rate limit of one direction: each policy's proposal and the one selectPolicy picked. */
export interface RateLimit {
  selectPolicy: ResolvedScalingRules['selectPolicy'];
  proposals: PolicyProposal[];
  /** The limit before it is kept from going past currentReplicas. */
  limit: number;
}

function proposals(
  direction: 'up' | 'down',
  current: number,
  upEvents: readonly HpaScaleEvent[],
  downEvents: readonly HpaScaleEvent[],
  rules: ResolvedScalingRules,
): PolicyProposal[] {
  return rules.policies.map((policy) => {
    const addedInPeriod = replicasChangedInPeriod(policy.periodSeconds, upEvents);
    const deletedInPeriod = replicasChangedInPeriod(policy.periodSeconds, downEvents);
    const periodStartReplicas = current - addedInPeriod + deletedInPeriod;
    let proposed: number;
    if (direction === 'up')
      // Percent rounds up so that a small percentage of few pods still adds one (upstream's comment).
      proposed =
        policy.type === 'Pods'
          ? periodStartReplicas + policy.value
          : Math.ceil(periodStartReplicas * (1 + policy.value / 100));
    else
      proposed =
        policy.type === 'Pods'
          ? periodStartReplicas - policy.value
          : Math.trunc(periodStartReplicas * (1 - policy.value / 100));
    return { policy, addedInPeriod, deletedInPeriod, periodStartReplicas, proposed };
  });
}

/**
 * The policies' limit in one direction: Max picks the policy allowing the biggest change, Min the
 * smallest; Disabled allows none (current stays the limit).
 */
function rateLimit(
  direction: 'up' | 'down',
  current: number,
  upEvents: readonly HpaScaleEvent[],
  downEvents: readonly HpaScaleEvent[],
  rules: ResolvedScalingRules,
): RateLimit {
  if (rules.selectPolicy === 'Disabled') return { selectPolicy: 'Disabled', proposals: [], limit: current };
  const list = proposals(direction, current, upEvents, downEvents, rules);
  const values = list.map((p) => p.proposed);
  // The biggest change is the largest limit going up and the smallest going down.
  const largest = (rules.selectPolicy === 'Max') === (direction === 'up');
  const limit = largest ? Math.max(...values) : Math.min(...values);
  return { selectPolicy: rules.selectPolicy, proposals: list, limit };
}

/** calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now. */
export function scaleUpLimit(
  current: number,
  upEvents: readonly HpaScaleEvent[],
  downEvents: readonly HpaScaleEvent[],
  rules: ResolvedScalingRules,
): RateLimit {
  return rateLimit('up', current, upEvents, downEvents, rules);
}

/** calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now. */
export function scaleDownLimit(
  current: number,
  upEvents: readonly HpaScaleEvent[],
  downEvents: readonly HpaScaleEvent[],
  rules: ResolvedScalingRules,
): RateLimit {
  return rateLimit('down', current, upEvents, downEvents, rules);
}

/**
 * With `behavior` (horizontal.go convertDesiredReplicasWithBehaviorRate): a scale-up is bounded by
 * min(maxReplicas, the policies' limit, never below current); a scale-down by max(minReplicas, the
 * policies' limit, never above current). minReplicas/maxReplicas are applied only in the direction of
 * the change, as upstream does.
 */
export function boundWithBehaviors(
  current: number,
  desired: number,
  min: number,
  max: number,
  upEvents: readonly HpaScaleEvent[],
  downEvents: readonly HpaScaleEvent[],
  rules: { scaleUp: ResolvedScalingRules; scaleDown: ResolvedScalingRules },
): Bounded & { rate?: RateLimit } {
  if (desired > current) {
    const rate = scaleUpLimit(current, upEvents, downEvents, rules.scaleUp);
    const limit = Math.max(rate.limit, current);
    const upper = max > limit ? { replicas: limit, ...UP_LIMIT } : { replicas: max, ...TOO_MANY };
    if (desired > upper.replicas) return { ...upper, rate };
    return { replicas: desired, ...WITHIN, rate };
  }
  if (desired < current) {
    const rate = scaleDownLimit(current, upEvents, downEvents, rules.scaleDown);
    const limit = Math.min(rate.limit, current);
    const lower = min < limit ? { replicas: limit, ...DOWN_LIMIT } : { replicas: min, ...TOO_FEW };
    if (desired < lower.replicas) return { ...lower, rate };
    return { replicas: desired, ...WITHIN, rate };
  }
  return { replicas: desired, ...WITHIN };
}
