import { describe, expect, it } from 'vitest';
import type { HpaPod } from '../../../src/controllers/hpa/input.js';
import {
  averageValueMetricReplicas,
  plainMetricReplicas,
  valueMetricReplicas,
} from '../../../src/controllers/hpa/plain-metrics.js';

// Cases of upstream pkg/controller/podautoscaler/replica_calculator_test.go (Kubernetes 1.34) for the
// metric types podMetric (Pods), objectMetric / objectPerPodMetric (Object, Value / AverageValue) and
// externalMetric / externalPerPodMetric (External), names kept. Values are milli-values, as there.
// The harness's pods: currentReplicas of them, test-pod-<i>, Running and Ready unless podReadiness says
// otherwise; "hot" pods started now, "cool" 3 min ago; tolerance 0.1 (defaultTestingTolerance);
// Tolerances{a, b} there is {scaleDown: a, scaleUp: b}.

const TOLERANCE = { scaleUp: 0.1, scaleDown: 0.1 };
const TIMINGS = {
  cpuInitializationPeriodSeconds: 120,
  initialReadinessDelaySeconds: 10,
  metricWindowSeconds: 60,
};

interface PodsCase {
  currentReplicas: number;
  levels: readonly number[];
  targetUsage: number;
  podReadiness?: readonly boolean[];
  podStartTime?: readonly ('hot' | 'cool')[];
  tolerances?: { readonly scaleUp: number; readonly scaleDown: number };
}

function podsMetric(tc: PodsCase) {
  const pods: HpaPod[] = [];
  for (let i = 0; i < tc.currentReplicas; i++) {
    const start = tc.podStartTime?.[i];
    pods.push({
      name: `test-pod-${i}`,
      phase: 'Running',
      ready: tc.podReadiness?.[i] ?? true,
      requestMilliCpu: 0,
      ...(i < tc.levels.length ? { usageMilliCpu: tc.levels[i] as number } : {}),
      ...(start === undefined ? {} : { startedSecondsAgo: start === 'hot' ? 0 : 180 }),
    });
  }
  return plainMetricReplicas({
    currentReplicas: tc.currentReplicas,
    targetAverageValue: tc.targetUsage,
    tolerances: tc.tolerances ?? TOLERANCE,
    timings: TIMINGS,
    cpu: false,
    pods,
  });
}

/** Ready pods of the harness: currentReplicas pods, Ready unless podReadiness says otherwise. */
function readyPods(currentReplicas: number, podReadiness?: boolean[]): number {
  let n = 0;
  for (let i = 0; i < currentReplicas; i++) if (podReadiness?.[i] ?? true) n++;
  return n;
}

describe('Pods metrics (calcPlainMetricReplicas): upstream cases', () => {
  it.each([
    [
      'TestReplicaCalcScaleUpCM',
      { currentReplicas: 3, levels: [20000, 10000, 30000], targetUsage: 15000 },
      4,
      20000,
    ],
    [
      'TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale',
      {
        currentReplicas: 3,
        levels: [50000, 10000, 30000],
        targetUsage: 15000,
        podReadiness: [true, true, false],
        podStartTime: ['cool', 'cool', 'hot'] as ('hot' | 'cool')[],
      },
      6,
      30000,
    ],
    [
      'TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown',
      {
        currentReplicas: 3,
        levels: [50000, 15000, 30000],
        targetUsage: 15000,
        podReadiness: [false, true, false],
        podStartTime: ['hot', 'cool', 'hot'] as ('hot' | 'cool')[],
      },
      7,
      31666,
    ],
    [
      'TestReplicaCalcScaleDownCM',
      { currentReplicas: 5, levels: [12000, 12000, 12000, 12000, 12000], targetUsage: 20000 },
      3,
      12000,
    ],
    [
      'TestReplicaCalcToleranceCM',
      { currentReplicas: 3, levels: [20000, 21000, 21000], targetUsage: 20000 },
      3,
      20666,
    ],
    [
      'TestReplicaCalcConfigurableToleranceCM',
      {
        currentReplicas: 3,
        levels: [20000, 21000, 21000],
        targetUsage: 20000,
        tolerances: { scaleDown: 0.1, scaleUp: 0.01 },
      },
      4,
      20666,
    ],
  ] as const)('%s', (_name, tc, replicas, usage) => {
    expect(podsMetric(tc)).toEqual({ replicas, usage });
  });

  it('counts a missing pod as the target on a scale-down and as 0 on a scale-up', () => {
    // Two samples at 5000 against 10000: ratio 0.5; the third pod, without a sample, counts 10000.
    expect(podsMetric({ currentReplicas: 3, levels: [5000, 5000], targetUsage: 10000 }).replicas).toBe(2);
    // Two samples at 30000: ratio 3; the third counts 0, so trunc(60000 / 3) / 10000 = 2 → 6.
    expect(podsMetric({ currentReplicas: 3, levels: [30000, 30000], targetUsage: 10000 }).replicas).toBe(6);
  });

  it('fails without pods or without a ready pod with a sample', () => {
    expect(podsMetric({ currentReplicas: 0, levels: [], targetUsage: 1 }).error).toBe(
      'no pods returned by selector while calculating replica count',
    );
    expect(podsMetric({ currentReplicas: 2, levels: [], targetUsage: 1 }).error).toBe(
      'did not receive metrics for targeted pods (pods might be unready)',
    );
  });
});

