import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaledValue } from '../../src/api/disruption.js';
import type { IntOrPercent, PodDisruptionBudget } from '../../src/model/workloads.js';
import { drainNode } from '../../src/operations/drain.js';
import { deployment, drainRecord, healthy, makeRun, pdb, pool, S } from './harness.js';

const WARM = 120 * S;

/** A budget over app=web: an integer or percentage minAvailable or maxUnavailable. */
const budget = (replicas: number) =>
  fc.oneof(
    fc
      .integer({ min: 0, max: replicas })
      .map((n): Pick<PodDisruptionBudget, 'minAvailable'> => ({ minAvailable: n })),
    fc
      .integer({ min: 0, max: 100 })
      .map((p): Pick<PodDisruptionBudget, 'minAvailable'> => ({ minAvailable: `${p}%` as IntOrPercent })),
    fc
      .integer({ min: 1, max: replicas })
      .map((n): Pick<PodDisruptionBudget, 'maxUnavailable'> => ({ maxUnavailable: n })),
    fc
      .integer({ min: 1, max: 100 })
      .map((p): Pick<PodDisruptionBudget, 'maxUnavailable'> => ({ maxUnavailable: `${p}%` as IntOrPercent })),
  );

/** The healthy pods the budget demands of `replicas` (desiredHealthy with every pod present). */
function desired(
  spec: Pick<PodDisruptionBudget, 'minAvailable' | 'maxUnavailable'>,
  replicas: number,
): number {
  if (spec.maxUnavailable !== undefined)
    return Math.max(0, replicas - scaledValue(spec.maxUnavailable, replicas));
  return scaledValue(spec.minAvailable ?? 0, replicas);
}

describe('drain (properties)', () => {
  it('draining nodes never takes a workload below its PodDisruptionBudget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((replicas) =>
          fc.record({
            replicas: fc.constant(replicas),
            budget: budget(replicas),
            nodes: fc.integer({ min: 2, max: 4 }),
            drained: fc.integer({ min: 1, max: 3 }),
            startup: fc.integer({ min: 1, max: 40 }),
            gap: fc.integer({ min: 0, max: 30 }),
          }),
        ),
        ({ replicas, budget: spec, nodes, drained, startup, gap }) => {
          const c = makeRun({
            pools: [pool({ count: nodes })],
            workloads: [deployment('web', replicas)],
            budgets: [pdb('web', spec)],
            startupSeconds: startup,
          });
          c.run.advance(WARM);
          expect(healthy(c.run, 'web')).toBe(replicas);
          const floor = Math.min(desired(spec, replicas), replicas);
          let lowest = replicas;
          c.run.cluster.watch(() => {
            lowest = Math.min(lowest, healthy(c.run, 'web'));
          });
          // kubectl drain of up to `nodes - 1` nodes, `gap` seconds apart, each running in parallel.
          for (let i = 0; i < Math.min(drained, nodes - 1); i++) {
            c.run.sim.scheduleAt(WARM + i * gap * S, () =>
              drainNode(
                c.ops,
                `p-${i}`,
                { force: false, atTimeout: 'fail' },
                drainRecord(c.ops, `p-${i}`),
                () => {},
              ),
            );
          }
          c.run.advance(WARM + 1800 * S);
          expect(lowest).toBeGreaterThanOrEqual(floor);
          // Nothing evicted is lost for good: the pods come back on the nodes left.
          expect(healthy(c.run, 'web')).toBe(replicas);
        },
      ),
      { numRuns: 60 },
    );
  });
});
