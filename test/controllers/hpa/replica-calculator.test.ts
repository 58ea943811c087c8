import { describe, expect, it } from 'vitest';
import { hpaDesiredReplicas } from '../../../src/index.js';
import { type UpstreamResourceCase, upstreamResourceInput } from './upstream-replica-calc.js';

const ONE = 1000;
const T = true;
const F = false;

interface Expectation {
  expectedReplicas: number;
  expectedUtilization: number;
  /** The raw average usage per pod (the harness's expectedValue). */
  expectedValue: number;
}

// The CPU cases of kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator_test.go that fit
// the shape of hpaDesiredReplicas, under their upstream names. Left out: custom, object and external
// metrics, the `container` variants, and cases about metrics of unknown pods or missing requests,
// which this input cannot express.
const cases: [string, UpstreamResourceCase, Expectation][] = [
  [
    'TestReplicaCalcScaleUp',
    { currentReplicas: 3, requests: [ONE, ONE, ONE], levels: [300, 500, 700], targetUtilization: 30 },
    { expectedReplicas: 5, expectedUtilization: 50, expectedValue: 2 * 500 },
  ],
  [
    'TestReplicaCalcScaleUpUnreadyLessScale',
    {
      currentReplicas: 3,
      podReadiness: [F, T, T],
      requests: [ONE, ONE, ONE],
      levels: [300, 500, 700],
      targetUtilization: 30,
    },
    { expectedReplicas: 4, expectedUtilization: 60, expectedValue: 2 * 600 },
  ],
  [
    'TestReplicaCalcScaleUpHotCpuLessScale',
    {
      currentReplicas: 3,
      podStartTime: ['hot', 'cool', 'cool'],
      requests: [ONE, ONE, ONE],
      levels: [300, 500, 700],
      targetUtilization: 30,
    },
    { expectedReplicas: 4, expectedUtilization: 60, expectedValue: 2 * 600 },
  ],
  [
    'TestReplicaCalcScaleUpUnreadyNoScale',
    {
      currentReplicas: 3,
      podReadiness: [T, F, F],
      requests: [ONE, ONE, ONE],
      levels: [400, 500, 700],
      targetUtilization: 30,
    },
    { expectedReplicas: 3, expectedUtilization: 40, expectedValue: 2 * 400 },
  ],
  [
    'TestReplicaCalcScaleHotCpuNoScale',
    {
      currentReplicas: 3,
      podReadiness: [T, F, F],
      podStartTime: ['cool', 'hot', 'hot'],
      requests: [ONE, ONE, ONE],
      levels: [400, 500, 700],
      targetUtilization: 30,
    },
    { expectedReplicas: 3, expectedUtilization: 40, expectedValue: 2 * 400 },
  ],
  [
    'TestReplicaCalcScaleUpIgnoresFailedPods',
    {
      currentReplicas: 2,
      podReadiness: [T, T, F, F],
      podPhase: ['Running', 'Running', 'Failed', 'Failed'],
      requests: [ONE, ONE, ONE, ONE],
      levels: [500, 700],
      targetUtilization: 30,
    },
    { expectedReplicas: 4, expectedUtilization: 60, expectedValue: 2 * 600 },
  ],
  [
    'TestReplicaCalcScaleUpIgnoresDeletionPods',
    {
      currentReplicas: 2,
      podReadiness: [T, T, F, F],
      podPhase: ['Running', 'Running', 'Running', 'Running'],
      podDeletionTimestamp: [F, F, T, T],
      requests: [ONE, ONE, ONE, ONE],
      levels: [500, 700],
      targetUtilization: 30,
    },
    { expectedReplicas: 4, expectedUtilization: 60, expectedValue: 2 * 600 },
  ],
  [
    'TestReplicaCalcScaleDown',
    {
      currentReplicas: 5,
      requests: [ONE, ONE, ONE, ONE, ONE],
      levels: [100, 300, 500, 250, 250],
      targetUtilization: 50,
    },
    { expectedReplicas: 3, expectedUtilization: 28, expectedValue: 2 * 280 },
  ],
  [
    'TestReplicaCalcScaleDownExcludeUnreadyPods',
    {
      currentReplicas: 5,
      podReadiness: [T, T, T, F, F],
      requests: [ONE, ONE, ONE, ONE, ONE],
      levels: [100, 300, 500, 250, 250],
      targetUtilization: 50,
    },
    { expectedReplicas: 2, expectedUtilization: 30, expectedValue: 2 * 300 },
  ],
  [
    'TestReplicaCalcScaleDownExcludeUnscheduledPods',
    {
      currentReplicas: 5,
      podReadiness: [T, F, F, F, F],
      podPhase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'],
      requests: [ONE, ONE, ONE, ONE, ONE],
      levels: [100],
      targetUtilization: 50,
    },
    { expectedReplicas: 1, expectedUtilization: 10, expectedValue: 2 * 100 },
  ],
  [
    'TestReplicaCalcScaleDownIgnoreHotCpuPods',
    {
      currentReplicas: 5,
      podStartTime: ['cool', 'cool', 'cool', 'hot', 'hot'],
      requests: [ONE, ONE, ONE, ONE, ONE],
      levels: [100, 300, 500, 250, 250],
      targetUtilization: 50,
    },
    { expectedReplicas: 2, expectedUtilization: 30, expectedValue: 2 * 300 },
  ],
  [
    'TestReplicaCalcScaleDownIgnoresFailedPods',
    {
      currentReplicas: 5,
      podReadiness: [T, T, T, T, T, F, F],
      podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'],
      requests: [ONE, ONE, ONE, ONE, ONE, ONE, ONE],
      levels: [100, 300, 500, 250, 250],
      targetUtilization: 50,
    },
    { expectedReplicas: 3, expectedUtilization: 28, expectedValue: 2 * 280 },
  ],
  [
    'TestReplicaCalcScaleDownIgnoresDeletionPods',
    {
      currentReplicas: 5,
      podReadiness: [T, T, T, T, T, F, F],
      podPhase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Running', 'Running'],
      podDeletionTimestamp: [F, F, F, F, F, T, T],
      requests: [ONE, ONE, ONE, ONE, ONE, ONE, ONE],
      levels: [100, 300, 500, 250, 250],
      targetUtilization: 50,
    },
    { expectedReplicas: 3, expectedUtilization: 28, expectedValue: 2 * 280 },
  ],
  [
    'TestReplicaCalcTolerance',
    { currentReplicas: 3, requests: [900, 1000, 1100], levels: [1010, 1030, 1020], targetUtilization: 100 },
    { expectedReplicas: 3, expectedUtilization: 102, expectedValue: 2 * 1020 },
  ],
  [
    'TestReplicaCalcMissingMetrics',
    { currentReplicas: 4, requests: [ONE, ONE, ONE, ONE], levels: [400, 95], targetUtilization: 100 },
    { expectedReplicas: 3, expectedUtilization: 24, expectedValue: 495 },
  ],
  [
    'TestReplicaCalcMissingMetricsNoChangeEq',
    { currentReplicas: 2, requests: [ONE, ONE], levels: [1000], targetUtilization: 100 },
    { expectedReplicas: 2, expectedUtilization: 100, expectedValue: 2 * 1000 },
  ],
  [
    'TestReplicaCalcMissingMetricsNoChangeGt',
    { currentReplicas: 2, requests: [ONE, ONE], levels: [1900], targetUtilization: 100 },
    { expectedReplicas: 2, expectedUtilization: 190, expectedValue: 2 * 1900 },
  ],
  [
    'TestReplicaCalcMissingMetricsNoChangeLt',
    { currentReplicas: 2, requests: [ONE, ONE], levels: [600], targetUtilization: 100 },
    { expectedReplicas: 2, expectedUtilization: 60, expectedValue: 2 * 600 },
  ],
  [
    'TestReplicaCalcMissingMetricsUnreadyChange',
    {
      currentReplicas: 3,
      podReadiness: [F, T, T],
      requests: [ONE, ONE, ONE],
      levels: [100, 450],
      targetUtilization: 50,
    },
    { expectedReplicas: 3, expectedUtilization: 45, expectedValue: 2 * 450 },
  ],
  [
    'TestReplicaCalcMissingMetricsHotCpuNoChange',
    {
      currentReplicas: 3,
      podStartTime: ['hot', 'cool', 'cool'],
      requests: [ONE, ONE, ONE],
      levels: [100, 450],
      targetUtilization: 50,
    },
    { expectedReplicas: 3, expectedUtilization: 45, expectedValue: 2 * 450 },
  ],
  [
    'TestReplicaCalcMissingMetricsUnreadyScaleUp',
    {
      currentReplicas: 3,
      podReadiness: [F, T, T],
      requests: [ONE, ONE, ONE],
      levels: [100, 2000],
      targetUtilization: 50,
    },
    { expectedReplicas: 4, expectedUtilization: 200, expectedValue: 2 * 2000 },
  ],
  [
    'TestReplicaCalcMissingMetricsHotCpuScaleUp',
    {
      currentReplicas: 3,
      podReadiness: [F, T, T],
      podStartTime: ['hot', 'cool', 'cool'],
      requests: [ONE, ONE, ONE],
      levels: [100, 2000],
      targetUtilization: 50,
    },
    { expectedReplicas: 4, expectedUtilization: 200, expectedValue: 2 * 2000 },
  ],
  [
    'TestReplicaCalcMissingMetricsUnreadyScaleDown',
    {
      currentReplicas: 4,
      podReadiness: [F, T, T, T],
      requests: [ONE, ONE, ONE, ONE],
      levels: [100, 100, 100],
      targetUtilization: 50,
    },
    { expectedReplicas: 3, expectedUtilization: 10, expectedValue: 2 * 100 },
  ],
  [
    'TestReplicaCalcMissingMetricsScaleDownTargetOver100',
    {
      currentReplicas: 4,
      podReadiness: [F, T, T, T],
      requests: [ONE, ONE, 2 * ONE, 2 * ONE],
      levels: [200, 100, 100],
      targetUtilization: 300,
    },
    { expectedReplicas: 2, expectedUtilization: 6, expectedValue: 2 * 100 },
  ],
  [
    'TestReplicaCalcDuringRollingUpdateWithMaxSurge',
    {
      currentReplicas: 2,
      podPhase: ['Running', 'Running', 'Running'],
      requests: [ONE, ONE, ONE],
      levels: [100, 100],
      targetUtilization: 50,
    },
    { expectedReplicas: 2, expectedUtilization: 10, expectedValue: 2 * 100 },
  ],
];

