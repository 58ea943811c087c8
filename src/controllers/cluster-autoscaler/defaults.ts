import { MICROS_PER_MINUTE, seconds } from '../../engine/time.js';
import type { ClusterAutoscalerSettings } from '../../model/cluster-autoscaler.js';

/**
 * The cluster-autoscaler's defaults (kubernetes/autoscaler cluster-autoscaler/config/flags/flags.go,
 * v1.33+: least-waste became the default expander in 1.33, random before).
 */
export const CLUSTER_AUTOSCALER_DEFAULTS: Readonly<ClusterAutoscalerSettings> = {
  expanders: ['least-waste'],
  scanInterval: seconds(10),
  maxNodeProvisionTime: 15 * MICROS_PER_MINUTE,
  scaleDownEnabled: true,
  scaleDownUtilizationThreshold: 0.5,
  scaleDownUnneededTime: 10 * MICROS_PER_MINUTE,
  scaleDownUnreadyTime: 20 * MICROS_PER_MINUTE,
  scaleDownDelayAfterAdd: 10 * MICROS_PER_MINUTE,
  scaleDownDelayAfterDelete: 0,
  scaleDownDelayAfterFailure: 3 * MICROS_PER_MINUTE,
  maxGracefulTerminationSec: 600,
  balanceSimilarNodeGroups: false,
};

/** --max-scale-down-parallelism: empty nodes deleted at once (flags.go). */
export const MAX_SCALE_DOWN_PARALLELISM = 10;
/** --max-drain-parallelism: non-empty nodes drained at once (flags.go). */
export const MAX_DRAIN_PARALLELISM = 1;
/** --initial-node-group-backoff-duration, --max-node-group-backoff-duration, --node-group-backoff-reset-timeout. */
export const NODE_GROUP_BACKOFF = {
  initial: 5 * MICROS_PER_MINUTE,
  max: 30 * MICROS_PER_MINUTE,
  reset: 180 * MICROS_PER_MINUTE,
} as const;
/** core/scaledown/actuation/drain.go: evictions are retried this often, for at most MaxPodEvictionTime. */
export const EVICTION_RETRY_TIME = seconds(10);
export const MAX_POD_EVICTION_TIME = 2 * MICROS_PER_MINUTE;
/** drain.go PodEvictionHeadroom: extra wait for evicted pods beyond their grace period. */
export const POD_EVICTION_HEADROOM = seconds(30);
/**
 * Time from a scale-up to the node's registration when a pool gives no provisioningTime: kubesim's
 * assumption within the 1–5 minutes clouds typically take, not an upstream value.
 */
export const DEFAULT_PROVISIONING_TIME = seconds(120);

/** Fills the unset fields of `given` from the defaults. */
export function withClusterAutoscalerDefaults(
  given: Partial<ClusterAutoscalerSettings> = {},
): ClusterAutoscalerSettings {
  const out = { ...CLUSTER_AUTOSCALER_DEFAULTS, expanders: [...CLUSTER_AUTOSCALER_DEFAULTS.expanders] };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) Reflect.set(out, k, v);
  return out;
}
