// Upstream cases ported from kubernetes/kubernetes
// pkg/scheduler/framework/plugins/podtopologyspread/scoring_test.go at commit 008b3652 (master, the
// v1.34/v1.35 line): TestPreScoreSkip, TestPreScoreStateEmptyNodes, TestPodTopologySpreadScore.
// Case names are upstream's; cases that only test a feature gate turned off are left out.
import { describe, expect, it } from 'vitest';
import { LABEL_HOSTNAME, LABEL_ZONE, type Node } from '../../../../src/model/node.js';
import type { Pod } from '../../../../src/model/pod.js';
import type { Taint } from '../../../../src/model/taints.js';
import {
  NAME,
  newPodTopologySpread,
  readPreScoreState,
  topologyNormalizingWeight,
} from '../../../../src/scheduler/plugins/pod-topology-spread/index.js';
import { makeLabelSelector, makeNode, makePod } from '../make-pod.js';
import {
  codeOf,
  makeDeployment,
  makeService,
  makeWorld,
  podTopologySpreadArgs,
  runScore,
} from '../plugin-harness.js';

const foo = makeLabelSelector().exists('foo').obj();
const bar = makeLabelSelector().exists('bar').obj();
const taints: Taint[] = [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }];
const H = LABEL_HOSTNAME;

const node = (name: string, labels: Record<string, string>, t?: Taint[]): Node => {
  const b = makeNode().name(name).labels(labels);
  if (t) b.taints(t);
  return b.obj();
};
const host = (name: string, extra: Record<string, string> = {}): Node => node(name, { [H]: name, ...extra });
const zh = (name: string, zone: string): Node => node(name, { zone, [H]: name });
const p = (name: string, nodeName: string, labels: Record<string, string>, ns = ''): Pod =>
  makePod().name(name).namespace(ns).node(nodeName).labels(labels).obj();
const F = { foo: '' };
const FB = { foo: '', bar: '' };
const pods = (spec: Record<string, number>, labels: Record<string, string> = F): Pod[] =>
  Object.entries(spec).flatMap(([n, count]) =>
    Array.from({ length: count }, (_, i) => p(`p-${n.slice(-1)}${i + 1}`, n, labels)),
  );

interface ScoreCase {
  name: string;
  pod: Pod;
  nodes: Node[];
  failedNodes?: Node[];
  existingPods?: Pod[];
  services?: Record<string, string>[];
  want: Record<string, number>;
}

