import type { HpaDesiredReplicasInput, HpaPod } from '../../../src/index.js';

/**
 * Builds the input of one upstream replica_calculator_test.go case the way its harness builds pods
 * (replicaCalcTestCase.prepareTestClientSet / prepareTestMetricsClient): as many pods as
 * max(currentReplicas, len(podPhase)), named test-pod-<i>, each with two containers that both request
 * requests[i] and both use levels[i] (makePodMetricLevels); pods past levels have no sample. Unset
 * start times are Go's zero time (long ago); "hot" is now and "cool" 3 min ago (hotCPUCreationTime,
 * coolCPUCreationTime). The harness's timings are upstream's testing constants: a 2 min cpu
 * initialization period, a 10 s initial readiness delay and 1 min metric windows.
 */
export interface UpstreamResourceCase {
  currentReplicas: number;
  /** Per-container cpu request of pod i, millicores. */
  requests: number[];
  /** Per-container cpu usage of pod i, millicores. */
  levels: number[];
  targetUtilization: number;
  podReadiness?: boolean[];
  podPhase?: HpaPod['phase'][];
  podDeletionTimestamp?: boolean[];
  podStartTime?: ('hot' | 'cool')[];
}

const NUM_CONTAINERS_PER_POD = 2;

export function upstreamResourceInput(tc: UpstreamResourceCase): HpaDesiredReplicasInput {
  const count = Math.max(tc.currentReplicas, tc.podPhase?.length ?? 0);
  const pods: HpaPod[] = [];
  for (let i = 0; i < count; i++) {
    const start = tc.podStartTime?.[i];
    pods.push({
      name: `test-pod-${i}`,
      phase: tc.podPhase?.[i] ?? 'Running',
      ready: tc.podReadiness?.[i] ?? true,
      deleting: tc.podDeletionTimestamp?.[i] ?? false,
      requestMilliCpu: NUM_CONTAINERS_PER_POD * (tc.requests[i] as number),
      ...(i < tc.levels.length ? { usageMilliCpu: NUM_CONTAINERS_PER_POD * (tc.levels[i] as number) } : {}),
      ...(start === undefined ? {} : { startedSecondsAgo: start === 'hot' ? 0 : 180 }),
    });
  }
  return {
    currentReplicas: tc.currentReplicas,
    targetUtilization: tc.targetUtilization,
    cpuInitializationPeriodSeconds: 120,
    initialReadinessDelaySeconds: 10,
    metricWindowSeconds: 60,
    pods,
  };
}
