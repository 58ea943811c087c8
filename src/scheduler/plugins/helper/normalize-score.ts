import { MAX_NODE_SCORE } from '../../framework/interface.js';

/**
 * kube-scheduler: DefaultNormalizeScore (framework/plugins/helper/normalize_score.go). Scales scores so
 * the highest becomes `maxPriority` (integer division, as Go); `reverse` flips them (max − score). All
 * zero: unchanged, or all `maxPriority` when reversed.
 */
export function defaultNormalizeScore(
  scores: Float64Array,
  count: number,
  reverse: boolean,
  maxPriority = MAX_NODE_SCORE,
): void {
  let maxCount = 0;
  for (let i = 0; i < count; i++) if ((scores[i] as number) > maxCount) maxCount = scores[i] as number;
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < count; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < count; i++) {
    let s = Math.trunc((maxPriority * (scores[i] as number)) / maxCount);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
