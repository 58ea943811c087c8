import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterInput } from '../../src/model/cluster-input.js';
import type { Deployment } from '../../src/model/workloads.js';
import { explainScheduling } from '../../src/scheduler/explain.js';
import { renderExplanation } from '../../src/scheduler/explain-render.js';
import { makeNode, makePod } from './fixtures.js';

const Gi = 1024 ** 3;

function input(partial: Partial<ClusterInput>): ClusterInput {
  return {
    nodes: [],
    pods: [],
    deployments: [],
    statefulSets: [],
    services: [],
    podDisruptionBudgets: [],
    priorityClasses: [],
    ...partial,
  };
}

describe('explainScheduling', () => {
  it('gives every node: hand-computed raw and normalized scores with the weights, or the filter that rejected it (1.36)', () => {
    // a: 4 cpu / 8 Gi, b: 2 cpu / 8 Gi; the pod asks 1 cpu / 2 Gi; c has 0.5 cpu left.
    // NodeResourcesFit (LeastAllocated): a: cpu 75, memory 75 → 75; b: cpu 50, memory 75 → (50+75)/2 = 62.
    // BalancedAllocation ≥1.36: a: with pod |.25−.25|/2 → 100, without 100 → 50 + (50+0)/2 = 75;
    //   b: with pod |.5−.25|/2 = .125 → 87, without 100 → 50 + (50+87−100)/2 = 68.
    // TaintToleration: no intolerable PreferNoSchedule taints → raw 0 everywhere, normalized (reversed)
    // to 100. NodeAffinity and PodTopologySpread skip. total a = 3×100 + 75 + 75 = 450; b = 430.
    const result = explainScheduling(
      input({
        nodes: [
          makeNode('a', { cpu: 4000, memory: 8 * Gi }),
          makeNode('b', { cpu: 2000, memory: 8 * Gi }),
          makeNode('c', { cpu: 500, memory: 8 * Gi }),
        ],
        pods: [makePod('web', [{ cpu: 1000, memory: 2 * Gi }])],
      }),
      { kubernetesVersion: '1.36', explain: true },
    );
    const score = (raw: number, normalized = raw) => ({ raw, normalized });
    expect(result).toEqual({
      pods: [
        {
          pod: 'default/web',
          node: 'a',
          unschedulable: null,
          weights: { TaintToleration: 3, NodeResourcesFit: 1, NodeResourcesBalancedAllocation: 1 },
          nodes: [
            {
              node: 'a',
              result: 'scored',
              scores: {
                TaintToleration: score(0, 100),
                NodeResourcesFit: score(75),
                NodeResourcesBalancedAllocation: score(75),
              },
              total: 450,
            },
            {
              node: 'b',
              result: 'scored',
              scores: {
                TaintToleration: score(0, 100),
                NodeResourcesFit: score(62),
                NodeResourcesBalancedAllocation: score(68),
              },
              total: 430,
            },
            { node: 'c', result: 'filtered', plugin: 'NodeResourcesFit', reasons: ['Insufficient cpu'] },
          ],
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(renderExplanation(result).split('\n')).toEqual([
      'default/web → a',
      '  node  TaintToleration ×3  NodeResourcesFit ×1  NodeResourcesBalancedAllocation ×1  total',
      '  a                100 (0)                   75                                  75    450  ←',
      '  b                100 (0)                   62                                  68    430',
      '  c  filtered by NodeResourcesFit: Insufficient cpu',
      '',
    ]);
  });

  it('explains only the pods asked for, and keeps no score table for the others', () => {
    const nodes = [
      makeNode('a', { cpu: 4000, memory: 8 * Gi }),
      makeNode('b', { cpu: 2000, memory: 8 * Gi }),
    ];
    const pods = [makePod('one', [{ cpu: 100 }]), makePod('two', [{ cpu: 100 }])];
    const some = explainScheduling(input({ nodes, pods }), { explain: (p) => p === 'default/two' });
    expect(some.pods.map((p) => p.nodes?.length)).toEqual([undefined, 2]);
    const none = explainScheduling(input({ nodes, pods }));
    expect(none.pods.map((p) => Object.keys(p))).toEqual([
      ['pod', 'node', 'unschedulable'],
      ['pod', 'node', 'unschedulable'],
    ]);
    // Explaining changes no decision.
    expect(none.pods.map((p) => p.node)).toEqual(some.pods.map((p) => p.node));
  });

  it('shows a PreFilter rejection on every node, and the nodes Filter never reached', () => {
    const rejected = explainScheduling(
      input({
        nodes: [makeNode('a', { cpu: 4000 }), makeNode('b', { cpu: 4000 })],
        pods: [
          makePod('p', [{ cpu: 100 }], {
            spec: {
              topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {} },
              ],
            },
          }),
        ],
      }),
      { explain: true },
    );
    expect(rejected.pods[0]?.nodes?.map((v) => (v.result === 'filtered' ? v.plugin : v.result))).toEqual([
      'PodTopologySpread',
      'PodTopologySpread',
    ]);
    // 120 nodes at percentageOfNodesToScore 10: Filter stops after max(12, 100) = 100 feasible nodes.
    const many = explainScheduling(
      input({
        nodes: Array.from({ length: 120 }, (_, i) => makeNode(`n${i}`, { cpu: 4000, memory: 8 * Gi })),
        pods: [makePod('p', [{ cpu: 100 }])],
        schedulerConfiguration: { percentageOfNodesToScore: 10 },
      }),
      { explain: true },
    );
    const counts = new Map<string, number>();
    for (const v of many.pods[0]?.nodes ?? []) counts.set(v.result, (counts.get(v.result) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ scored: 100, 'not evaluated': 20 });
    expect(renderExplanation(many)).toMatch(
      /not evaluated \(enough feasible nodes found first\): n100, n101, .*, n119\n$/,
    );
  });

  it('uses the ≤ 1.35 BalancedAllocation score for older versions', () => {
    const result = explainScheduling(
      input({
        nodes: [makeNode('a', { cpu: 4000, memory: 8 * Gi }), makeNode('b', { cpu: 2000, memory: 8 * Gi })],
        pods: [makePod('web', [{ cpu: 1000, memory: 2 * Gi }])],
      }),
      { kubernetesVersion: '1.35', explain: true },
    );
    const b = result.pods[0]?.nodes?.find((v) => v.node === 'b');
    expect(b?.result === 'scored' && b.scores.NodeResourcesBalancedAllocation).toEqual({
      raw: 87,
      normalized: 87,
    });
  });

  it('makes each binding visible to the next pod, and explains the pod that no longer fits', () => {
    const result = explainScheduling(
      input({
        nodes: [makeNode('a', { cpu: 1000, memory: 8 * Gi })],
        pods: [makePod('one', [{ cpu: 700 }]), makePod('two', [{ cpu: 700 }])],
      }),
    );
    expect(result.pods.map((p) => [p.pod, p.node])).toEqual([
      ['default/one', 'a'],
      ['default/two', null],
    ]);
    expect(result.pods[1]?.unschedulable).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
    );
    const text = renderExplanation(result);
    expect(text).toContain('default/one → a');
    expect(text).toContain('default/two: pending: 0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('creates deployment pods named <name>-<hash>-<suffix>, deterministically', () => {
    const template = makePod('t', [{ cpu: 100 }], { labels: { app: 'web' } });
    const deployment: Deployment = {
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      labels: {},
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { labels: template.labels, spec: template.spec },
      strategy: { type: 'Recreate' },
      minReadySeconds: 0,
    };
    const run = () =>
      explainScheduling(
        input({ nodes: [makeNode('a', { cpu: 4000, memory: 8 * Gi })], deployments: [deployment] }),
        {
          seed: 3,
        },
      );
    const names = run().pods.map((p) => p.pod);
    expect(names).toHaveLength(3);
    for (const n of names)
      expect(n).toMatch(/^shop\/web-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(run().pods.map((p) => p.pod)).toEqual(names);
  });
});

describe('scheduling properties (fast-check)', () => {
  const nodeArb = fc.record({
    cpu: fc.integer({ min: 0, max: 8000 }),
    memory: fc.integer({ min: 0, max: 16 }),
    pods: fc.integer({ min: 0, max: 6 }),
  });
  const podArb = fc.record({
    cpu: fc.integer({ min: 0, max: 3000 }),
    memory: fc.integer({ min: 0, max: 6 }),
    priority: fc.integer({ min: 0, max: 2 }),
  });

  it('never over-commits a node and leaves every pod bound or pending with a reason', () => {
    fc.assert(
      fc.property(
        fc.array(nodeArb, { minLength: 1, maxLength: 6 }),
        fc.array(podArb, { maxLength: 25 }),
        fc.integer(),
        (nodes, pods, seed) => {
          const result = explainScheduling(
            input({
              nodes: nodes.map((n, i) =>
                makeNode(`n${i}`, { cpu: n.cpu, memory: n.memory * Gi, pods: n.pods }),
              ),
              pods: pods.map((p, i) =>
                makePod(`p${i}`, [{ cpu: p.cpu, memory: p.memory * Gi }], { spec: { priority: p.priority } }),
              ),
            }),
            { seed },
          );
          const used = nodes.map(() => ({ cpu: 0, memory: 0, pods: 0 }));
          result.pods.forEach((r, i) => {
            expect((r.node === null) !== (r.unschedulable === null)).toBe(true);
            if (r.node === null) {
              expect(r.unschedulable).toMatch(/^0\/\d+ nodes are available: /);
              return;
            }
            const u = used[Number(r.node.slice(1))];
            const p = pods[i];
            if (!u || !p) throw new Error('index');
            u.cpu += p.cpu;
            u.memory += p.memory;
            u.pods += 1;
          });
          used.forEach((u, i) => {
            const n = nodes[i];
            if (!n) throw new Error('index');
            expect(u.cpu).toBeLessThanOrEqual(n.cpu);
            expect(u.memory).toBeLessThanOrEqual(n.memory);
            expect(u.pods).toBeLessThanOrEqual(n.pods);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
