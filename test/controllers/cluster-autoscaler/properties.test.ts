import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constant } from '../../../src/engine/distributions.js';
import type { Gauge } from '../../../src/metrics/registry.js';
import { deployment, pool, S } from '../harness.js';
import { caRun } from './ca-harness.js';

const groupArb = fc
  .record({
    min: fc.integer({ min: 0, max: 3 }),
    extra: fc.integer({ min: 0, max: 4 }),
    above: fc.integer({ min: 0, max: 3 }),
    cpu: fc.constantFrom(2000, 4000, 8000),
    provisioningSeconds: fc.integer({ min: 0, max: 20 * 60 }),
  })
  .map((g) => ({ ...g, count: g.min + g.extra, max: g.min + g.extra + g.above }));

describe('cluster-autoscaler bounds (property)', () => {
  it('never above max nor below min: registered + provisioning ≤ max and registered ≥ min at every loop', () => {
    fc.assert(
      fc.property(
        fc.array(groupArb, { minLength: 1, maxLength: 2 }),
        fc.array(
          fc.record({ minute: fc.integer({ min: 0, max: 50 }), replicas: fc.integer({ min: 0, max: 60 }) }),
          {
            maxLength: 4,
          },
        ),
        fc.integer({ min: 1, max: 1000 }),
        (groups, changes, seed) => {
          const pools = groups.map((g, i) =>
            pool({
              name: `g${i}`,
              count: g.count,
              min: g.min,
              max: g.max,
              zones: [],
              allocatable: { cpu: g.cpu, memory: 16 * 2 ** 30, pods: 110 },
              provisioningTime: constant(g.provisioningSeconds * S),
            }),
          );
          const run = caRun({ pools, deployments: [deployment('web', 4)], seed, durationSeconds: 3600 });
          for (const c of changes)
            run.sim.scheduleAt(c.minute * 60 * S, () => run.api.scale('default/web', c.replicas));
          const nodes = run.metrics.all.find((m) => m.name === 'kubesim_node_pool_nodes') as Gauge;
          for (let t = 5 * S; t < 3600 * S; t += 10 * S) {
            run.advance(t);
            groups.forEach((g, i) => {
              const registered = nodes.value({ pool: `g${i}`, state: 'registered' });
              const provisioning = nodes.value({ pool: `g${i}`, state: 'provisioning' });
              expect(registered).toBeGreaterThanOrEqual(g.min);
              expect(registered + provisioning).toBeLessThanOrEqual(g.max);
            });
          }
          for (const e of run.finish().autoscaling?.clusterAutoscaler ?? []) {
            const g = groups[Number(e.target.slice('nodegroup/g'.length))];
            expect(e.to).toBeGreaterThanOrEqual(g?.min ?? 0);
            expect(e.to).toBeLessThanOrEqual(g?.max ?? 0);
          }
        },
      ),
      { numRuns: 12, seed: 11 },
    );
  });
});