// scoring_test.go TestPodTopologySpreadScore (plugin built with DefaultingType System).
const scoreCases: ScoreCase[] = [
  {
    name: 'one constraint on node, no existing pods',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, H, 'ScheduleAnyway', foo).obj(),
    nodes: [host('node-a'), host('node-b')],
    want: { 'node-a': 100, 'node-b': 100 },
  },
  {
    name: 'one constraint on node, only one node is candidate',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, H, 'ScheduleAnyway', foo).obj(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1 }),
    nodes: [host('node-a')],
    failedNodes: [host('node-b')],
    want: { 'node-a': 100 },
  },
  {
    name: 'one constraint on node, all nodes have the same number of matching pods',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, H, 'ScheduleAnyway', foo).obj(),
    existingPods: pods({ 'node-a': 1, 'node-b': 1 }),
    nodes: [host('node-a'), host('node-b')],
    want: { 'node-a': 100, 'node-b': 100 },
  },
  {
    name: 'one constraint on node, all 4 nodes are candidates',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, H, 'ScheduleAnyway', foo).obj(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }),
    nodes: [host('node-a'), host('node-b'), host('node-c'), host('node-d')],
    want: { 'node-a': 20, 'node-b': 60, 'node-c': 100, 'node-d': 0 },
  },
  {
    name: 'one constraint on node, null selector',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, H, 'ScheduleAnyway', undefined).obj(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }),
    nodes: [host('node-a'), host('node-b'), host('node-c'), host('node-d')],
    want: { 'node-a': 100, 'node-b': 100, 'node-c': 100, 'node-d': 100 },
  },
  {
    name: 'one constraint on node, all 4 nodes are candidates, maxSkew=2',
    pod: makePod().name('p').label('foo', '').spreadConstraint(2, H, 'ScheduleAnyway', foo).obj(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1, 'node-d': 3 }),
    nodes: [host('node-a'), host('node-b'), host('node-c'), host('node-d')],
    want: { 'node-a': 33, 'node-b': 66, 'node-c': 100, 'node-d': 16 },
  },
  {
    name: 'one constraint on node, all 4 nodes are candidates, maxSkew=3',
    pod: makePod().name('p').label('foo', '').spreadConstraint(3, H, 'ScheduleAnyway', foo).obj(),
    existingPods: pods({ 'node-a': 4, 'node-b': 3, 'node-c': 2, 'node-d': 1 }),
    nodes: [host('node-a'), host('node-b'), host('node-c'), host('node-d')],
    want: { 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 },
  },
  {
    name: "system defaulting, nodes don't have zone, pods match service",
    pod: makePod().name('p').label('foo', '').obj(),
    existingPods: pods({ 'node-a': 4, 'node-b': 3, 'node-c': 2, 'node-d': 1 }),
    nodes: [host('node-a'), host('node-b'), host('node-c'), host('node-d')],
    services: [{ foo: '' }],
    want: { 'node-a': 44, 'node-b': 66, 'node-c': 77, 'node-d': 100 },
  },
  {
    name: 'one constraint on node, 3 out of 4 nodes are candidates',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, H, 'ScheduleAnyway', foo).obj(),
    existingPods: pods({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }),
    nodes: [host('node-a'), host('node-b'), host('node-x')],
    failedNodes: [host('node-y')],
    want: { 'node-a': 33, 'node-b': 83, 'node-x': 100 },
  },
  {
    name: "one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match topology key",
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, H, 'ScheduleAnyway', foo).obj(),
    existingPods: pods({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }),
    nodes: [host('node-a'), node('node-b', { n: 'node-b' }), host('node-x')],
    failedNodes: [host('node-y')],
    want: { 'node-a': 16, 'node-b': 0, 'node-x': 100 },
  },
  {
    name: 'one constraint on zone, 3 out of 4 nodes are candidates',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', foo).obj(),
    existingPods: pods({ 'node-a': 4, 'node-b': 2, 'node-x': 1, 'node-y': 3 }),
    nodes: [zh('node-a', 'zone1'), zh('node-b', 'zone1'), zh('node-x', 'zone2')],
    failedNodes: [zh('node-y', 'zone2')],
    want: { 'node-a': 75, 'node-b': 75, 'node-x': 100 },
  },
  {
    name: 'two Constraints on zone and node, 2 out of 4 nodes are candidates',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', foo)
      .spreadConstraint(1, H, 'ScheduleAnyway', foo)
      .obj(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1, 'node-x': 2, 'node-y': 4 }),
    nodes: [zh('node-a', 'zone1'), zh('node-x', 'zone2')],
    failedNodes: [zh('node-b', 'zone1'), zh('node-y', 'zone2')],
    want: { 'node-a': 100, 'node-x': 63 },
  },
  {
    name: 'two Constraints on zone, 2 out of 4 nodes are candidates',
    pod: makePod()
      .name('p')
      .labels(FB)
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', foo)
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', bar)
      .obj(),
    existingPods: [
      p('p-a1', 'node-a', FB),
      p('p-a2', 'node-a', F),
      p('p-b1', 'node-b', FB),
      p('p-y1', 'node-y', F),
      p('p-y2', 'node-y', FB),
      p('p-y3', 'node-y', F),
    ],
    nodes: [node('node-a', { zone: 'zone1' }), node('node-x', { zone: 'zone2' })],
    failedNodes: [node('node-b', { zone: 'zone1' }), node('node-y', { zone: 'zone2' })],
    want: { 'node-a': 85, 'node-x': 100 },
  },
  {
    name: 'two Constraints on zone and node, with different labelSelectors',
    pod: zoneHostPod(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-b1', 'node-b', FB),
      p('p-y1', 'node-y', F),
      p('p-y2', 'node-y', { bar: '' }),
    ],
    nodes: [zh('node-a', 'zone1'), zh('node-b', 'zone1'), zh('node-x', 'zone2'), zh('node-y', 'zone2')],
    want: { 'node-a': 60, 'node-b': 20, 'node-x': 100, 'node-y': 60 },
  },
  {
    name: 'two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods',
    pod: zoneHostPod(),
    existingPods: [p('p-b1', 'node-b', { bar: '' }), p('p-x1', 'node-x', F), p('p-y1', 'node-y', FB)],
    nodes: [zh('node-a', 'zone1'), zh('node-b', 'zone1'), zh('node-x', 'zone2'), zh('node-y', 'zone2')],
    want: { 'node-a': 100, 'node-b': 60, 'node-x': 40, 'node-y': 0 },
  },
  {
    name: 'two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates',
    pod: zoneHostPod(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-b1', 'node-b', FB),
      p('p-y1', 'node-y', F),
      p('p-y2', 'node-y', { bar: '' }),
    ],
    nodes: [zh('node-a', 'zone1'), zh('node-b', 'zone1'), zh('node-x', 'zone2')],
    failedNodes: [zh('node-y', 'zone2')],
    want: { 'node-a': 50, 'node-b': 25, 'node-x': 100 },
  },
  {
    name: 'existing pods in a different namespace do not count',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, H, 'ScheduleAnyway', foo).obj(),
    existingPods: [
      p('p-a1', 'node-a', F, 'ns1'),
      p('p-a2', 'node-a', F),
      p('p-b1', 'node-b', F),
      p('p-b2', 'node-b', F),
    ],
    nodes: [host('node-a'), host('node-b')],
    want: { 'node-a': 100, 'node-b': 33 },
  },
  {
    name: 'terminating Pods should be excluded',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, H, 'ScheduleAnyway', foo).obj(),
    nodes: [host('node-a'), host('node-b')],
    existingPods: [
      makePod().name('p-a').node('node-a').label('foo', '').terminating().obj(),
      p('p-b', 'node-b', F),
    ],
    want: { 'node-a': 100, 'node-b': 0 },
  },
  {
    name: 'minDomains has no effect when ScheduleAnyway',
    pod: makePod().name('p').label('foo', '').spreadConstraint(2, 'node', 'ScheduleAnyway', foo, 10).obj(),
    nodes: [
      node('node-a', { node: 'node-a' }),
      node('node-b', { node: 'node-b' }),
      node('node-c', { node: 'node-c' }),
    ],
    existingPods: pods({ 'node-a': 2, 'node-b': 2, 'node-c': 1 }),
    want: { 'node-a': 75, 'node-b': 75, 'node-c': 100 },
  },
  {
    name: 'NodeAffinityPolicy honoed with labelSelectors',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeSelector({ foo: '' })
      .spreadConstraint(1, 'node', 'ScheduleAnyway', foo)
      .obj(),
    nodes: fooNodes(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1, 'node-c': 1 }),
    want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
  },
  {
    name: 'NodeAffinityPolicy ignored with labelSelectors',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeSelector({ foo: '' })
      .spreadConstraint(1, 'node', 'ScheduleAnyway', foo, undefined, 'Ignore')
      .obj(),
    nodes: fooNodes(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1, 'node-c': 1 }),
    want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
  },
  {
    name: 'NodeAffinityPolicy honoed with nodeAffinity',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeAffinityIn('foo', [''])
      .spreadConstraint(1, 'node', 'ScheduleAnyway', foo)
      .obj(),
    nodes: fooNodes(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1, 'node-c': 1 }),
    want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
  },
  {
    name: 'NodeAffinityPolicy ignored with nodeAffinity',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeAffinityIn('foo', [''])
      .spreadConstraint(1, 'node', 'ScheduleAnyway', foo, undefined, 'Ignore')
      .obj(),
    nodes: fooNodes(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1, 'node-c': 1 }),
    want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
  },
  {
    name: 'NodeTaintsPolicy honored',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(1, 'node', 'ScheduleAnyway', foo, undefined, undefined, 'Honor')
      .obj(),
    nodes: taintedNodes(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1, 'node-c': 1 }),
    want: { 'node-a': 0, 'node-b': 33, 'node-c': 100 },
  },
  {
    name: 'NodeTaintsPolicy ignored',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'node', 'ScheduleAnyway', foo).obj(),
    nodes: taintedNodes(),
    existingPods: pods({ 'node-a': 2, 'node-b': 1, 'node-c': 1 }),
    want: { 'node-a': 66, 'node-b': 100, 'node-c': 100 },
  },
  {
    name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty',
    pod: makePod()
      .name('p')
      .labels(FB)
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', {}, undefined, undefined, undefined, ['foo'])
      .spreadConstraint(1, H, 'ScheduleAnyway', {}, undefined, undefined, undefined, ['bar'])
      .obj(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-b1', 'node-b', FB),
      p('p-y1', 'node-c', F),
      p('p-y2', 'node-c', { bar: '' }),
    ],
    nodes: [zh('node-a', 'zone1'), zh('node-b', 'zone1'), zh('node-c', 'zone2'), zh('node-d', 'zone2')],
    want: { 'node-a': 60, 'node-b': 20, 'node-c': 60, 'node-d': 100 },
  },
  {
    name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
    pod: makePod()
      .name('p')
      .labels({ foo: '', bar: '', baz: '' })
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', foo)
      .spreadConstraint(1, H, 'ScheduleAnyway', bar, undefined, undefined, undefined, ['baz'])
      .obj(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-b1', 'node-b', { foo: '', bar: '', baz: '' }),
      p('p-c1', 'node-c', F),
      p('p-c2', 'node-c', { bar: '' }),
      p('p-d3', 'node-c', { bar: '', baz: '' }),
    ],
    nodes: [zh('node-a', 'zone1'), zh('node-b', 'zone1'), zh('node-c', 'zone2'), zh('node-d', 'zone2')],
    want: { 'node-a': 60, 'node-b': 20, 'node-c': 60, 'node-d': 100 },
  },
];

