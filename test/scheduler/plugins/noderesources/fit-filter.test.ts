// Upstream cases: kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/fit_test.go
// (TestEnoughRequests, the resource cases present from v1.2x to v1.36), case names kept. The node is
// upstream's makeAllocatableResources(10, 20, 32, 5, 20, 5): 10m cpu, 20 bytes memory, 32 pods,
// 5 example.com/aaa, 20 ephemeral-storage, 5 hugepages-2Mi; one existing pod uses the "nodeInfo" amounts.
import { describe, expect, it } from 'vitest';
import type { ResourceList } from '../../../../src/model/resources.js';
import { buildSnapshot, makePodInfo } from '../../../../src/scheduler/cache/index.js';
import { CycleState } from '../../../../src/scheduler/framework/interface.js';
import { Code } from '../../../../src/scheduler/framework/status.js';
import { NodeResourcesFit } from '../../../../src/scheduler/plugins/noderesources/fit.js';
import { defaultFitArgs } from '../../../../src/scheduler/plugins/noderesources/fit-args.js';
import { container, makeNode, makePod } from '../../fixtures.js';

const extendedResourceA = 'example.com/aaa';
const extendedResourceB = 'example.com/bbb';
const kubernetesIOResourceA = 'kubernetes.io/something';
const kubernetesIOResourceB = 'subdomain.kubernetes.io/something';
const hugePageResourceA = 'hugepages-2Mi';

const allocatable = {
  cpu: 10,
  memory: 20,
  pods: 32,
  [extendedResourceA]: 5,
  'ephemeral-storage': 20,
  [hugePageResourceA]: 5,
};

interface Case {
  name: string;
  containers: ResourceList[];
  init?: ResourceList[];
  existing: ResourceList;
  want: string[];
}

