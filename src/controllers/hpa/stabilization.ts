import type { HpaRecommendation } from './input.js';

/** The outcome of stabilising a recommendation over the recent ones. */
export interface Stabilization {
  replicas: number;
  /** AbleToScale condition reason and message, as upstream sets them. */
  reason: string;
  message: string;
  /** The recommendations that were inside a window, with which one(s). */
  considered: { recommendation: HpaRecommendation; inScaleUpWindow: boolean; inScaleDownWindow: boolean }[];
}

const READY = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' } as const;
const DOWN_STABILIZED = {
  reason: 'ScaleDownStabilized',
  message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
} as const;
const UP_STABILIZED = {
  reason: 'ScaleUpStabilized',
  message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
} as const;

/**
 * Without `behavior` (horizontal.go stabilizeRecommendation): the highest of the proposal and every
 * recommendation not older than the downscale window (one exactly at the window's edge still counts).
 */
export function stabilizeLegacy(
  desiredReplicas: number,
  recommendations: readonly HpaRecommendation[],
  windowSeconds: number,
): Stabilization {
  let replicas = desiredReplicas;
  const considered: Stabilization['considered'] = [];
  for (const r of recommendations) {
    if (r.secondsAgo > windowSeconds) continue;
    considered.push({ recommendation: r, inScaleUpWindow: false, inScaleDownWindow: true });
    replicas = Math.max(replicas, r.replicas);
  }
  const words = replicas !== desiredReplicas ? DOWN_STABILIZED : READY;
  return { replicas, ...words, considered };
}

/**
 * With `behavior` (horizontal.go stabilizeRecommendationWithBehaviors): the proposal and the
 * recommendations strictly inside each window give a floor (lowest within the scale-up window) and a
 * ceiling (highest within the scale-down window); the current count is brought inside [floor, ceiling].
 * So a scale-up goes only as high as every recent recommendation agrees, and a scale-down only as low.
 */
export function stabilizeWithBehaviors(
  currentReplicas: number,
  desiredReplicas: number,
  recommendations: readonly HpaRecommendation[],
  scaleUpWindowSeconds: number,
  scaleDownWindowSeconds: number,
): Stabilization & { floor: number; ceiling: number } {
  let floor = desiredReplicas;
  let ceiling = desiredReplicas;
  const considered: Stabilization['considered'] = [];
  for (const r of recommendations) {
    const inScaleUpWindow = r.secondsAgo < scaleUpWindowSeconds;
    const inScaleDownWindow = r.secondsAgo < scaleDownWindowSeconds;
    if (inScaleUpWindow) floor = Math.min(floor, r.replicas);
    if (inScaleDownWindow) ceiling = Math.max(ceiling, r.replicas);
    if (inScaleUpWindow || inScaleDownWindow)
      considered.push({ recommendation: r, inScaleUpWindow, inScaleDownWindow });
  }
  const replicas = Math.min(Math.max(currentReplicas, floor), ceiling);
  // Upstream words the condition by the proposal's direction, and sets it only when the result moved.
  const words =
    replicas === desiredReplicas
      ? READY
      : desiredReplicas >= currentReplicas
        ? UP_STABILIZED
        : DOWN_STABILIZED;
  return { replicas, ...words, considered, floor, ceiling };
}
