import { describe, expect, it } from 'vitest';
import { type HpaScalingRules, resolveBehavior } from '../../../src/controllers/hpa/defaults.js';
import {
  boundLegacy,
  boundWithBehaviors,
  legacyScaleUpLimit,
  scaleDownLimit,
  scaleUpLimit,
} from '../../../src/controllers/hpa/rate-limits.js';
import { stabilizeLegacy, stabilizeWithBehaviors } from '../../../src/controllers/hpa/stabilization.js';
import { type HpaScaleEvent, hpaNormalizeReplicas } from '../../../src/index.js';

// Cases of kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go, under their upstream
// names. Each runs against the internal step upstream tests (stabilizeRecommendation…,
// convertDesiredReplicas…, calculateScale…Limit…) and, where the case's current count lies within
// [minReplicas, maxReplicas] (reconcileAutoscaler clamps it before normalising otherwise), through
// the exported hpaNormalizeReplicas too. Recommendation timestamps become secondsAgo.

/** horizontal_test.go generateScalingRules: Max, the window, and the non-zero policies. */
function generateScalingRules(
  pods: number,
  podsPeriod: number,
  percent: number,
  percentPeriod: number,
  stabilizationWindow: number,
): HpaScalingRules {
  const policies: NonNullable<HpaScalingRules['policies']> = [];
  if (pods !== 0) policies.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (percent !== 0) policies.push({ type: 'Percent', value: percent, periodSeconds: percentPeriod });
  return {
    stabilizationWindowSeconds: stabilizationWindow,
    selectPolicy: 'Max',
    ...(policies.length > 0 ? { policies } : {}),
  };
}

/** horizontal_test.go generateEventsUniformDistribution: each event in the middle of its segment of the period. */
function generateEventsUniformDistribution(rawEvents: number[], periodSeconds: number): HpaScaleEvent[] {
  const segment = periodSeconds / rawEvents.length;
  return rawEvents.map((replicaChange, idx) => ({
    replicaChange,
    secondsAgo: Math.trunc(periodSeconds - segment * (idx + 1) + segment / 2),
  }));
}

describe('TestNormalizeDesiredReplicas (legacy stabilisation, 5 min window)', () => {
  const cases: [string, [number, number][], number, number][] = [
    ['empty log', [], 5, 5],
    [
      'stabilize',
      [
        [4, 120],
        [5, 60],
      ],
      3,
      5,
    ],
    [
      'no stabilize',
      [
        [1, 120],
        [2, 60],
      ],
      3,
      3,
    ],
    [
      'no stabilize - old recommendations',
      [
        [10, 600],
        [9, 540],
      ],
      3,
      3,
    ],
    [
      'stabilize - old recommendations',
      [
        [10, 600],
        [4, 60],
        [5, 120],
        [9, 540],
      ],
      3,
      5,
    ],
  ];
  it.each(cases)('%s', (_name, recs, prenormalized, expected) => {
    const recommendations = recs.map(([replicas, secondsAgo]) => ({ replicas, secondsAgo }));
    expect(stabilizeLegacy(prenormalized, recommendations, 300).replicas).toBe(expected);
    // Through the public function: current 5 of [1, 100], so only the stabilisation decides.
    const got = hpaNormalizeReplicas({
      currentReplicas: 5,
      desiredReplicas: prenormalized,
      maxReplicas: 100,
      recommendations,
    });
    expect(got.replicas).toBe(expected);
    expect(got.reason).toBe(expected === prenormalized ? 'DesiredWithinRange' : 'ScaleDownStabilized');
  });
});