const cases: Case[] = [
  { name: 'no resources requested always fits', containers: [], existing: { cpu: 10, memory: 20 }, want: [] },
  {
    name: 'too many resources fails',
    containers: [{ cpu: 1, memory: 1 }],
    existing: { cpu: 10, memory: 20 },
    want: ['Insufficient cpu', 'Insufficient memory'],
  },
  {
    name: 'too many resources fails due to init container cpu',
    containers: [{ cpu: 1, memory: 1 }],
    init: [{ cpu: 3, memory: 1 }],
    existing: { cpu: 8, memory: 19 },
    want: ['Insufficient cpu'],
  },
  {
    name: 'too many resources fails due to highest init container cpu',
    containers: [{ cpu: 1, memory: 1 }],
    init: [
      { cpu: 3, memory: 1 },
      { cpu: 2, memory: 1 },
    ],
    existing: { cpu: 8, memory: 19 },
    want: ['Insufficient cpu'],
  },
  {
    name: 'too many resources fails due to init container memory',
    containers: [{ cpu: 1, memory: 1 }],
    init: [{ cpu: 1, memory: 3 }],
    existing: { cpu: 9, memory: 19 },
    want: ['Insufficient memory'],
  },
  {
    name: 'too many resources fails due to highest init container memory',
    containers: [{ cpu: 1, memory: 1 }],
    init: [
      { cpu: 1, memory: 3 },
      { cpu: 1, memory: 2 },
    ],
    existing: { cpu: 9, memory: 19 },
    want: ['Insufficient memory'],
  },
  {
    name: "init container fits because it's the max, not sum, of containers and init containers",
    containers: [{ cpu: 1, memory: 1 }],
    init: [{ cpu: 1, memory: 1 }],
    existing: { cpu: 9, memory: 19 },
    want: [],
  },
  {
    name: "multiple init containers fit because it's the max, not sum, of containers and init containers",
    containers: [{ cpu: 1, memory: 1 }],
    init: [
      { cpu: 1, memory: 1 },
      { cpu: 1, memory: 1 },
    ],
    existing: { cpu: 9, memory: 19 },
    want: [],
  },
  {
    name: 'both resources fit',
    containers: [{ cpu: 1, memory: 1 }],
    existing: { cpu: 5, memory: 5 },
    want: [],
  },
  {
    name: 'one resource memory fits',
    containers: [{ cpu: 2, memory: 1 }],
    existing: { cpu: 9, memory: 5 },
    want: ['Insufficient cpu'],
  },
  {
    name: 'one resource cpu fits',
    containers: [{ cpu: 1, memory: 2 }],
    existing: { cpu: 5, memory: 19 },
    want: ['Insufficient memory'],
  },
  {
    name: 'equal edge case',
    containers: [{ cpu: 5, memory: 1 }],
    existing: { cpu: 5, memory: 19 },
    want: [],
  },
  {
    name: 'equal edge case for init container',
    containers: [{ cpu: 4, memory: 1 }],
    init: [{ cpu: 5, memory: 1 }],
    existing: { cpu: 5, memory: 19 },
    want: [],
  },
  { name: 'extended resource fits', containers: [{ [extendedResourceA]: 1 }], existing: {}, want: [] },
  {
    name: 'extended resource fits for init container',
    containers: [{}],
    init: [{ [extendedResourceA]: 1 }],
    existing: {},
    want: [],
  },
  {
    name: 'extended resource capacity enforced',
    containers: [{ cpu: 1, memory: 1, [extendedResourceA]: 10 }],
    existing: { cpu: 0, memory: 0, [extendedResourceA]: 0 },
    want: [`Insufficient ${extendedResourceA}`],
  },
  {
    name: 'extended resource capacity enforced for init container',
    containers: [{}],
    init: [{ cpu: 1, memory: 1, [extendedResourceA]: 10 }],
    existing: { cpu: 0, memory: 0, [extendedResourceA]: 0 },
    want: [`Insufficient ${extendedResourceA}`],
  },
  {
    name: 'extended resource allocatable enforced',
    containers: [{ cpu: 1, memory: 1, [extendedResourceA]: 1 }],
    existing: { cpu: 0, memory: 0, [extendedResourceA]: 5 },
    want: [`Insufficient ${extendedResourceA}`],
  },
  {
    name: 'extended resource allocatable enforced for init container',
    containers: [{}],
    init: [{ cpu: 1, memory: 1, [extendedResourceA]: 1 }],
    existing: { cpu: 0, memory: 0, [extendedResourceA]: 5 },
    want: [`Insufficient ${extendedResourceA}`],
  },
  {
    name: 'extended resource allocatable enforced for multiple containers',
    containers: [
      { cpu: 1, memory: 1, [extendedResourceA]: 3 },
      { cpu: 1, memory: 1, [extendedResourceA]: 3 },
    ],
    existing: { cpu: 0, memory: 0, [extendedResourceA]: 2 },
    want: [`Insufficient ${extendedResourceA}`],
  },
  {
    name: 'extended resource allocatable admits multiple init containers',
    containers: [{}],
    init: [
      { cpu: 1, memory: 1, [extendedResourceA]: 3 },
      { cpu: 1, memory: 1, [extendedResourceA]: 3 },
    ],
    existing: { cpu: 0, memory: 0, [extendedResourceA]: 2 },
    want: [],
  },
  {
    name: 'extended resource allocatable enforced for multiple init containers',
    containers: [{}],
    init: [
      { cpu: 1, memory: 1, [extendedResourceA]: 6 },
      { cpu: 1, memory: 1, [extendedResourceA]: 3 },
    ],
    existing: { cpu: 0, memory: 0, [extendedResourceA]: 2 },
    want: [`Insufficient ${extendedResourceA}`],
  },
  {
    name: 'extended resource allocatable enforced for unknown resource',
    containers: [{ cpu: 1, memory: 1, [extendedResourceB]: 1 }],
    existing: { cpu: 0, memory: 0 },
    want: [`Insufficient ${extendedResourceB}`],
  },
  {
    name: 'extended resource allocatable enforced for unknown resource for init container',
    containers: [{}],
    init: [{ cpu: 1, memory: 1, [extendedResourceB]: 1 }],
    existing: { cpu: 0, memory: 0 },
    want: [`Insufficient ${extendedResourceB}`],
  },
  {
    name: 'kubernetes.io resource capacity enforced',
    containers: [{ cpu: 1, memory: 1, [kubernetesIOResourceA]: 10 }],
    existing: { cpu: 0, memory: 0 },
    want: [`Insufficient ${kubernetesIOResourceA}`],
  },
  {
    name: 'kubernetes.io resource capacity enforced for init container',
    containers: [{}],
    init: [{ cpu: 1, memory: 1, [kubernetesIOResourceB]: 10 }],
    existing: { cpu: 0, memory: 0 },
    want: [`Insufficient ${kubernetesIOResourceB}`],
  },
  {
    name: 'hugepages resource capacity enforced',
    containers: [{ cpu: 1, memory: 1, [hugePageResourceA]: 10 }],
    existing: { cpu: 0, memory: 0, [hugePageResourceA]: 0 },
    want: [`Insufficient ${hugePageResourceA}`],
  },
  {
    name: 'hugepages resource capacity enforced for init container',
    containers: [{}],
    init: [{ cpu: 1, memory: 1, [hugePageResourceA]: 10 }],
    existing: { cpu: 0, memory: 0, [hugePageResourceA]: 0 },
    want: [`Insufficient ${hugePageResourceA}`],
  },
];

describe('NodeResourcesFit Filter (upstream TestEnoughRequests)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const node = makeNode('n');
      node.allocatable = allocatable;
      const existing = makePod('existing', [c.existing], { nodeName: 'n' });
      const pod = makePod('p', c.containers);
      for (const r of c.init ?? []) pod.spec.initContainers.push(container(r));
      const snapshot = buildSnapshot([node], [existing]);
      const plugin = new NodeResourcesFit(defaultFitArgs(), snapshot.resources);
      const s = plugin.filter(
        new CycleState(),
        makePodInfo(pod, snapshot.resources),
        snapshot.nodeInfo('n') as never,
      );
      if (c.want.length === 0) expect(s).toBeNull();
      else {
        expect(s?.code).toBe(Code.Unschedulable);
        expect(s?.reasons).toEqual(c.want);
      }
    });
  }

  it('reports Too many pods when allocatable pods are used up', () => {
    const node = makeNode('n', { cpu: 1000, pods: 1 });
    const snapshot = buildSnapshot([node], [makePod('a', [], { nodeName: 'n' })]);
    const plugin = new NodeResourcesFit(defaultFitArgs(), snapshot.resources);
    const s = plugin.filter(
      new CycleState(),
      makePodInfo(makePod('p', [{ cpu: 2000 }]), snapshot.resources),
      snapshot.nodeInfo('n') as never,
    );
    expect(s?.reasons).toEqual(['Too many pods', 'Insufficient cpu']);
  });
});
