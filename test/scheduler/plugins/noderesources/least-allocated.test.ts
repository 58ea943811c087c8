// Upstream cases: kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/least_allocated_test.go
// (TestLeastAllocatedScoringStrategy, master as of v1.35/v1.36), case names kept. cpu quantities are
// cores there; the harness converts them to millicores (ratios, hence scores, are unchanged).
import { describe, expect, it } from 'vitest';
import { resolveSchedulerConfiguration } from '../../../../src/scheduler/config/resolve.js';
import { leastRequestedScore } from '../../../../src/scheduler/plugins/noderesources/scorers.js';
import {
  defaultResources,
  expectedWhereFeasible,
  explainFitScores,
  extendedRes,
  extendedResourceSet,
  fitScores,
  resolvedFitResources,
  type ScoreCase,
} from './cases.js';

const cases: ScoreCase[] = [
  {
    name: 'nothing scheduled, nothing requested',
    pod: [],
    nodes: [
      ['node1', { cpu: 4000, memory: 10000 }],
      ['node2', { cpu: 4000, memory: 10000 }],
    ],
    resources: defaultResources,
    expected: [100, 100],
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    pod: [
      { cpu: 1000, memory: 2000 },
      { cpu: 2000, memory: 3000 },
    ],
    nodes: [
      ['node1', { cpu: 4000, memory: 10000 }],
      ['node2', { cpu: 6000, memory: 10000 }],
    ],
    resources: defaultResources,
    expected: [37, 50],
  },
  {
    name: 'no resources requested, pods scheduled',
    pod: [],
    nodes: [
      ['node1', { cpu: 4000, memory: 10000 }],
      ['node2', { cpu: 4000, memory: 10000 }],
    ],
    existing: [
      ['node1', []],
      ['node1', []],
      ['node2', []],
      ['node2', []],
    ],
    resources: defaultResources,
    expected: [100, 100],
  },
  {
    name: 'no resources requested, pods scheduled with resources',
    pod: [],
    nodes: [
      ['node1', { cpu: 10000, memory: 20000 }],
      ['node2', { cpu: 10000, memory: 20000 }],
    ],
    existing: [
      ['node1', [{ cpu: 3000, memory: 0 }]],
      ['node1', [{ cpu: 3000, memory: 0 }]],
      ['node2', [{ cpu: 3000, memory: 0 }]],
      ['node2', [{ cpu: 3000, memory: 5000 }]],
    ],
    resources: defaultResources,
    expected: [70, 57],
  },
  {
    name: 'resources requested, pods scheduled with resources',
    pod: [
      { cpu: 1000, memory: 2000 },
      { cpu: 2000, memory: 3000 },
    ],
    nodes: [
      ['node1', { cpu: 10000, memory: 20000 }],
      ['node2', { cpu: 10000, memory: 20000 }],
    ],
    existing: [
      ['node1', [{ cpu: 3000, memory: 0 }]],
      ['node2', [{ cpu: 3000, memory: 5000 }]],
    ],
    resources: defaultResources,
    expected: [57, 45],
  },
  {
    name: 'resources requested, pods scheduled with resources, differently sized nodes',
    pod: [
      { cpu: 1000, memory: 2000 },
      { cpu: 2000, memory: 3000 },
    ],
    nodes: [
      ['node1', { cpu: 10000, memory: 20000 }],
      ['node2', { cpu: 10000, memory: 50000 }],
    ],
    existing: [
      ['node1', [{ cpu: 3000, memory: 0 }]],
      ['node2', [{ cpu: 3000, memory: 5000 }]],
    ],
    resources: defaultResources,
    expected: [57, 60],
  },
  {
    name: 'requested resources exceed node capacity',
    pod: [{ cpu: 3000, memory: 0 }],
    nodes: [
      ['node1', { cpu: 4000, memory: 10000 }],
      ['node2', { cpu: 4000, memory: 10000 }],
    ],
    existing: [
      ['node1', [{ cpu: 3000, memory: 0 }]],
      ['node2', [{ cpu: 3000, memory: 5000 }]],
    ],
    resources: defaultResources,
    expected: [50, 25],
  },
  {
    name: 'zero node resources, pods scheduled with resources',
    pod: [],
    nodes: [
      ['node1', {}],
      ['node2', {}],
    ],
    existing: [
      ['node1', [{ cpu: 3000, memory: 0 }]],
      ['node2', [{ cpu: 3000, memory: 5000 }]],
    ],
    resources: defaultResources,
    expected: [0, 0],
  },
  {
    name: 'nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes',
    pod: [
      { cpu: 1000, memory: 2000 },
      { cpu: 2000, memory: 3000 },
    ],
    nodes: [
      ['node1', { cpu: 4000, memory: 10000 }],
      ['node2', { cpu: 6000, memory: 10000 }],
    ],
    resources: [
      { name: 'memory', weight: 2 },
      { name: 'cpu', weight: 1 },
    ],
    expected: [41, 50],
  },
  {
    name: 'bypass extended resource if the pod does not request',
    pod: [
      { cpu: 1000, memory: 2000 },
      { cpu: 2000, memory: 3000 },
    ],
    nodes: [
      ['node1', { cpu: 6000, memory: 10000 }],
      ['node2', { cpu: 6000, memory: 10000, [extendedRes]: 4 }],
    ],
    resources: extendedResourceSet,
    expected: [50, 50],
  },
  {
    name: 'honor extended resource if the pod requests',
    pod: [{ cpu: 3000, memory: 5000, [extendedRes]: 2 }],
    nodes: [
      ['node1', { cpu: 6000, memory: 10000, [extendedRes]: 4 }],
      ['node2', { cpu: 6000, memory: 10000, [extendedRes]: 10 }],
    ],
    resources: extendedResourceSet,
    expected: [50, 60],
  },
  {
    name: "if the node doesn't have a resource",
    pod: [{ cpu: 3000, memory: 4000 }],
    nodes: [
      ['node1', { cpu: 6000, memory: 10000 }],
      ['node2', { cpu: 6000, memory: 10000, [extendedRes]: 4 }],
    ],
    resources: [
      { name: extendedRes, weight: 2 },
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
    expected: [55, 55],
  },
];

describe('NodeResourcesFit LeastAllocated (upstream least_allocated_test.go)', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(fitScores(c, 'LeastAllocated')).toEqual(c.expected);
      const explained = explainFitScores(c, 'LeastAllocated');
      expect(explained).toEqual(expectedWhereFeasible(c.expected, explained));
    });
  }

  // The upstream error cases are argument validation; kubesim validates when resolving the configuration.
  const invalid: [string, unknown, string][] = [
    [
      'resource with negative weight',
      [
        { name: 'memory', weight: -1 },
        { name: 'cpu', weight: 1 },
      ],
      'scoringStrategy.resources[0].weight',
    ],
    [
      'resource weight larger than MaxNodeScore',
      [
        { name: 'memory', weight: 1 },
        { name: 'cpu', weight: 101 },
      ],
      'scoringStrategy.resources[1].weight',
    ],
  ];
  for (const [name, resources, field] of invalid) {
    it(name, () => {
      expect(() =>
        resolveSchedulerConfiguration({
          profiles: [
            {
              pluginConfig: [
                {
                  name: 'NodeResourcesFit',
                  args: { scoringStrategy: { type: 'LeastAllocated', resources } },
                },
              ],
            },
          ],
        }),
      ).toThrow(field);
    });
  }

  // Upstream rejects these two when validating args that SetDefaults_NodeResourcesFitArgs never
  // produces: from a configuration, no resources are the default set and a weight of 0 is 1.
  it('Resources not set, pods scheduled with error', () => {
    expect(resolvedFitResources('LeastAllocated', [])).toEqual(defaultResources);
  });
  it('resource with zero weight', () => {
    expect(
      resolvedFitResources('LeastAllocated', [
        { name: 'memory', weight: 1 },
        { name: 'cpu', weight: 0 },
      ]),
    ).toEqual([
      { name: 'memory', weight: 1 },
      { name: 'cpu', weight: 1 },
    ]);
  });

  it('leastRequestedScore is (capacity − requested) × 100 / capacity in integer arithmetic', () => {
    expect(leastRequestedScore(3000, 4000)).toBe(25);
    expect(leastRequestedScore(1, 3)).toBe(66);
    expect(leastRequestedScore(5, 4)).toBe(0);
    expect(leastRequestedScore(0, 0)).toBe(0);
  });
});