describe('TestConvertDesiredReplicasWithRules (legacy bounds)', () => {
  const cases: [string, number, number, number, number, number, string][] = [
    ['prenormalized desired replicas within range', 5, 7, 3, 8, 7, 'DesiredWithinRange'],
    ['prenormalized desired replicas < minReplicas', 3, 1, 2, 8, 2, 'TooFewReplicas'],
    ['prenormalized desired zeroed replicas within range', 1, 0, 0, 10, 0, 'DesiredWithinRange'],
    ['maxReplicas is the limit because maxReplicas < scaleUpLimit', 20, 1000, 1, 10, 10, 'TooManyReplicas'],
    [
      'scaleUpLimit is the limit because scaleUpLimit < maxReplicas',
      3,
      1000,
      1,
      2000,
      legacyScaleUpLimit(3),
      'ScaleUpLimit',
    ],
  ];
  it.each(cases)('%s', (_name, current, desired, min, max, expected, condition) => {
    expect(boundLegacy(current, desired, min, max)).toMatchObject({ replicas: expected, reason: condition });
    if (current >= min && current <= max) {
      const got = hpaNormalizeReplicas({
        currentReplicas: current,
        desiredReplicas: desired,
        minReplicas: min,
        maxReplicas: max,
      });
      expect(got).toMatchObject({ replicas: expected, reason: condition });
    }
  });
});

describe('TestNormalizeDesiredReplicasWithBehavior (stabilisation windows)', () => {
  // Upstream leaves a window it does not set at 0.
  const cases: [string, [number, number][], number, number, number, number, number][] = [
    ['empty recommendations for scaling down', [], 100, 5, 5, 0, 0],
    [
      'simple scale down stabilization',
      [
        [4, 120],
        [5, 60],
      ],
      100,
      3,
      5,
      0,
      180,
    ],
    [
      'simple scale up stabilization',
      [
        [4, 120],
        [5, 60],
      ],
      1,
      7,
      4,
      300,
      0,
    ],
    [
      'no scale down stabilization',
      [
        [1, 120],
        [2, 60],
      ],
      100,
      3,
      3,
      300,
      0,
    ],
    [
      'no scale up stabilization',
      [
        [4, 120],
        [5, 60],
      ],
      1,
      3,
      3,
      0,
      300,
    ],
    [
      'no scale down stabilization, reuse recommendation element',
      [
        [10, 600],
        [9, 540],
      ],
      100,
      3,
      3,
      0,
      0,
    ],
    [
      'no scale up stabilization, reuse recommendation element',
      [
        [10, 600],
        [9, 540],
      ],
      1,
      100,
      100,
      0,
      0,
    ],
    [
      'scale down stabilization, reuse one of obsolete recommendation element',
      [
        [10, 600],
        [4, 60],
        [5, 120],
        [9, 540],
      ],
      100,
      3,
      5,
      0,
      180,
    ],
    [
      'scale up stabilization, reuse one of obsolete recommendation element',
      [
        [10, 6000],
        [6, 60],
        [5, 120],
        [9, 180],
      ],
      1,
      100,
      5,
      300,
      0,
    ],
    [
      'scale up and down stabilization, do not scale up when prenormalized rec goes down',
      [
        [2, 6000],
        [3, 180],
      ],
      2,
      1,
      2,
      300,
      300,
    ],
    [
      'scale up and down stabilization, do not scale down when prenormalized rec goes up',
      [
        [2, 6000],
        [1, 180],
      ],
      2,
      3,
      2,
      300,
      300,
    ],
  ];
  it.each(cases)('%s', (_name, recs, current, prenormalized, expected, upWindow, downWindow) => {
    const recommendations = recs.map(([replicas, secondsAgo]) => ({ replicas, secondsAgo }));
    expect(
      stabilizeWithBehaviors(current, prenormalized, recommendations, upWindow, downWindow).replicas,
    ).toBe(expected);
  });

  it('simple scale up stabilization, through hpaNormalizeReplicas (the default rate allows +4)', () => {
    const got = hpaNormalizeReplicas({
      currentReplicas: 1,
      desiredReplicas: 7,
      maxReplicas: 100,
      behavior: { scaleUp: { stabilizationWindowSeconds: 300 } },
      recommendations: [
        { replicas: 4, secondsAgo: 120 },
        { replicas: 5, secondsAgo: 60 },
      ],
    });
    expect(got).toMatchObject({ replicas: 4, reason: 'ScaleUpStabilized' });
  });
});

