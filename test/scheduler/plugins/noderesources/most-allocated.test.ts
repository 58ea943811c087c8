// Upstream cases: kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/most_allocated_test.go
// (TestMostAllocatedScoringStrategy, master as of v1.35/v1.36), case names kept (upstream repeats one
// name; so does this table). cpu quantities are cores there, converted to millicores.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../../src/scheduler/cache/index.js';
import { resolveSchedulerConfiguration } from '../../../../src/scheduler/config/resolve.js';
import { NodeResourcesFit } from '../../../../src/scheduler/plugins/noderesources/fit.js';
import { defaultFitArgs } from '../../../../src/scheduler/plugins/noderesources/fit-args.js';
import { mostRequestedScore } from '../../../../src/scheduler/plugins/noderesources/scorers.js';
import { container, makePod } from '../../fixtures.js';
import { capNode, runScore } from '../harness.js';
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
    expected: [0, 0],
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
    expected: [62, 50],
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
    expected: [30, 42],
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
    expected: [42, 55],
  },
  {
    name: 'resources requested equal node capacity',
    pod: [
      { cpu: 2000, memory: 4000 },
      { cpu: 3000, memory: 5000 },
    ],
    nodes: [
      ['node1', { cpu: 5000, memory: 10000 }],
      ['node2', { cpu: 10000, memory: 9000 }],
    ],
    resources: defaultResources,
    expected: [95, 75],
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
    resources: [
      { name: 'memory', weight: 2 },
      { name: 'cpu', weight: 1 },
    ],
    expected: [58, 50],
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
    name: 'honor extended resource if the pod request',
    pod: [{ cpu: 3000, memory: 5000, [extendedRes]: 2 }],
    nodes: [
      ['node1', { cpu: 6000, memory: 10000, [extendedRes]: 4 }],
      ['node2', { cpu: 6000, memory: 10000, [extendedRes]: 10 }],
    ],
    resources: extendedResourceSet,
    expected: [50, 40],
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
    expected: [45, 45],
  },
];

describe('NodeResourcesFit MostAllocated (upstream most_allocated_test.go)', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(fitScores(c, 'MostAllocated')).toEqual(c.expected);
      const explained = explainFitScores(c, 'MostAllocated');
      expect(explained).toEqual(expectedWhereFeasible(c.expected, explained));
    });
  }

  it('no resources requested, pods scheduled, nonzero request for resource', () => {
    // Containers without requests count 100m cpu and 200Mi memory (non-zero defaults).
    const mi = 1024 * 1024;
    const nodes = [1, 2].map((i) => {
      const n = capNode(`node${i}`);
      n.allocatable = { cpu: 250, memory: 1000 * mi };
      return n;
    });
    const withContainer = (nodeName?: string) => {
      const p = makePod('c', [], { nodeName });
      p.spec.containers.push(container());
      return p;
    };
    const existing = [withContainer('node1'), withContainer('node1')];
    const snapshot = buildSnapshot(nodes, existing);
    const plugin = new NodeResourcesFit(
      { ...defaultFitArgs(), scoringStrategy: { type: 'MostAllocated', resources: defaultResources } },
      snapshot.resources,
    );
    expect(runScore(plugin, withContainer(), nodes, existing, { snapshot })).toEqual([80, 30]);
  });

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
      [{ name: 'memory', weight: 101 }],
      'scoringStrategy.resources[0].weight',
    ],
  ];
  for (const [name, resources, field] of invalid) {
    it(name, () => {
      expect(() =>
        resolveSchedulerConfiguration({
          profiles: [
            {
              pluginConfig: [
                { name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated', resources } } },
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
    expect(resolvedFitResources('MostAllocated', [])).toEqual(defaultResources);
  });
  it('resource with zero weight', () => {
    expect(
      resolvedFitResources('MostAllocated', [
        { name: 'memory', weight: 1 },
        { name: 'cpu', weight: 0 },
      ]),
    ).toEqual([
      { name: 'memory', weight: 1 },
      { name: 'cpu', weight: 1 },
    ]);
  });

  it('mostRequestedScore caps requested at capacity', () => {
    expect(mostRequestedScore(300, 250)).toBe(100);
    expect(mostRequestedScore(3000, 4000)).toBe(75);
    expect(mostRequestedScore(1, 0)).toBe(0);
  });
});