describe('hpaDesiredReplicas: upstream replica_calculator_test.go cases', () => {
  it.each(cases)('%s', (_name, tc, want) => {
    const got = hpaDesiredReplicas(upstreamResourceInput(tc));
    expect(got).toEqual({
      replicas: want.expectedReplicas,
      utilization: want.expectedUtilization,
      averageUsageMilliCpu: want.expectedValue,
    });
  });

  it('TestReplicaCalcEmptyMetrics', () => {
    // Upstream's fourth pod has no cpu request; the metrics error comes first either way.
    const input = upstreamResourceInput({
      currentReplicas: 4,
      requests: [ONE, ONE, ONE, ONE],
      levels: [],
      targetUtilization: 100,
    });
    expect(hpaDesiredReplicas(input)).toEqual({
      replicas: 4,
      utilization: null,
      averageUsageMilliCpu: null,
      error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    });
  });

  it('TestReplicaCalcComputedToleranceAlgImplementation', () => {
    // Back-calculates a target just past the tolerance, then one just inside it, as upstream does.
    const tolerance = 0.1;
    const startPods = 10;
    const totalUsed = startPods * 150;
    const totalRequested = 2 * totalUsed;
    const requestedToUsed = Math.trunc(totalRequested / totalUsed);
    const perPod = totalRequested / startPods;
    const offsets = [100, -100, 10, -10, 2, -2, 1, -1, 0, 0];
    const run = (extra: number) => {
      const target = Math.abs(1 / (requestedToUsed * (1 - tolerance))) + extra;
      return {
        target,
        got: hpaDesiredReplicas(
          upstreamResourceInput({
            currentReplicas: startPods,
            requests: offsets.map((o) => perPod + o),
            levels: offsets.map(() => totalUsed / 10),
            targetUtilization: Math.trunc(target * 100),
          }),
        ),
      };
    };
    const scaled = run(0.01);
    const finalPods = Math.ceil((totalUsed / (totalRequested * scaled.target)) * startPods);
    expect(scaled.got).toEqual({
      replicas: finalPods,
      utilization: Math.trunc((totalUsed * 100) / totalRequested),
      averageUsageMilliCpu: (2 * totalUsed) / 10,
    });
    expect(run(0.004).got.replicas).toBe(startPods);
  });
});

describe('hpaDesiredReplicas: failures keep the current count with upstream’s error', () => {
  it('reads no pods at all as no metrics, since the metrics are fetched first', () => {
    expect(hpaDesiredReplicas({ currentReplicas: 3, targetUtilization: 50, pods: [] }).error).toBe(
      'unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    );
  });
  it('refuses requests that sum to zero', () => {
    const pods = [
      { name: 'a', phase: 'Running' as const, ready: true, requestMilliCpu: 0, usageMilliCpu: 50 },
    ];
    expect(hpaDesiredReplicas({ currentReplicas: 1, targetUtilization: 50, pods })).toEqual({
      replicas: 1,
      utilization: null,
      averageUsageMilliCpu: null,
      error: 'no metrics returned matched known pods',
    });
  });
});
