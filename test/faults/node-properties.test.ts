import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../../src/model/scenario.js';
import { deployment, makeCluster, pool, S } from '../controllers/harness.js';

const at = fc.integer({ min: 30, max: 3000 }).map((s) => s * S);
const length = fc.integer({ min: 1, max: 1200 }).map((s) => s * S);
const node = fc.integer({ min: 0, max: 5 }).map((i) => `p-${i}`);
const zone = fc.constantFrom('a', 'b', 'c');

/** Node, zone, partition and control-plane faults, all ending by 4200 s. */
const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({
    kind: fc.constant('nodeCrash' as const),
    at,
    target: node.map((n) => ({ node: n, count: 1 })),
    for: length,
  }),
  fc.record({
    kind: fc.constant('zoneOutage' as const),
    at,
    target: zone.map((z) => ({ zone: z })),
    for: length,
  }),
  fc.record({
    kind: fc.constant('networkPartition' as const),
    at,
    target: fc.oneof(
      node.map((n) => ({ node: n })),
      zone.map((z) => ({ zone: z })),
    ),
    for: length,
  }),
  fc.record({
    kind: fc.constant('kubeletStop' as const),
    at,
    target: node.map((n) => ({ node: n, count: 1 })),
    for: length,
  }),
  fc.record({
    kind: fc.constant('controlPlaneMemberLoss' as const),
    at,
    count: fc.integer({ min: 1, max: 2 }),
    for: length,
  }),
);

describe('node and control-plane faults (properties)', () => {
  it('no pod is bound to a node the API does not show Ready; after the faults everything converges', () => {
    fc.assert(
      fc.property(fc.array(fault, { minLength: 1, maxLength: 6 }), (faults) => {
        // Three control-plane members, one per zone: a zone outage takes one, a member loss one or two.
        const c = makeCluster({
          pools: [pool({ count: 6 })],
          workloads: [deployment('web', 4)],
          faults,
          controlPlane: { members: 3, zones: ['a', 'b', 'c'] },
        });
        let badBindings = 0;
        c.cluster.watch((e) => {
          if (e.type === 'PodBound' && c.cluster.node(e.pod.nodeName ?? '')?.ready !== 'True') badBindings++;
        });
        // Faults end by 4200 s; then at most 50 s to notice, 300 s to evict, a start-up, and slack.
        c.sim.run(6000 * S);
        expect(badBindings).toBe(0);
        expect(c.api.isWritable).toBe(true);
        expect([...c.cluster.nodes].every((n) => c.truth.isKubeletActive(n.name) && n.ready === 'True')).toBe(
          true,
        );
        const pods = [...c.cluster.pods];
        expect(pods).toHaveLength(4);
        expect(pods.every((p) => p.deletionTimestamp === undefined && p.ready && c.truth.isRunning(p))).toBe(
          true,
        );
      }),
      { numRuns: 20 },
    );
  });
});