function zoneHostPod(): Pod {
  return makePod()
    .name('p')
    .labels(FB)
    .spreadConstraint(1, 'zone', 'ScheduleAnyway', foo)
    .spreadConstraint(1, H, 'ScheduleAnyway', bar)
    .obj();
}
function fooNodes(): Node[] {
  return [
    node('node-a', { node: 'node-a', foo: '' }),
    node('node-b', { node: 'node-b', foo: '' }),
    node('node-c', { node: 'node-c' }),
  ];
}
function taintedNodes(): Node[] {
  return [
    node('node-a', { node: 'node-a' }),
    node('node-b', { node: 'node-b' }),
    node('node-c', { node: 'node-c' }, taints),
  ];
}

describe(`${NAME} Score: TestPodTopologySpreadScore (upstream scoring_test.go)`, () => {
  for (const c of scoreCases) {
    it(c.name, () => {
      const all = [...c.nodes, ...(c.failedNodes ?? [])];
      const world = makeWorld(all, c.existingPods ?? [], {
        services: (c.services ?? []).map((sel, i) => makeService('', `svc-${i}`, sel)),
      });
      const plugin = newPodTopologySpread(podTopologySpreadArgs({ defaultingType: 'System' }), world.handle);
      const { preScore, scores } = runScore(
        plugin,
        world,
        c.pod,
        c.nodes.map((n) => n.name),
      );
      expect(preScore).toBeNull();
      expect(scores).toEqual(c.want);
    });
  }
});