describe('Object and External metrics with a Value target (getUsageRatioReplicaCount): upstream cases', () => {
  it.each([
    ['TestReplicaCalcScaleUpCMObject', 3, 20000, 15000, undefined, 4],
    ['TestReplicaCalcScaleUpCMObjectIgnoresUnreadyPods', 3, 50000, 10000, [false, true, false], 5],
    ['TestReplicaCalcScaleUpCMExternalIgnoresUnreadyPods', 3, 8600, 4400, [false, true, false], 2],
    ['TestReplicaCalcScaleDownCMObject', 5, 12000, 20000, undefined, 3],
    ['TestReplicaCalcScaleDownCMExternal', 5, 8600, 14334, undefined, 3],
    ['TestReplicaCalcToleranceCMObject', 3, 20666, 20000, undefined, 3],
    ['TestReplicaCalcToleranceCMExternal', 3, 8600, 8888, undefined, 3],
  ] as const)('%s', (_name, currentReplicas, value, targetValue, podReadiness, replicas) => {
    const r = valueMetricReplicas({
      currentReplicas,
      value,
      targetValue,
      tolerances: TOLERANCE,
      readyPods: readyPods(currentReplicas, podReadiness ? [...podReadiness] : undefined),
    });
    expect(r).toEqual({ replicas, usage: value });
  });

  it.each([
    ['TestReplicaCalcConfigurableToleranceCMObject', 20666, 20000],
    ['TestReplicaCalcConfigurableToleranceCMExternal', 8900, 8800],
  ] as const)('%s', (_name, value, targetValue) => {
    const tolerances = { scaleDown: 0.1, scaleUp: 0.01 };
    expect(
      valueMetricReplicas({ currentReplicas: 3, value, targetValue, tolerances, readyPods: 3 }).replicas,
    ).toBe(4);
  });

  it('scales from zero replicas to ceil(value / target), without the tolerance', () => {
    expect(
      valueMetricReplicas({
        currentReplicas: 0,
        value: 10500,
        targetValue: 10000,
        tolerances: TOLERANCE,
        readyPods: undefined,
      }),
    ).toEqual({ replicas: 2, usage: 10500 });
  });
});

describe('Object and External metrics with an AverageValue target (…PerPodMetricReplicas): upstream cases', () => {
  it.each([
    ['TestReplicaCalcScaleUpCMPerPodObject', 3, 20000, 5000, 4, 6667],
    ['TestReplicaCalcScaleUpPerPodCMExternal', 3, 8600, 2150, 4, 2867],
    ['TestReplicaCalcScaleDownPerPodCMObject', 5, 6000, 2000, 3, 1200],
    ['TestReplicaCalcScaleDownPerPodCMExternal', 5, 8600, 2867, 3, 1720],
    ['TestReplicaCalcTolerancePerPodCMObject', 4, 20166, 5000, 4, 5042],
    ['TestReplicaCalcTolerancePerPodCMExternal', 3, 8600, 2900, 3, 2867],
  ] as const)('%s', (_name, statusReplicas, value, targetAverageValue, replicas, usage) => {
    expect(
      averageValueMetricReplicas({ statusReplicas, value, targetAverageValue, tolerances: TOLERANCE }),
    ).toEqual({ replicas, usage });
  });

  it.each([
    ['TestReplicaCalcConfigurableTolerancePerPodCMObject', 4, 20208, 5000, 5, 5052],
    ['TestReplicaCalcConfigurableTolerancePerPodCMExternal', 3, 8600, 2800, 4, 2867],
  ] as const)('%s', (_name, statusReplicas, value, targetAverageValue, replicas, usage) => {
    const tolerances = { scaleDown: 0.1, scaleUp: 0.01 };
    expect(averageValueMetricReplicas({ statusReplicas, value, targetAverageValue, tolerances })).toEqual({
      replicas,
      usage,
    });
  });
});