describe('TestScalingWithRules (behavior rate limits)', () => {
  interface Case {
    name: string;
    scaleUpEvents?: HpaScaleEvent[];
    scaleDownEvents?: HpaScaleEvent[];
    specMinReplicas: number;
    specMaxReplicas: number;
    scaleUpRules?: HpaScalingRules;
    scaleDownRules?: HpaScalingRules;
    currentReplicas: number;
    prenormalizedDesiredReplicas: number;
    expectedReplicas: number;
    expectedCondition: string;
  }
  const up = (events: number[], period: number) => generateEventsUniformDistribution(events, period);
  const cases: Case[] = [
    {
      name: 'prenormalized desired replicas within range',
      currentReplicas: 5,
      prenormalizedDesiredReplicas: 7,
      specMinReplicas: 3,
      specMaxReplicas: 8,
      expectedReplicas: 7,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: 'prenormalized desired replicas < minReplicas',
      currentReplicas: 3,
      prenormalizedDesiredReplicas: 1,
      specMinReplicas: 2,
      specMaxReplicas: 8,
      expectedReplicas: 2,
      expectedCondition: 'TooFewReplicas',
    },
    {
      name: 'prenormalized desired replicas within range when minReplicas is 0',
      currentReplicas: 1,
      prenormalizedDesiredReplicas: 0,
      specMinReplicas: 0,
      specMaxReplicas: 10,
      expectedReplicas: 0,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: 'maxReplicas is the limit because maxReplicas < scaleUpLimit',
      currentReplicas: 20,
      prenormalizedDesiredReplicas: 1000,
      specMinReplicas: 1,
      specMaxReplicas: 10,
      expectedReplicas: 10,
      expectedCondition: 'TooManyReplicas',
    },
    {
      name: 'desired replica count is more than the maximum replica count',
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 1000,
      specMinReplicas: 100,
      specMaxReplicas: 150,
      expectedReplicas: 150,
      expectedCondition: 'TooManyReplicas',
    },
    {
      name: 'scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies',
      currentReplicas: 3,
      prenormalizedDesiredReplicas: 1000,
      specMinReplicas: 1,
      specMaxReplicas: 2000,
      scaleUpRules: generateScalingRules(0, 0, 1, 60, 0),
      expectedReplicas: 4,
      expectedCondition: 'ScaleUpLimit',
    },
    // Upstream marks this case testThis and skips it; its expectation holds here.
    {
      name: 'scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies',
      currentReplicas: 1000,
      prenormalizedDesiredReplicas: 3,
      specMinReplicas: 3,
      specMaxReplicas: 2000,
      scaleDownRules: generateScalingRules(20, 60, 0, 0, 0),
      expectedReplicas: 980,
      expectedCondition: 'ScaleDownLimit',
    },
    {
      name: 'scaleUp with default behavior',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 50,
      expectedReplicas: 20,
      expectedCondition: 'ScaleUpLimit',
    },
    {
      name: 'scaleUp with pods policy larger than percent policy',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(100, 60, 100, 60, 0),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 500,
      expectedReplicas: 110,
      expectedCondition: 'ScaleUpLimit',
    },
    {
      name: 'scaleUp with percent policy larger than pods policy',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(2, 60, 100, 60, 0),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 500,
      expectedReplicas: 20,
      expectedCondition: 'ScaleUpLimit',
    },
    {
      name: 'scaleUp with spec MaxReplicas limitation with large pod policy',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(100, 60, 0, 0, 0),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 50,
      expectedReplicas: 50,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: 'scaleUp with spec MaxReplicas limitation with large percent policy',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(10000, 60, 0, 0, 0),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 50,
      expectedReplicas: 50,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: 'scaleUp with pod policy limitation',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(30, 60, 0, 0, 0),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 50,
      expectedReplicas: 40,
      expectedCondition: 'ScaleUpLimit',
    },
    {
      name: 'scaleUp with percent policy limitation',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(0, 0, 200, 60, 0),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 50,
      expectedReplicas: 30,
      expectedCondition: 'ScaleUpLimit',
    },
    {
      name: 'scaleDown with percent policy larger than pod policy',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(20, 60, 1, 60, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 2,
      expectedReplicas: 80,
      expectedCondition: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown with pod policy larger than percent policy',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(2, 60, 1, 60, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 2,
      expectedReplicas: 98,
      expectedCondition: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown with spec MinReplicas=nil limitation with large pod policy',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(100, 60, 0, 0, 300),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 0,
      expectedReplicas: 1,
      expectedCondition: 'TooFewReplicas',
    },
    {
      name: 'scaleDown with spec MinReplicas limitation with large pod policy',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(100, 60, 0, 0, 300),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 0,
      expectedReplicas: 1,
      expectedCondition: 'TooFewReplicas',
    },
    {
      name: 'scaleDown with spec MinReplicas limitation with large percent policy',
      specMinReplicas: 5,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(0, 0, 100, 60, 300),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 2,
      expectedReplicas: 5,
      expectedCondition: 'TooFewReplicas',
    },
    {
      name: 'scaleDown with pod policy limitation',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(5, 60, 0, 0, 300),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 2,
      expectedReplicas: 5,
      expectedCondition: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown with percent policy limitation',
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(0, 0, 50, 60, 300),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 5,
      expectedReplicas: 5,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: 'scaleUp with spec MaxReplicas limitation with large pod policy and events',
      scaleUpEvents: up([1, 5, 9], 120),
      specMinReplicas: 1,
      specMaxReplicas: 200,
      scaleUpRules: generateScalingRules(300, 60, 0, 0, 0),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 500,
      expectedReplicas: 200,
      expectedCondition: 'TooManyReplicas',
    },
    {
      name: 'scaleUp with spec MaxReplicas limitation with large percent policy and events',
      scaleUpEvents: up([1, 5, 9], 120),
      specMinReplicas: 1,
      specMaxReplicas: 200,
      scaleUpRules: generateScalingRules(0, 0, 10000, 60, 0),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 500,
      expectedReplicas: 200,
      expectedCondition: 'TooManyReplicas',
    },
    {
      name: 'scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events',
      scaleUpEvents: up([1, 5, 9], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(5, 120, 0, 0, 0),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 500,
      expectedReplicas: 100,
      expectedCondition: 'ScaleUpLimit',
    },
    {
      name: 'scaleUp with pod policy and previous scale up events',
      scaleUpEvents: up([1, 5, 9], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(150, 120, 0, 0, 0),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 500,
      expectedReplicas: 235,
      expectedCondition: 'ScaleUpLimit',
    },
    {
      name: 'scaleUp with percent policy and previous scale up events',
      scaleUpEvents: up([1, 5, 9], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(0, 0, 200, 120, 0),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 500,
      expectedReplicas: 255,
      expectedCondition: 'ScaleUpLimit',
    },
    {
      name: 'scaleUp with percent policy and previous scale up and down events',
      scaleUpEvents: up([4], 120),
      scaleDownEvents: up([2], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(0, 0, 300, 300, 0),
      currentReplicas: 6,
      prenormalizedDesiredReplicas: 24,
      expectedReplicas: 16,
      expectedCondition: 'ScaleUpLimit',
    },
    {
      name: 'scaleDown with default policy and previous events',
      scaleDownEvents: up([1, 5, 9], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 5,
      expectedReplicas: 5,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: 'scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events',
      scaleDownEvents: up([1, 5, 9], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(115, 120, 0, 0, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 0,
      expectedReplicas: 1,
      expectedCondition: 'TooFewReplicas',
    },
    {
      name: 'scaleDown with spec MinReplicas limitation with large pod policy and previous events',
      scaleDownEvents: up([1, 5, 9], 120),
      specMinReplicas: 5,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(130, 120, 0, 0, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 0,
      expectedReplicas: 5,
      expectedCondition: 'TooFewReplicas',
    },
    {
      name: 'scaleDown with spec MinReplicas limitation with large percent policy and previous events',
      scaleDownEvents: up([1, 5, 9], 120),
      specMinReplicas: 5,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(0, 0, 100, 120, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 2,
      expectedReplicas: 5,
      expectedCondition: 'TooFewReplicas',
    },
    {
      name: 'scaleDown with pod policy limitation and previous events',
      scaleDownEvents: up([1, 5, 9], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(5, 120, 0, 0, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 2,
      expectedReplicas: 100,
      expectedCondition: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown with percent policy limitation and previous events',
      scaleDownEvents: up([2, 4, 6], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(0, 0, 50, 120, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 0,
      expectedReplicas: 56,
      expectedCondition: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown with percent policy and previous scale up and down events',
      scaleUpEvents: up([2], 120),
      scaleDownEvents: up([4], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(0, 0, 50, 180, 0),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 1,
      expectedReplicas: 6,
      expectedCondition: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown with previous events preventing further scale down',
      scaleDownEvents: up([10, 10, 10], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(0, 0, 10, 120, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 0,
      expectedReplicas: 100,
      expectedCondition: 'ScaleDownLimit',
    },
    {
      name: 'scaleDown with with previous events still allowing more scale down',
      scaleDownEvents: up([10, 10, 10], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(0, 0, 1000, 120, 300),
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 5,
      expectedReplicas: 5,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: "check 'outdated' flag for events for one behavior for up",
      scaleUpEvents: up([8, 12, 9, 11], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(1000, 60, 0, 0, 0),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 200,
      expectedReplicas: 200,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: "check that events were not marked 'outdated' for two different policies in the behavior for up",
      scaleUpEvents: up([8, 12, 9, 11], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(1000, 120, 100, 60, 0),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 200,
      expectedReplicas: 200,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: "check that events were marked 'outdated' for two different policies in the behavior for up",
      scaleUpEvents: up([8, 12, 9, 11], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleUpRules: generateScalingRules(1000, 30, 100, 60, 0),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 200,
      expectedReplicas: 200,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: "check 'outdated' flag for events for one behavior for down",
      scaleDownEvents: up([8, 12, 9, 11], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(1000, 60, 0, 0, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 5,
      expectedReplicas: 5,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: "check that events were not marked 'outdated' for two different policies in the behavior for down",
      scaleDownEvents: up([8, 12, 9, 11], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(1000, 120, 100, 60, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 5,
      expectedReplicas: 5,
      expectedCondition: 'DesiredWithinRange',
    },
    {
      name: "check that events were marked 'outdated' for two different policies in the behavior for down",
      scaleDownEvents: up([8, 12, 9, 11], 120),
      specMinReplicas: 1,
      specMaxReplicas: 1000,
      scaleDownRules: generateScalingRules(1000, 30, 100, 60, 300),
      currentReplicas: 100,
      prenormalizedDesiredReplicas: 5,
      expectedReplicas: 5,
      expectedCondition: 'DesiredWithinRange',
    },
  ];
  it.each(cases)('$name', (tc) => {
    const behavior = {
      ...(tc.scaleUpRules ? { scaleUp: tc.scaleUpRules } : {}),
      ...(tc.scaleDownRules ? { scaleDown: tc.scaleDownRules } : {}),
    };
    const upEvents = tc.scaleUpEvents ?? [];
    const downEvents = tc.scaleDownEvents ?? [];
    const bounded = boundWithBehaviors(
      tc.currentReplicas,
      tc.prenormalizedDesiredReplicas,
      tc.specMinReplicas,
      tc.specMaxReplicas,
      upEvents,
      downEvents,
      resolveBehavior(behavior, 300),
    );
    expect(bounded).toMatchObject({ replicas: tc.expectedReplicas, reason: tc.expectedCondition });
    if (tc.currentReplicas >= tc.specMinReplicas && tc.currentReplicas <= tc.specMaxReplicas) {
      // No recommendations: the stabilisation passes the proposal through, the rate decides.
      const got = hpaNormalizeReplicas({
        currentReplicas: tc.currentReplicas,
        desiredReplicas: tc.prenormalizedDesiredReplicas,
        minReplicas: tc.specMinReplicas,
        maxReplicas: tc.specMaxReplicas,
        behavior,
        scaleUpEvents: upEvents,
        scaleDownEvents: downEvents,
      });
      expect(got).toMatchObject({ replicas: tc.expectedReplicas, reason: tc.expectedCondition });
    }
  });
});

describe('TestCalculateScaleUpLimitWithScalingRules and TestCalculateScaleDownLimitWithBehaviors', () => {
  const rules = {
    stabilizationWindowSeconds: 300,
    selectPolicy: 'Min' as const,
    policies: [
      { type: 'Pods' as const, value: 2, periodSeconds: 60 },
      { type: 'Percent' as const, value: 50, periodSeconds: 60 },
    ],
  };
  it('TestCalculateScaleUpLimitWithScalingRules', () => {
    expect(scaleUpLimit(1, [], [], rules).limit).toBe(2);
  });
  it('TestCalculateScaleDownLimitWithBehaviors', () => {
    expect(scaleDownLimit(5, [], [], rules).limit).toBe(3);
  });
});

describe('hpaNormalizeReplicas: before normalising (reconcileAutoscaler)', () => {
  it('does not scale a target at zero replicas while minReplicas > 0 (ScalingDisabled)', () => {
    expect(hpaNormalizeReplicas({ currentReplicas: 0, desiredReplicas: 5, maxReplicas: 10 })).toMatchObject({
      replicas: 0,
      reason: 'ScalingDisabled',
    });
  });
  it('brings a target above maxReplicas down to it at once, whatever the rate', () => {
    const got = hpaNormalizeReplicas({
      currentReplicas: 30,
      desiredReplicas: 30,
      maxReplicas: 10,
      behavior: { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 600 }] } },
    });
    expect(got).toMatchObject({ replicas: 10, reason: 'Current number of replicas above Spec.MaxReplicas' });
  });
  it('brings a target below minReplicas up to it at once', () => {
    const got = hpaNormalizeReplicas({
      currentReplicas: 1,
      desiredReplicas: 1,
      minReplicas: 3,
      maxReplicas: 10,
    });
    expect(got).toMatchObject({ replicas: 3, reason: 'Current number of replicas below Spec.MinReplicas' });
  });
  it('sets AbleToScale and ScalingLimited as upstream does', () => {
    const got = hpaNormalizeReplicas({ currentReplicas: 3, desiredReplicas: 1000, maxReplicas: 2000 });
    expect(got.conditions).toEqual([
      {
        type: 'AbleToScale',
        status: 'True',
        reason: 'ReadyForNewScale',
        message: 'recommended size matches current size',
      },
      {
        type: 'ScalingLimited',
        status: 'True',
        reason: 'ScaleUpLimit',
        message: 'the desired replica count is increasing faster than the maximum scale rate',
      },
    ]);
  });
  it('applies selectPolicy Disabled: no scale-down at all', () => {
    const got = hpaNormalizeReplicas({
      currentReplicas: 8,
      desiredReplicas: 2,
      maxReplicas: 10,
      behavior: { scaleDown: { selectPolicy: 'Disabled' } },
    });
    expect(got).toMatchObject({ replicas: 8, reason: 'ScaleDownLimit' });
  });
});