// scoring_test.go TestPreScoreSkip
describe(`${NAME} PreScore: TestPreScoreSkip (upstream scoring_test.go)`, () => {
  it("the pod doesn't have soft topology spread Constraints", () => {
    const world = makeWorld([host('node-a'), host('node-b')], []);
    const plugin = newPodTopologySpread(podTopologySpreadArgs({ defaultingType: 'List' }), world.handle);
    const pod = makePod().name('p').namespace('default').obj();
    expect(codeOf(runScore(plugin, world, pod, ['node-a', 'node-b']).preScore)).toBe('Skip');
  });
  it("default constraints and a replicaset that doesn't match", () => {
    const world = makeWorld([node('node-a', { planet: 'mars' })], [], {
      workloads: [makeDeployment('default', 'rs1', makeLabelSelector().exists('tar').obj())],
    });
    const plugin = newPodTopologySpread(
      {
        defaultingType: 'List',
        defaultConstraints: [{ maxSkew: 2, topologyKey: 'planet', whenUnsatisfiable: 'ScheduleAnyway' }],
      },
      world.handle,
    );
    const pod = makePod()
      .name('p')
      .namespace('default')
      .labels({ foo: 'bar', baz: 'sup' })
      .owner('ReplicaSet', 'default/rs2')
      .obj();
    expect(codeOf(runScore(plugin, world, pod, ['node-a']).preScore)).toBe('Skip');
  });
});

