import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downtimePer30Days } from '../../src/metrics/downtime.js';
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

describe('availablePodsTimeFraction', () => {
  // The timeline of the test above, by hand: 0 pods serve over [0, 10 s), 3 over [10, 105), 2 over
  // [105, 470.1) and 3 again over [470.1, 1000).
  it('is the fraction of the window with exactly i available pods', () => {
    const c = makeCluster({ workloads: [deployment('web', 3)], duration: 1000 * S });
    c.crash('p-0', 105 * S);
    const [web] = c.run.finish().availability.workloads;
    const f = web?.availablePodsTimeFraction ?? [];
    expect(f).toHaveLength(4);
    expect(f[0]).toBeCloseTo(10 / 1000, 12);
    expect(f[1]).toBe(0);
    expect(f[2]).toBeCloseTo(365.1 / 1000, 12);
    expect(f[3]).toBeCloseTo((95 + 529.9) / 1000, 12);
  });

  it('agrees with the other availability fields for any crash and repair times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 900 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (changes) => {
          const c = makeCluster({ workloads: [deployment('web', 3)], duration: 1000 * S });
          changes.forEach(([node, at], i) => {
            if (i % 2 === 0) c.crash(`p-${node}`, at * S);
            else c.recover(`p-${node}`, at * S);
          });
          const [w] = c.run.finish().availability.workloads;
          if (!w) throw new Error('no workload');
          const f = w.availablePodsTimeFraction;
          const n = w.replicas;
          expect(f.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          expect(1 - (f[0] ?? 0)).toBeCloseTo(w.anyAvailable, 12);
          expect(f.slice(n).reduce((a, b) => a + b, 0)).toBeCloseTo(w.fullyAvailable, 12);
          expect(f.reduce((a, x, i) => a + x * (Math.min(i, n) / n), 0)).toBeCloseTo(w.availability, 12);
          expect(f.findIndex((x) => x > 0)).toBe(w.minAvailablePods);
        },
      ),
      { numRuns: 15, seed: 7 },
    );
  });
});

describe('downtimePer30Days', () => {
  it('is (1 − availability) × 30 days: 99.9 % allows 43 min 12 s', () => {
    expect(downtimePer30Days(0.999)).toBe((43 * 60 + 12) * S);
    expect(downtimePer30Days(1)).toBe(0);
    expect(downtimePer30Days(0)).toBe(30 * 24 * 3600 * S);
  });
});
