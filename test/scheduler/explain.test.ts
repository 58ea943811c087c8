import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterInput } from '../../src/model/cluster-input.js';
import type { Deployment } from '../../src/model/workloads.js';
import { explainScheduling, renderExplanation } from '../../src/scheduler/explain.js';
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
  it('gives hand-computed per-plugin scores for a small cluster (1.36)', () => {
    // a: 4 cpu / 8 Gi, b: 2 cpu / 8 Gi; the pod asks 1 cpu / 2 Gi.
    // NodeResourcesFit (LeastAllocated): a: cpu 75, memory 75 → 75; b: cpu 50, memory 75 → (50+75)/2 = 62.
    // BalancedAllocation ≥1.36: a: with pod |.25−.25|/2 → 100, without 100 → 50 + (50+0)/2 = 75;
    //   b: with pod |.5−.25|/2 = .125 → 87, without 100 → 50 + (50+87−100)/2 = 68.
    // TaintToleration: no taints → 0 everywhere, reversed → 100. NodeAffinity and PodTopologySpread skip.
    // total a = 3×100 + 75 + 75 = 450; b = 300 + 62 + 68 = 430.
    const result = explainScheduling(
      input({
        nodes: [makeNode('a', { cpu: 4000, memory: 8 * Gi }), makeNode('b', { cpu: 2000, memory: 8 * Gi })],
        pods: [makePod('web', [{ cpu: 1000, memory: 2 * Gi }])],
      }),
      { kubernetesVersion: '1.36' },
    );
    expect(result).toEqual({
      pods: [
        {
          pod: 'default/web',
          node: 'a',
          unschedulable: null,
          scores: {
            a: {
              TaintToleration: 100,
              NodeResourcesFit: 75,
              NodeResourcesBalancedAllocation: 75,
              total: 450,
            },
            b: {
              TaintToleration: 100,
              NodeResourcesFit: 62,
              NodeResourcesBalancedAllocation: 68,
              total: 430,
            },
          },
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('uses the ≤ 1.35 BalancedAllocation score for older versions', () => {
    const result = explainScheduling(
      input({
        nodes: [makeNode('a', { cpu: 4000, memory: 8 * Gi }), makeNode('b', { cpu: 2000, memory: 8 * Gi })],
        pods: [makePod('web', [{ cpu: 1000, memory: 2 * Gi }])],
      }),
      { kubernetesVersion: '1.35' },
    );
    expect(result.pods[0]?.scores.b?.NodeResourcesBalancedAllocation).toBe(87);
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
