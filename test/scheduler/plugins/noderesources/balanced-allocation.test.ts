// Upstream cases: kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/
// balanced_allocation_test.go (TestNodeResourcesBalancedAllocation, v1.33–v1.35 — before PR #135573),
// case names kept, run with Kubernetes 1.35 rules. The two DRA cases ("include DRA resource …") are
// not ported: kubesim does not model DRA. The 1.36 block below is hand-computed from the PR's
// formula (the upstream 1.36 table was not available), and labelled so.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../src/model/pod.js';
import { buildSnapshot } from '../../../../src/scheduler/cache/index.js';
import { NodeResourcesBalancedAllocation } from '../../../../src/scheduler/plugins/noderesources/balanced-allocation.js';
import type { ResourceSpec } from '../../../../src/scheduler/plugins/noderesources/scorers.js';
import { balancedAllocationChangeScore } from '../../../../src/scheduler/plugins/noderesources/scorers.js';
import { makeNode, makePod } from '../../fixtures.js';
import { expectedWhereFeasible, explainScores, runScore } from '../harness.js';
import { defaultResources } from './cases.js';

// The upstream specs (cpu in millicores here, as upstream's makeNode takes milliCPU).
const cpuAndMemoryAndGPU: Record<string, number>[] = [
  { cpu: 1000, memory: 2000 },
  { cpu: 2000, memory: 3000, 'nvidia.com/gpu': 3 },
];
const cpuOnly = [
  { cpu: 1000, memory: 0 },
  { cpu: 2000, memory: 0 },
];
const cpuAndMemory = [
  { cpu: 1000, memory: 2000 },
  { cpu: 2000, memory: 3000 },
];
const withGpu: ResourceSpec[] = [...defaultResources, { name: 'nvidia.com/gpu', weight: 1 }];

const node = (name: string, milliCPU: number, memory: number, gpu?: number) =>
  makeNode(name, { cpu: milliCPU, memory, ...(gpu !== undefined ? { 'nvidia.com/gpu': gpu } : {}) });

interface Case {
  name: string;
  pod: Pod;
  pods?: Pod[];
  nodes: ReturnType<typeof node>[];
  resources?: ResourceSpec[];
  runPreScore?: boolean;
  expected: number[] | 'skip';
}

function run(c: Case, minor: number): number[] | 'skip' {
  const snapshot = buildSnapshot(c.nodes, c.pods ?? []);
  const plugin = new NodeResourcesBalancedAllocation(
    { resources: c.resources ?? defaultResources },
    snapshot.resources,
    minor,
  );
  return runScore(plugin, c.pod, c.nodes, c.pods ?? [], { snapshot, preScore: c.runPreScore !== false });
}

const cases = (): Case[] => [
  {
    name: 'nothing scheduled, nothing requested, skip in PreScore',
    pod: makePod('p'),
    nodes: [node('node1', 4000, 10000), node('node2', 4000, 10000)],
    expected: 'skip',
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    pod: makePod('p', cpuAndMemory),
    nodes: [node('node1', 4000, 10000), node('node2', 6000, 10000)],
    expected: [87, 100],
  },
  {
    name: 'resources requested, pods scheduled with resources',
    pod: makePod('p', cpuAndMemory),
    nodes: [node('node1', 10000, 20000), node('node2', 10000, 20000)],
    pods: [makePod('a', cpuOnly, { nodeName: 'node1' }), makePod('b', cpuAndMemory, { nodeName: 'node2' })],
    expected: [82, 95],
  },
  {
    name: 'resources requested, pods scheduled with resources, differently sized nodes',
    pod: makePod('p', cpuAndMemory),
    nodes: [node('node1', 10000, 20000), node('node2', 10000, 50000)],
    pods: [makePod('a', cpuOnly, { nodeName: 'node1' }), makePod('b', cpuAndMemory, { nodeName: 'node2' })],
    expected: [82, 80],
  },
  {
    name: 'requested resources at node capacity',
    pod: makePod('p', cpuOnly),
    nodes: [node('node1', 6000, 10000), node('node2', 6000, 10000)],
    pods: [makePod('a', cpuOnly, { nodeName: 'node1' }), makePod('b', cpuAndMemory, { nodeName: 'node2' })],
    expected: [50, 75],
  },
  {
    name: 'include scalar resource on a node for balanced resource allocation',
    pod: makePod('p', [{ memory: 0, 'nvidia.com/gpu': 1 }]),
    nodes: [node('node1', 3500, 40000, 8), node('node2', 3500, 40000, 8)],
    pods: [
      makePod('a', cpuAndMemory, { nodeName: 'node2' }),
      makePod('b', cpuAndMemoryAndGPU, { nodeName: 'node1' }),
    ],
    resources: withGpu,
    expected: [70, 65],
  },
  {
    name: 'node without the scalar resource should skip the scalar resource',
    pod: makePod('p', cpuAndMemory),
    nodes: [node('node1', 3500, 40000, 8), node('node2', 3500, 40000)],
    resources: withGpu,
    expected: [63, 63],
  },
  {
    name: 'resources requested, pods scheduled with resources if PreScore not called',
    pod: makePod('p', cpuAndMemory),
    nodes: [node('node1', 10000, 20000), node('node2', 10000, 20000)],
    pods: [makePod('a', cpuOnly, { nodeName: 'node1' }), makePod('b', cpuAndMemory, { nodeName: 'node2' })],
    runPreScore: false,
    expected: [82, 95],
  },
];

describe('NodeResourcesBalancedAllocation ≤ 1.35 (upstream balanced_allocation_test.go)', () => {
  for (const c of cases()) {
    it(c.name, () => {
      expect(run(c, 35)).toEqual(c.expected);
      if (c.expected !== 'skip' && c.runPreScore !== false) {
        const args = { resources: c.resources ?? defaultResources };
        const explained = explainScores('NodeResourcesBalancedAllocation', c.pod, c.nodes, c.pods ?? [], {
          args,
          kubernetesVersion: '1.35',
        });
        expect(explained).toEqual(expectedWhereFeasible(c.expected, explained));
      }
    });
  }

  it('scores best-effort pods before 1.33 (no PreScore skip)', () => {
    const c = cases()[0] as Case;
    // Empty nodes and a pod requesting nothing: all fractions 0, perfectly balanced.
    expect(run(c, 32)).toEqual([100, 100]);
  });
});

describe('NodeResourcesBalancedAllocation ≥ 1.36 (PR #135573; hand-computed, not upstream)', () => {
  it('scores 75 when the pod leaves the balance unchanged and 50–100 otherwise', () => {
    expect(balancedAllocationChangeScore(80, 80)).toBe(75);
    expect(balancedAllocationChangeScore(100, 50)).toBe(100);
    expect(balancedAllocationChangeScore(50, 100)).toBe(50);
    // Integer division truncates: 50 + (50 + 87 − 100) / 2 = 50 + 18.
    expect(balancedAllocationChangeScore(87, 100)).toBe(68);
  });

  it('nothing scheduled, resources requested, differently sized nodes', () => {
    // node1: with pod 87, empty node 100 → 68; node2: 100 and 100 → 75.
    expect(run(cases()[1] as Case, 36)).toEqual([68, 75]);
  });

  it('resources requested, pods scheduled with resources', () => {
    // node1: without (cpu .3, mem 0) 85, with 82 → 50 + (50 + 82 − 85) / 2 = 73.
    // node2: without (cpu .3, mem .25) 97, with 95 → 50 + (50 + 95 − 97) / 2 = 74.
    expect(run(cases()[2] as Case, 36)).toEqual([73, 74]);
  });
});
