import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceScaleUp, similarTemplates } from '../../../src/controllers/cluster-autoscaler/balancing.js';
import { NodeGroup } from '../../../src/controllers/cluster-autoscaler/node-groups.js';
import { nodeFromPool } from '../../../src/sim/node-pools.js';
import { deployment, pool, S } from '../harness.js';
import { caRun, nodesByPool } from './ca-harness.js';

const GiB = 2 ** 30;
const group = (name: string, max: number) => new NodeGroup(pool({ name, count: 0, max, zones: [] }));

describe('--balance-similar-node-groups: similar templates (IsCloudProviderNodeInfoSimilar)', () => {
  const a = pool({ name: 'a', zones: ['zone-a'], allocatable: { cpu: 4000, memory: 16 * GiB, pods: 110 } });
  const template = (p: typeof a) => nodeFromPool(p, 0, 0);

  it('pools alike but for their zone and name are similar', () => {
    expect(similarTemplates(template(a), template({ ...a, name: 'b', zones: ['zone-b'] }))).toBe(true);
  });

  it('memory may differ by 1.5 %, cpu not at all, labels not at all', () => {
    const memory = (m: number) => template({ ...a, name: 'b', allocatable: { ...a.allocatable, memory: m } });
    expect(similarTemplates(template(a), memory(16 * GiB * 0.99))).toBe(true);
    expect(similarTemplates(template(a), memory(16 * GiB * 0.98))).toBe(false);
    expect(
      similarTemplates(
        template(a),
        template({ ...a, name: 'b', allocatable: { ...a.allocatable, cpu: 3990 } }),
      ),
    ).toBe(false);
    expect(similarTemplates(template(a), template({ ...a, name: 'b', labels: { tier: 'x' } }))).toBe(false);
    expect(similarTemplates(template(a), template({ ...a, name: 'b', instanceType: 'm5.2xlarge' }))).toBe(
      false,
    );
  });
});

describe('--balance-similar-node-groups: BalanceScaleUpBetweenGroups', () => {
  it('levels the smallest groups first', () => {
    const [g1, g2, g3] = [group('g1', 10), group('g2', 10), group('g3', 10)] as [
      NodeGroup,
      NodeGroup,
      NodeGroup,
    ];
    const sizes = [
      { group: g1, size: 3 },
      { group: g2, size: 1 },
      { group: g3, size: 1 },
    ];
    expect(balanceScaleUp(sizes, 2).map((r) => [r.group.id, r.from, r.to])).toEqual([
      ['g2', 1, 2],
      ['g3', 1, 2],
    ]);
    expect(balanceScaleUp(sizes, 7).map((r) => [r.group.id, r.from, r.to])).toEqual([
      ['g1', 3, 4],
      ['g2', 1, 4],
      ['g3', 1, 4],
    ]);
  });

  it('never goes past a group max; what no group can take is not added', () => {
    const [g1, g2] = [group('g1', 2), group('g2', 3)] as [NodeGroup, NodeGroup];
    expect(
      balanceScaleUp(
        [
          { group: g1, size: 1 },
          { group: g2, size: 1 },
        ],
        10,
      ).map((r) => r.to),
    ).toEqual([2, 3]);
  });

  it('property: adds min(n, room), never past max, and the groups that grew differ by at most one unless at max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ size: fc.integer({ min: 0, max: 8 }), room: fc.integer({ min: 0, max: 8 }) }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 0, max: 30 }),
        (specs, n) => {
          const groups = specs.map((s, i) => ({ group: group(`g${i}`, s.size + s.room), size: s.size }));
          const out = balanceScaleUp(groups, n);
          const added = out.reduce((a, r) => a + r.to - r.from, 0);
          const room = specs.reduce((a, s) => a + s.room, 0);
          expect(added).toBe(Math.min(n, room));
          for (const r of out) expect(r.to).toBeLessThanOrEqual(r.group.max);
          const grown = out.filter((r) => r.to < r.group.max).map((r) => r.to);
          if (grown.length > 1) expect(Math.max(...grown) - Math.min(...grown)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('--balance-similar-node-groups in a run', () => {
  // Two pools alike but for their zone; one full fixed node; 24 pending pods of 500m need 3 nodes of 4 cpu.
  const pools = () => [
    pool({ name: 'base', count: 1, zones: [] }),
    pool({ name: 'a', count: 0, max: 5, zones: ['zone-a'] }),
    pool({ name: 'b', count: 0, max: 5, zones: ['zone-b'] }),
  ];

  it('off (the default): the expander grows one group by all the nodes', () => {
    const run = caRun({ pools: pools(), deployments: [deployment('web', 32)] });
    run.advance(400 * S);
    const counts = nodesByPool(run);
    expect((counts.a ?? 0) + (counts.b ?? 0)).toBe(3);
    expect(Math.min(counts.a ?? 0, counts.b ?? 0)).toBe(0);
  });

  it('on: the three nodes are split over the two similar groups, 2 and 1', () => {
    const run = caRun({
      pools: pools(),
      deployments: [deployment('web', 32)],
      settings: { balanceSimilarNodeGroups: true },
    });
    run.advance(400 * S);
    const counts = nodesByPool(run);
    expect([counts.a ?? 0, counts.b ?? 0].sort()).toEqual([1, 2]);
    const ups = (run.finish().autoscaling?.clusterAutoscaler ?? []).filter((e) =>
      e.reason.startsWith('TriggeredScaleUp'),
    );
    expect(ups).toHaveLength(2);
    expect(ups[0]?.reason).toMatch(/balanced across 2 similar node groups$/);
  });
});
