// Upstream cases: kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/
// requested_to_capacity_ratio_test.go (TestRequestedToCapacityRatioScoringStrategy,
// TestBrokenLinearFunction, TestResourceBinPackingSingleExtended, TestResourceBinPackingMultipleExtended;
// v1.2x–v1.36), case names kept. TestBrokenLinearFunction's unnamed cases are "case_<i>" upstream.
import { describe, expect, it } from 'vitest';
import { brokenLinearFunction } from '../../../../src/scheduler/plugins/noderesources/scorers.js';
import {
  defaultResources,
  expectedWhereFeasible,
  explainFitScores,
  fitScores,
  type ScoreCase,
} from './cases.js';

const leastShape = {
  shape: [
    { utilization: 0, score: 10 },
    { utilization: 100, score: 0 },
  ],
};
const binPackShape = {
  shape: [
    { utilization: 0, score: 0 },
    { utilization: 100, score: 1 },
  ],
};

describe('NodeResourcesFit RequestedToCapacityRatio (upstream requested_to_capacity_ratio_test.go)', () => {
  const strategyCases: ScoreCase[] = [
    {
      name: 'nothing scheduled, nothing requested (default - least requested nodes have priority)',
      pod: [],
      nodes: [
        ['node1', { cpu: 4000, memory: 10000 }],
        ['node2', { cpu: 4000, memory: 10000 }],
      ],
      existing: [
        ['node1', []],
        ['node1', []],
      ],
      resources: defaultResources,
      expected: [100, 100],
    },
    {
      name: 'nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)',
      pod: [
        { cpu: 1000, memory: 2000 },
        { cpu: 2000, memory: 3000 },
      ],
      nodes: [
        ['node1', { cpu: 4000, memory: 10000 }],
        ['node2', { cpu: 6000, memory: 10000 }],
      ],
      existing: [
        ['node1', []],
        ['node1', []],
      ],
      resources: defaultResources,
      expected: [38, 50],
    },
    {
      name: 'no resources requested, pods scheduled with resources (default - least requested nodes have priority)',
      pod: [],
      nodes: [
        ['node1', { cpu: 4000, memory: 10000 }],
        ['node2', { cpu: 6000, memory: 10000 }],
      ],
      existing: [
        ['node1', [{ cpu: 3000, memory: 5000 }]],
        ['node2', [{ cpu: 3000, memory: 5000 }]],
      ],
      resources: defaultResources,
      expected: [38, 50],
    },
  ];
  for (const c of strategyCases) {
    it(c.name, () => {
      expect(fitScores(c, 'RequestedToCapacityRatio', leastShape)).toEqual(c.expected);
      const explained = explainFitScores(c, 'RequestedToCapacityRatio', leastShape);
      expect(explained).toEqual(expectedWhereFeasible(c.expected, explained));
    });
  }

  const linear: [{ utilization: number; score: number }[], [number, number][]][] = [
    [
      [
        { utilization: 10, score: 1 },
        { utilization: 90, score: 9 },
      ],
      [
        [-10, 1],
        [0, 1],
        [9, 1],
        [10, 1],
        [15, 1],
        [19, 1],
        [20, 2],
        [89, 8],
        [90, 9],
        [99, 9],
        [100, 9],
        [110, 9],
      ],
    ],
    [
      [
        { utilization: 0, score: 2 },
        { utilization: 40, score: 10 },
        { utilization: 100, score: 0 },
      ],
      [
        [-10, 2],
        [0, 2],
        [20, 6],
        [30, 8],
        [40, 10],
        [70, 5],
        [100, 0],
        [110, 0],
      ],
    ],
    [
      [
        { utilization: 0, score: 2 },
        { utilization: 40, score: 2 },
        { utilization: 100, score: 2 },
      ],
      [
        [-10, 2],
        [0, 2],
        [20, 2],
        [30, 2],
        [40, 2],
        [70, 2],
        [100, 2],
        [110, 2],
      ],
    ],
  ];
  linear.forEach(([points, assertions], i) => {
    it(`TestBrokenLinearFunction case_${i}`, () => {
      const f = brokenLinearFunction(points);
      for (const [p, want] of assertions) expect(f(p)).toBe(want);
    });
  });

  // makeNode(name, 4000 milliCPU, 10000 MiB, extended) in these upstream tables.
  const mib = 1024 * 1024;
  const node = (name: string, ext: Record<string, number>): [string, Record<string, number>] => [
    name,
    { cpu: 4, memory: 10000 * mib, ...ext },
  ];
  const single: ScoreCase[] = [
    {
      name: 'nothing scheduled, nothing requested',
      pod: [],
      nodes: [node('node1', { 'intel.com/foo': 8 }), node('node2', { 'intel.com/foo': 4 })],
      resources: [{ name: 'intel.com/foo', weight: 1 }],
      expected: [0, 0],
    },
    {
      name: 'resources requested, pods scheduled with less resources',
      pod: [{ 'intel.com/foo': 2 }],
      nodes: [node('node1', { 'intel.com/foo': 8 }), node('node2', { 'intel.com/foo': 4 })],
      existing: [],
      resources: [{ name: 'intel.com/foo', weight: 1 }],
      expected: [2, 5],
    },
    {
      name: 'resources requested, pods scheduled with resources, on node with existing pod running ',
      pod: [{ 'intel.com/foo': 2 }],
      nodes: [node('node1', { 'intel.com/foo': 8 }), node('node2', { 'intel.com/foo': 4 })],
      existing: [['node2', [{ 'intel.com/foo': 2 }]]],
      resources: [{ name: 'intel.com/foo', weight: 1 }],
      expected: [2, 10],
    },
    {
      name: 'resources requested, pods scheduled with more resources',
      pod: [{ 'intel.com/foo': 4 }],
      nodes: [node('node1', { 'intel.com/foo': 8 }), node('node2', { 'intel.com/foo': 4 })],
      resources: [{ name: 'intel.com/foo', weight: 1 }],
      expected: [5, 10],
    },
  ];
  for (const c of single) {
    it(`TestResourceBinPackingSingleExtended: ${c.name}`, () => {
      expect(fitScores(c, 'RequestedToCapacityRatio', binPackShape)).toEqual(c.expected);
      const explained = explainFitScores(c, 'RequestedToCapacityRatio', binPackShape);
      expect(explained).toEqual(expectedWhereFeasible(c.expected, explained));
    });
  }

  const both = { 'intel.com/foo': 3, 'intel.com/bar': 5 };
  const resources = [
    { name: 'intel.com/foo', weight: both['intel.com/foo'] },
    { name: 'intel.com/bar', weight: both['intel.com/bar'] },
  ];
  const ext1 = { 'intel.com/foo': 4, 'intel.com/bar': 8 };
  const ext2 = { 'intel.com/foo': 8, 'intel.com/bar': 4 };
  const multiple: ScoreCase[] = [
    {
      name: 'nothing scheduled, nothing requested',
      pod: [],
      nodes: [node('node1', ext2), node('node2', ext1)],
      resources,
      expected: [0, 0],
    },
    {
      name: 'resources requested, pods scheduled with less resources',
      pod: [{ 'intel.com/foo': 2, 'intel.com/bar': 2 }],
      nodes: [node('node1', ext2), node('node2', ext1)],
      resources,
      expected: [4, 3],
    },
    {
      name: 'resources requested, pods scheduled with resources, on node with existing pod running ',
      pod: [{ 'intel.com/foo': 2, 'intel.com/bar': 2 }],
      nodes: [node('node1', ext2), node('node2', ext1)],
      existing: [['node2', [{ 'intel.com/foo': 4, 'intel.com/bar': 2 }]]],
      resources,
      expected: [4, 7],
    },
    {
      name: 'resources requested, pods scheduled with more resources',
      pod: [{ 'intel.com/foo': 4, 'intel.com/bar': 2 }],
      nodes: [node('node1', ext2), node('node2', ext1)],
      resources,
      expected: [5, 5],
    },
  ];
  for (const c of multiple) {
    it(`TestResourceBinPackingMultipleExtended: ${c.name}`, () => {
      expect(fitScores(c, 'RequestedToCapacityRatio', binPackShape)).toEqual(c.expected);
      const explained = explainFitScores(c, 'RequestedToCapacityRatio', binPackShape);
      expect(explained).toEqual(expectedWhereFeasible(c.expected, explained));
    });
  }
});
