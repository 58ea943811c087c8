import { describe, expect, it } from 'vitest';
import {
  explainDesiredReplicas,
  explainNormalizeReplicas,
  HpaInputError,
  hpaDesiredReplicas,
  hpaNormalizeReplicas,
} from '../../../src/index.js';

const pod = { name: 'a', phase: 'Running' as const, ready: true, requestMilliCpu: 500, usageMilliCpu: 100 };

describe('input validation', () => {
  it('names every bad field of an hpaDesiredReplicas input, with what was found', () => {
    const bad = { currentReplicas: -1, targetUtilization: 0, pods: [{ ...pod, phase: 'Unknown' }], extra: 1 };
    expect(() => hpaDesiredReplicas(bad as never)).toThrow(
      new HpaInputError('compute desired replicas', [
        { path: 'currentReplicas', message: 'expected an integer >= 0, got -1' },
        { path: 'targetUtilization', message: 'expected an integer >= 1, got 0' },
        {
          path: 'pods[0].phase',
          message: 'expected one of "Running", "Pending", "Failed", "Succeeded", got "Unknown"',
        },
        { path: 'extra', message: 'unknown field "extra"' },
      ]).message,
    );
  });

  it('refuses duplicate pod names and a Ready change before the pod started', () => {
    const input = {
      currentReplicas: 2,
      targetUtilization: 50,
      pods: [pod, { ...pod, startedSecondsAgo: 5, readyChangedSecondsAgo: 9 }],
    };
    expect(() => hpaDesiredReplicas(input)).toThrow(
      'Cannot compute desired replicas: pods[1].name: duplicate pod name "a"; pods[1].readyChangedSecondsAgo: ' +
        'expected at most startedSecondsAgo (5): the Ready condition changes only after the pod starts',
    );
  });

  it('refuses minReplicas above maxReplicas and out-of-range behavior fields, as the API server does', () => {
    expect(() =>
      hpaNormalizeReplicas({ currentReplicas: 3, desiredReplicas: 3, minReplicas: 5, maxReplicas: 4 }),
    ).toThrow('Cannot normalize replicas: minReplicas: expected at most maxReplicas (4)');
    const behavior = {
      scaleUp: {
        stabilizationWindowSeconds: 4000,
        policies: [{ type: 'Pods' as const, value: 0, periodSeconds: 15 }],
      },
    };
    expect(() =>
      hpaNormalizeReplicas({ currentReplicas: 3, desiredReplicas: 3, maxReplicas: 4, behavior }),
    ).toThrow(
      'behavior.scaleUp.stabilizationWindowSeconds: expected an integer from 0 to 3600, got 4000; ' +
        'behavior.scaleUp.policies[0].value: expected an integer >= 1, got 0',
    );
  });
});

describe('explanations of the paths the examples do not take', () => {
  it('says why there is no proposal and that the HPA keeps its count', () => {
    const text = explainDesiredReplicas({
      currentReplicas: 3,
      targetUtilization: 50,
      pods: [{ ...pod, phase: 'Pending' }],
    });
    expect(text).toMatch(/a .* → unready: phase Pending/);
    expect(text).toMatch(
      /No proposal: did not receive metrics for targeted pods \(pods might be unready\)\. The HPA keeps 3 replicas/,
    );
  });

  it('shows a scale-down with a missing pod counted at its full request', () => {
    const text = explainDesiredReplicas({
      currentReplicas: 3,
      targetUtilization: 100,
      pods: [pod, { ...pod, name: 'b' }, { name: 'c', phase: 'Running', ready: true, requestMilliCpu: 500 }],
    });
    expect(text).toMatch(/pods without a sample as using 100% of their request \(scale-down\)/);
    expect(text).toMatch(/Over 3 pods: utilization = trunc\(700m × 100 \/ 1500m\) = 46%/);
    expect(text).toMatch(/Result: 2 replicas/);
  });

  it('shows the legacy stabilisation and bounds, and the clamp before normalising', () => {
    const legacy = explainNormalizeReplicas({
      currentReplicas: 10,
      desiredReplicas: 2,
      maxReplicas: 20,
      recommendations: [
        { secondsAgo: 100, replicas: 6 },
        { secondsAgo: 400, replicas: 9 },
      ],
    });
    expect(legacy).toMatch(/in the window: 6 \(100s ago\) → 6/);
    expect(legacy).toMatch(/Result: 6 replicas — ScaleDownStabilized/);
    expect(explainNormalizeReplicas({ currentReplicas: 30, desiredReplicas: 5, maxReplicas: 20 })).toMatch(
      /Before the metrics are used: Current number of replicas above Spec.MaxReplicas\n\nResult: 20 replicas/,
    );
  });
});
