import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type HpaBehavior,
  type HpaPod,
  hpaDesiredReplicas,
  hpaNormalizeReplicas,
} from '../../../src/index.js';

const policy = fc.record({
  type: fc.constantFrom('Pods' as const, 'Percent' as const),
  value: fc.integer({ min: 1, max: 300 }),
  periodSeconds: fc.integer({ min: 1, max: 1800 }),
});
const rules = fc.record(
  {
    stabilizationWindowSeconds: fc.integer({ min: 0, max: 3600 }),
    selectPolicy: fc.constantFrom('Max' as const, 'Min' as const, 'Disabled' as const),
    policies: fc.array(policy, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const history = fc.array(
  fc.record({ secondsAgo: fc.integer({ min: 0, max: 4000 }), replicas: fc.integer({ min: 0, max: 200 }) }),
  { maxLength: 6 },
);
const events = fc.array(
  fc.record({
    secondsAgo: fc.integer({ min: 0, max: 2000 }),
    replicaChange: fc.integer({ min: 0, max: 50 }),
  }),
  { maxLength: 4 },
);

describe('hpaNormalizeReplicas properties', () => {
  it('keeps the result within [minReplicas, maxReplicas] unless the target is at 0 with minReplicas > 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.option(fc.record({ scaleUp: rules, scaleDown: rules }, { requiredKeys: [] }), { nil: undefined }),
        history,
        events,
        events,
        (min, span, current, desired, behavior, recommendations, scaleUpEvents, scaleDownEvents) => {
          const max = min + span;
          const got = hpaNormalizeReplicas({
            currentReplicas: current,
            desiredReplicas: desired,
            minReplicas: min,
            maxReplicas: max,
            ...(behavior ? { behavior } : {}),
            recommendations,
            scaleUpEvents,
            scaleDownEvents,
          });
          if (current === 0 && min !== 0) expect(got.replicas).toBe(0);
          else {
            expect(got.replicas).toBeGreaterThanOrEqual(min);
            expect(got.replicas).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });

  it('never adds more than max(2 × current, 4) in one sync without behavior', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 5000 }),
        history,
        (current, desired, recs) => {
          const got = hpaNormalizeReplicas({
            currentReplicas: current,
            desiredReplicas: desired,
            maxReplicas: 10_000,
            recommendations: recs,
          });
          expect(got.replicas).toBeLessThanOrEqual(Math.max(2 * current, 4));
        },
      ),
    );
  });

  it('adds at most `value` pods within any policy period over a run of syncs every 15 s', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom(15, 30, 60, 120),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 25 }),
        (value, periodSeconds, increments) => {
          const behavior: HpaBehavior = { scaleUp: { policies: [{ type: 'Pods', value, periodSeconds }] } };
          const added: { at: number; change: number }[] = [];
          let current = 1;
          let desired = 1;
          increments.forEach((inc, i) => {
            const now = i * 15;
            desired += inc;
            const got = hpaNormalizeReplicas({
              currentReplicas: current,
              desiredReplicas: desired,
              maxReplicas: 100_000,
              behavior,
              scaleUpEvents: added.map((e) => ({ secondsAgo: now - e.at, replicaChange: e.change })),
            });
            if (got.replicas > current) added.push({ at: now, change: got.replicas - current });
            current = got.replicas;
            const inWindow = added
              .filter((e) => now - e.at < periodSeconds)
              .reduce((s, e) => s + e.change, 0);
            expect(inWindow).toBeLessThanOrEqual(value);
          });
        },
      ),
    );
  });
});

/** n Running, Ready pods started long ago, each with a sample. */
const steadyPods = (samples: { request: number; usage: number }[]): HpaPod[] =>
  samples.map((s, i) => ({
    name: `p${i}`,
    phase: 'Running',
    ready: true,
    requestMilliCpu: s.request,
    usageMilliCpu: s.usage,
  }));

describe('hpaDesiredReplicas properties', () => {
  const samples = fc.array(
    fc.record({ request: fc.integer({ min: 1, max: 4000 }), usage: fc.integer({ min: 0, max: 8000 }) }),
    { minLength: 1, maxLength: 30 },
  );

  it('keeps the current count within the tolerance and otherwise moves the way the utilisation points', () => {
    fc.assert(
      fc.property(
        samples,
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (s, target, tolerance) => {
          const got = hpaDesiredReplicas({
            currentReplicas: s.length,
            targetUtilization: target,
            tolerance,
            pods: steadyPods(s),
          });
          const utilization = got.utilization as number;
          const ratio = utilization / target;
          if (1 - tolerance <= ratio && ratio <= 1 + tolerance) expect(got.replicas).toBe(s.length);
          else {
            expect(got.replicas).toBe(Math.ceil(ratio * s.length));
            if (ratio > 1) expect(got.replicas).toBeGreaterThanOrEqual(s.length);
            else expect(got.replicas).toBeLessThanOrEqual(s.length);
          }
        },
      ),
    );
  });

  it('reports the truncated integer percent of summed usage over summed requests', () => {
    fc.assert(
      fc.property(samples, (s) => {
        const got = hpaDesiredReplicas({
          currentReplicas: s.length,
          targetUtilization: 50,
          pods: steadyPods(s),
        });
        const usage = s.reduce((a, x) => a + x.usage, 0);
        const request = s.reduce((a, x) => a + x.request, 0);
        expect(got.utilization).toBe(Math.floor((usage * 100) / request));
      }),
    );
  });

  it('never scales up because of pods without samples, nor down because of unready pods', () => {
    fc.assert(
      fc.property(
        samples,
        fc.integer({ min: 1, max: 10 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 200 }),
        (s, extra, missing, target) => {
          const pods = steadyPods(s);
          for (let i = 0; i < extra; i++)
            pods.push(
              missing
                ? { name: `m${i}`, phase: 'Running', ready: true, requestMilliCpu: 1000 }
                : { name: `u${i}`, phase: 'Pending', ready: false, requestMilliCpu: 1000 },
            );
          const current = pods.length;
          const got = hpaDesiredReplicas({ currentReplicas: current, targetUtilization: target, pods });
          const ratio = (got.utilization as number) / target;
          if (ratio <= 1) expect(got.replicas).toBeLessThanOrEqual(current);
          if (ratio >= 1) expect(got.replicas).toBeGreaterThanOrEqual(current);
        },
      ),
    );
  });
});