// scoring_test.go TestPreScoreStateEmptyNodes: PreScore on nodes without pods; checks the counts
// seeded from the feasible nodes, the ignored nodes and the normalizing weights.
interface PreScoreCase {
  name: string;
  pod: Pod;
  nodes: Node[];
  args: Record<string, unknown>;
  workloads?: ReturnType<typeof makeDeployment>[];
  want: {
    keys: string[];
    maxSkews: number[];
    ignored: string[];
    counts: Record<string, number>[];
    sizes: number[];
  };
}

const preScoreCases: PreScoreCase[] = [
  {
    name: 'normal case',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', foo)
      .spreadConstraint(1, H, 'ScheduleAnyway', foo)
      .obj(),
    nodes: [zh('node-a', 'zone1'), zh('node-b', 'zone1'), zh('node-x', 'zone2')],
    args: { defaultingType: 'List' },
    want: {
      keys: ['zone', H],
      maxSkews: [1, 1],
      ignored: [],
      counts: [{ zone1: 0, zone2: 0 }, {}],
      sizes: [2, 3],
    },
  },
  {
    name: 'null selector',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'ScheduleAnyway', undefined).obj(),
    nodes: [zh('node-a', 'zone1'), zh('node-b', 'zone1'), zh('node-x', 'zone2')],
    args: { defaultingType: 'List' },
    want: { keys: ['zone'], maxSkews: [1], ignored: [], counts: [{ zone1: 0, zone2: 0 }], sizes: [2] },
  },
  {
    name: "node-x doesn't have label zone",
    pod: makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', foo)
      .spreadConstraint(1, H, 'ScheduleAnyway', bar)
      .obj(),
    nodes: [zh('node-a', 'zone1'), zh('node-b', 'zone1'), host('node-x')],
    args: { defaultingType: 'List' },
    want: {
      keys: ['zone', H],
      maxSkews: [1, 1],
      ignored: ['node-x'],
      counts: [{ zone1: 0 }, {}],
      sizes: [1, 2],
    },
  },
  {
    name: 'system default constraints and a replicaset',
    pod: makePod()
      .name('p')
      .namespace('default')
      .labels({ foo: 'tar', baz: 'sup' })
      .owner('ReplicaSet', 'default/rs1')
      .obj(),
    nodes: [
      host('node-a', { [LABEL_ZONE]: 'mars' }),
      host('node-b', { [LABEL_ZONE]: 'mars' }),
      // Nodes with no zone are not excluded. They are considered a separate zone.
      host('node-c'),
      host('node-d'),
    ],
    args: { defaultingType: 'System' },
    workloads: [makeDeployment('default', 'rs1', foo)],
    want: {
      keys: [H, LABEL_ZONE],
      maxSkews: [3, 5],
      ignored: [],
      counts: [{}, { mars: 0, '': 0 }],
      sizes: [4, 2],
    },
  },
  {
    name: 'default constraints and a replicaset',
    pod: makePod()
      .name('p')
      .namespace('default')
      .labels({ foo: 'tar', baz: 'sup' })
      .owner('ReplicaSet', 'default/rs1')
      .obj(),
    nodes: [node('node-a', { rack: 'rack1', [H]: 'node-a', planet: 'mars' })],
    args: {
      defaultingType: 'List',
      defaultConstraints: [
        { maxSkew: 1, topologyKey: H, whenUnsatisfiable: 'ScheduleAnyway' },
        { maxSkew: 2, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' },
        { maxSkew: 2, topologyKey: 'planet', whenUnsatisfiable: 'ScheduleAnyway' },
      ],
    },
    workloads: [makeDeployment('default', 'rs1', foo)],
    want: { keys: [H, 'planet'], maxSkews: [1, 2], ignored: [], counts: [{}, { mars: 0 }], sizes: [1, 1] },
  },
  {
    name: 'default constraints and a replicaset, but pod has constraints',
    pod: makePod()
      .name('p')
      .namespace('default')
      .labels({ foo: 'bar', baz: 'sup' })
      .owner('ReplicaSet', 'default/rs1')
      .spreadConstraint(1, 'zone', 'DoNotSchedule', bar)
      .spreadConstraint(2, 'planet', 'ScheduleAnyway', makeLabelSelector().label('baz', 'sup').obj())
      .obj(),
    nodes: [node('node-a', { planet: 'mars', galaxy: 'andromeda' })],
    args: {
      defaultingType: 'List',
      defaultConstraints: [{ maxSkew: 2, topologyKey: 'galaxy', whenUnsatisfiable: 'ScheduleAnyway' }],
    },
    workloads: [makeDeployment('default', 'rs1', foo)],
    want: { keys: ['planet'], maxSkews: [2], ignored: [], counts: [{ mars: 0 }], sizes: [1] },
  },
  ...['NodeAffinityPolicy honored with labelSelectors', 'NodeAffinityPolicy ignored with labelSelectors'].map(
    (name, i): PreScoreCase => ({
      name,
      pod: makePod()
        .name('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'ScheduleAnyway', bar, undefined, i === 0 ? undefined : 'Ignore')
        .obj(),
      nodes: threeZoneNodes(),
      args: { defaultingType: 'List' },
      want: { keys: ['zone'], maxSkews: [1], ignored: [], counts: [{ zone1: 0, zone2: 0 }], sizes: [2] },
    }),
  ),
  ...['NodeAffinityPolicy honored with nodeAffinity', 'NodeAffinityPolicy ignored with nodeAffinity'].map(
    (name, i): PreScoreCase => ({
      name,
      pod: makePod()
        .name('p')
        .label('foo', '')
        .nodeAffinityIn('foo', [''])
        .spreadConstraint(1, 'zone', 'ScheduleAnyway', bar, undefined, i === 0 ? undefined : 'Ignore')
        .obj(),
      nodes: threeZoneNodes(),
      args: { defaultingType: 'List' },
      want: { keys: ['zone'], maxSkews: [1], ignored: [], counts: [{ zone1: 0, zone2: 0 }], sizes: [2] },
    }),
  ),
  ...['NodeTaintsPolicy honored', 'NodeTaintsPolicy ignored'].map(
    (name, i): PreScoreCase => ({
      name,
      pod: makePod()
        .name('p')
        .label('foo', '')
        .spreadConstraint(
          1,
          'zone',
          'ScheduleAnyway',
          bar,
          undefined,
          undefined,
          i === 0 ? 'Honor' : undefined,
        )
        .obj(),
      nodes: [
        node('node-a', { zone: 'zone1', foo: '', [H]: 'node-a' }),
        node('node-b', { zone: 'zone1', foo: '', [H]: 'node-b' }),
        node('node-x', { zone: 'zone2', [H]: 'node-x' }, taints),
      ],
      args: { defaultingType: 'List' },
      want: { keys: ['zone'], maxSkews: [1], ignored: [], counts: [{ zone1: 0, zone2: 0 }], sizes: [2] },
    }),
  ),
];

function threeZoneNodes(): Node[] {
  return [
    node('node-a', { zone: 'zone1', foo: '', [H]: 'node-a' }),
    node('node-b', { zone: 'zone1', foo: '', [H]: 'node-b' }),
    node('node-x', { zone: 'zone2', [H]: 'node-x' }),
  ];
}

describe(`${NAME} PreScore: TestPreScoreStateEmptyNodes (upstream scoring_test.go)`, () => {
  for (const c of preScoreCases) {
    it(c.name, () => {
      const world = makeWorld(c.nodes, [], { workloads: c.workloads ?? [] });
      const plugin = newPodTopologySpread(podTopologySpreadArgs(c.args), world.handle);
      const { preScore, state } = runScore(
        plugin,
        world,
        c.pod,
        c.nodes.map((n) => n.name),
      );
      expect(preScore).toBeNull();
      const s = readPreScoreState(state);
      if (s === undefined) throw new Error('no PreScore state');
      expect(s.constraints.map((x) => x.topologyKey)).toEqual(c.want.keys);
      expect(s.constraints.map((x) => x.maxSkew)).toEqual(c.want.maxSkews);
      expect(c.nodes.filter((n) => s.ignored[world.nodeInfo(n.name).index] === 1).map((n) => n.name)).toEqual(
        c.want.ignored,
      );
      expect(s.topologyValueToPodCounts.map((m) => Object.fromEntries(m))).toEqual(c.want.counts);
      expect(Array.from(s.weights)).toEqual(c.want.sizes.map(topologyNormalizingWeight));
    });
  }
});
