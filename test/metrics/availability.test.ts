import { describe, expect, it } from 'vitest';
import { TimeWeightedValue } from '../../src/metrics/time-weighted.js';
import { deployment, makeCluster, S } from '../controllers/harness.js';

describe('TimeWeightedValue', () => {
  it('integrates a step function exactly and ignores the warm-up', () => {
    const v = new TimeWeightedValue(1, 0, 10);
    v.set(3, 20); // 1 over [10, 20)
    v.set(0, 25); // 3 over [20, 25)
    expect(v.area(30)).toBe(10 + 15); // 0 over [25, 30)
    expect(v.summary(30)).toEqual({ mean: 25 / 20, min: 0, max: 3 });
  });

  it('has no summary before any time in the window has passed', () => {
    expect(new TimeWeightedValue(5, 0, 100).summary(50)).toBeUndefined();
  });
});

describe('AvailabilityTracker', () => {
  // Timings from Kubernetes' rules (see node-failure.test.ts): pods start at 10 s; the crashed node's pod
  // stops serving at 105 s; the node goes Unknown at 155 s, is queued for the NoExecute taint on the next
  // monitor pass (160 s) and tainted at 160.1 s; the pod is evicted at 460.1 s and its replacement is
  // Ready 10 s later.
  it('measures the unavailability a node crash causes, to the microsecond', () => {
    const c = makeCluster({ workloads: [deployment('web', 3)], duration: 1000 * S });
    c.crash('p-0', 105 * S);
    const { overall, workloads } = c.run.finish().availability;
    const lostPodSeconds = 3 * 10 + (470.1 - 105);
    expect(overall).toBeCloseTo(1 - lostPodSeconds / 3000, 9);
    expect(workloads[0]?.anyAvailable).toBeCloseTo(1 - 10 / 1000, 9);
    expect(workloads[0]?.fullyAvailable).toBeCloseTo(1 - (10 + 365.1) / 1000, 9);
    expect(workloads[0]?.minAvailablePods).toBe(0);
  });
});
