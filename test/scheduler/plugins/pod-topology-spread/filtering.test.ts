// Upstream cases ported from kubernetes/kubernetes
// pkg/scheduler/framework/plugins/podtopologyspread/filtering_test.go at commit 01c2588b (master, the
// v1.35 development line): TestPreFilterState, TestSingleConstraint, TestMultipleConstraints.
// Case names are upstream's. Upstream toggles feature gates per case (NodeInclusionPolicy,
// MatchLabelKeys); kubesim always runs with them on (their defaults since v1.33), so cases that only
// exist to test a gate turned off are left out (listed in docs/scheduler-plugins-spread-affinity.md).
import { describe, expect, it } from 'vitest';
import type { LabelSelector } from '../../../../src/model/labels.js';
import type { Node } from '../../../../src/model/node.js';
import type { Pod } from '../../../../src/model/pod.js';
import type { Taint } from '../../../../src/model/taints.js';
import {
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  NAME,
  newPodTopologySpread,
  readPreFilterState,
  tpValueToMatchNum,
} from '../../../../src/scheduler/plugins/pod-topology-spread/index.js';
import { makeLabelSelector, makeNode, makePod } from '../make-pod.js';
import { codeOf, makeService, makeWorld, podTopologySpreadArgs, runFilter } from '../plugin-harness.js';

const foo = makeLabelSelector().exists('foo').obj();
const bar = makeLabelSelector().exists('bar').obj();
const taints: Taint[] = [{ key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' }];

const node = (name: string, labels: Record<string, string>, t?: Taint[]): Node => {
  const b = makeNode().name(name).labels(labels);
  if (t) b.taints(t);
  return b.obj();
};
const zn = (name: string, zone: string, extra: Record<string, string> = {}, t?: Taint[]): Node =>
  node(name, { zone, node: name, ...extra }, t);
/** node-a, node-b in zone1; node-x, node-y in zone2 (the usual upstream layout). */
const fourNodes = (): Node[] => [
  zn('node-a', 'zone1'),
  zn('node-b', 'zone1'),
  zn('node-x', 'zone2'),
  zn('node-y', 'zone2'),
];
const p = (name: string, nodeName: string, labels: Record<string, string>, ns = ''): Pod =>
  makePod().name(name).namespace(ns).node(nodeName).labels(labels).obj();
const F = { foo: '' };
const FB = { foo: '', bar: '' };

type Want = Record<string, 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable'>;

interface FilterCase {
  name: string;
  pod: Pod;
  nodes: Node[];
  existingPods?: Pod[];
  want: Want;
}

function checkFilter(c: FilterCase): void {
  const world = makeWorld(c.nodes, c.existingPods ?? []);
  const plugin = newPodTopologySpread(podTopologySpreadArgs({ defaultingType: 'List' }), world.handle);
  const { preFilter, filter } = runFilter(
    plugin,
    world,
    c.pod,
    c.nodes.map((n) => n.name),
  );
  expect(preFilter).toBeNull();
  const got: Record<string, string> = {};
  for (const [name, status] of Object.entries(filter)) {
    got[name] = codeOf(status);
    if (status !== null) {
      expect(status.reasons).toEqual([
        status.code === 3 ? ERR_REASON_NODE_LABEL_NOT_MATCH : ERR_REASON_CONSTRAINTS_NOT_MATCH,
      ]);
    }
  }
  expect(got).toEqual(c.want);
}

const S = 'Success' as const;
const U = 'Unschedulable' as const;
const UU = 'UnschedulableAndUnresolvable' as const;

// filtering_test.go TestSingleConstraint
const singleConstraintCases: FilterCase[] = [
  {
    name: 'no existing pods',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
    nodes: fourNodes(),
    want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
  },
  {
    name: "no existing pods, incoming pod doesn't match itself",
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', bar).obj(),
    nodes: fourNodes(),
    want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
  },
  {
    name: 'existing pods in a different namespace do not count',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
    nodes: fourNodes(),
    existingPods: [
      p('p-a1', 'node-a', F, 'ns1'),
      p('p-b1', 'node-a', F, 'ns2'),
      p('p-x1', 'node-x', F),
      p('p-y1', 'node-y', F),
    ],
    want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
  },
  {
    name: 'existing pods do not match null selector',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', undefined).obj(),
    nodes: fourNodes(),
    existingPods: [p('p-x1', 'node-x', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
  },
  {
    name: 'pods spread across zones as 3/3, all nodes fit',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
    nodes: fourNodes(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-a2', 'node-a', F),
      p('p-b1', 'node-b', F),
      p('p-y1', 'node-y', F),
      p('p-y2', 'node-y', F),
      p('p-y3', 'node-y', F),
    ],
    want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
  },
  {
    name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
    nodes: [
      zn('node-a', 'zone1'),
      node('node-b', { zon: 'zone1', node: 'node-b' }),
      zn('node-x', 'zone2'),
      zn('node-y', 'zone2'),
    ],
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-b1', 'node-b', F),
      p('p-x1', 'node-x', F),
      p('p-y1', 'node-y', F),
    ],
    want: { 'node-a': S, 'node-b': UU, 'node-x': U, 'node-y': U },
  },
  {
    name: "pod cannot be scheduled as all nodes don't have label 'rack'",
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'rack', 'DoNotSchedule', foo).obj(),
    nodes: [zn('node-a', 'zone1'), zn('node-x', 'zone2')],
    want: { 'node-a': UU, 'node-x': UU },
  },
  {
    name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
    nodes: fourNodes(),
    existingPods: spread2103(),
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
  },
  {
    name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
    pod: makePod().name('p').label('foo', '').spreadConstraint(2, 'node', 'DoNotSchedule', foo).obj(),
    nodes: fourNodes(),
    existingPods: spread2103(),
    want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
  },
  {
    name: "pods spread across nodes as 2/1/0/3, but pod doesn't match itself",
    pod: makePod().name('p').label('bar', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
    nodes: fourNodes(),
    existingPods: spread2103(),
    want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
  },
  {
    name: 'incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeAffinityIn('node', ['node-a', 'node-y'])
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
      .obj(),
    nodes: fourNodes(),
    existingPods: spread2103(),
    want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': U },
  },
  {
    name: 'terminating Pods should be excluded',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
    nodes: [node('node-a', { node: 'node-a' }), node('node-b', { node: 'node-b' })],
    existingPods: [
      makePod().name('p-a').node('node-a').label('foo', '').terminating().obj(),
      p('p-b', 'node-b', F),
    ],
    want: { 'node-a': S, 'node-b': U },
  },
  {
    name: 'incoming pod has nodeAffinity, pods spread as 0/~2~/0/1, hence node-a fits',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeAffinityNotIn('node', ['node-b'])
      .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
      .obj(),
    nodes: fourNodes(),
    existingPods: [p('p-b1', 'node-b', F), p('p-b2', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
  },
  {
    name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < minDomains, then the third node fits',
    pod: makePod().name('p').label('foo', '').spreadConstraint(2, 'node', 'DoNotSchedule', foo, 4).obj(),
    nodes: threeHostNodes(),
    existingPods: spread221(),
    want: { 'node-a': U, 'node-b': U, 'node-c': S },
  },
  {
    name: 'pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains > minDomains, then the all nodes fit',
    pod: makePod().name('p').label('foo', '').spreadConstraint(2, 'node', 'DoNotSchedule', foo, 2).obj(),
    nodes: threeHostNodes(),
    existingPods: spread221(),
    want: { 'node-a': S, 'node-b': S, 'node-c': S },
  },
  {
    name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains < minDomains, then the third and fourth nodes fit',
    pod: makePod().name('p').label('foo', '').spreadConstraint(2, 'zone', 'DoNotSchedule', foo, 3).obj(),
    nodes: fourNodes(),
    existingPods: [p('p-b1', 'node-a', F), p('p-b2', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
  },
  {
    name: 'pods spread across zone as 2/1, maxSkew is 2 and the number of domains > minDomains, then the all nodes fit',
    pod: makePod().name('p').label('foo', '').spreadConstraint(2, 'zone', 'DoNotSchedule', foo, 1).obj(),
    nodes: fourNodes(),
    existingPods: [p('p-b1', 'node-a', F), p('p-b2', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': S, 'node-b': S, 'node-x': S, 'node-y': S },
  },
  {
    name: 'NodeAffinityPolicy honored with labelSelectors',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeSelector({ foo: '' })
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
      .obj(),
    nodes: fooHostNodes(),
    existingPods: [p('p-b1', 'node-a', F), p('p-b2', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
  },
  {
    name: 'NodeAffinityPolicy ignored with labelSelectors',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeSelector({ foo: '' })
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, 'Ignore')
      .obj(),
    nodes: fooHostNodes(),
    existingPods: [p('p-b1', 'node-a', F), p('p-b2', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
  },
  {
    name: 'NodeAffinityPolicy honored with nodeAffinity',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeAffinityIn('foo', [''])
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
      .obj(),
    nodes: fooHostNodes(),
    existingPods: [p('p-b1', 'node-a', F), p('p-b2', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
  },
  {
    // Upstream reuses the previous name for this nodeAffinity variant.
    name: 'NodeAffinityPolicy ignored with labelSelectors',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeAffinityIn('foo', [''])
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, 'Ignore')
      .obj(),
    nodes: fooHostNodes(),
    existingPods: [p('p-b1', 'node-a', F), p('p-b2', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
  },
  {
    name: 'NodeTaintsPolicy honored',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, undefined, 'Honor')
      .obj(),
    nodes: taintedHostNodes(),
    existingPods: [p('p-b1', 'node-a', F), p('p-b2', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
  },
  {
    name: 'NodeTaintsPolicy ignored',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', foo).obj(),
    nodes: taintedHostNodes(),
    existingPods: [p('p-b1', 'node-a', F), p('p-b2', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
  },
];

function spread2103(): Pod[] {
  return [
    p('p-a1', 'node-a', F),
    p('p-a2', 'node-a', F),
    p('p-b1', 'node-b', F),
    p('p-y1', 'node-y', F),
    p('p-y2', 'node-y', F),
    p('p-y3', 'node-y', F),
  ];
}
function spread221(): Pod[] {
  return [
    p('p-a1', 'node-a', F),
    p('p-a2', 'node-a', F),
    p('p-b1', 'node-b', F),
    p('p-b2', 'node-b', F),
    p('p-c1', 'node-c', F),
  ];
}
function threeHostNodes(): Node[] {
  return [
    node('node-a', { node: 'node-a' }),
    node('node-b', { node: 'node-b' }),
    node('node-c', { node: 'node-c' }),
  ];
}
function fooHostNodes(): Node[] {
  return [
    node('node-a', { node: 'node-a', foo: '' }),
    node('node-b', { node: 'node-b', foo: '' }),
    node('node-x', { node: 'node-x', foo: '' }),
    node('node-y', { node: 'node-y' }),
  ];
}
function taintedHostNodes(): Node[] {
  return [
    node('node-a', { node: 'node-a', foo: '' }),
    node('node-b', { node: 'node-b', foo: '' }),
    node('node-x', { node: 'node-x', foo: '' }),
    node('node-y', { node: 'node-y' }, taints),
  ];
}

// filtering_test.go TestMultipleConstraints
const multipleConstraintsCases: FilterCase[] = [
  {
    name: 'two Constraints on zone and node, spreads = [3/3, 2/1/0/3]',
    pod: zoneNodePod(foo, foo, { foo: '' }),
    nodes: fourNodes(),
    existingPods: spread2103(),
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
  },
  {
    name: 'two Constraints on zone and node, spreads = [3/4, 2/1/0/4]',
    pod: zoneNodePod(foo, foo, { foo: '' }),
    nodes: fourNodes(),
    existingPods: [...spread2103(), p('p-y4', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
  },
  {
    name: 'Constraints hold different labelSelectors, spreads = [1/0, 1/0/0/1]',
    pod: zoneNodePod(foo, bar, FB),
    nodes: fourNodes(),
    existingPods: [p('p-a1', 'node-a', F), p('p-y1', 'node-y', { bar: '' })],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
  },
  {
    name: 'Constraints hold different labelSelectors, spreads = [1/0, 0/0/1/1]',
    pod: zoneNodePod(foo, bar, FB),
    nodes: fourNodes(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-x1', 'node-x', { bar: '' }),
      p('p-y1', 'node-y', { bar: '' }),
    ],
    want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
  },
  {
    name: 'Constraints hold different labelSelectors, spreads = [2/3, 1/0/0/1]',
    pod: zoneNodePod(foo, bar, FB),
    nodes: fourNodes(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-a2', 'node-a', FB),
      p('p-y1', 'node-y', F),
      p('p-y2', 'node-y', FB),
      p('p-y3', 'node-y', F),
    ],
    want: { 'node-a': U, 'node-b': S, 'node-x': U, 'node-y': U },
  },
  {
    name: "Constraints hold different labelSelectors but pod doesn't match itself on 'zone' constraint",
    pod: zoneNodePod(foo, bar, { bar: '' }),
    nodes: fourNodes(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-x1', 'node-x', { bar: '' }),
      p('p-y1', 'node-y', { bar: '' }),
    ],
    want: { 'node-a': S, 'node-b': S, 'node-x': U, 'node-y': U },
  },
  {
    name: "two Constraints on zone and node, absence of label 'node' on node-x, spreads = [1/1, 1/0/0/1]",
    pod: zoneNodePod(foo, foo, F),
    nodes: [
      zn('node-a', 'zone1'),
      zn('node-b', 'zone1'),
      node('node-x', { zone: 'zone2' }),
      zn('node-y', 'zone2'),
    ],
    existingPods: [p('p-a1', 'node-a', F), p('p-y3', 'node-y', F)],
    want: { 'node-a': U, 'node-b': S, 'node-x': UU, 'node-y': U },
  },
  {
    name: 'two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeSelector({ foo: '' })
      .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, 'Ignore')
      .obj(),
    nodes: [
      zn('node-a', 'zone1', { foo: '' }),
      zn('node-b', 'zone1', { foo: '' }),
      zn('node-x', 'zone2', { foo: '' }),
      zn('node-y', 'zone2'),
    ],
    existingPods: [p('p-a1', 'node-a', F), p('p-b1', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
  },
  {
    name: 'two node inclusion Constraints, zone: honor/honor, node: honor/ignore',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, undefined, 'Honor')
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
      .obj(),
    nodes: [
      zn('node-a', 'zone1', { foo: '' }),
      zn('node-b', 'zone1', { foo: '' }),
      zn('node-x', 'zone2', { foo: '' }),
      zn('node-y', 'zone2', {}, taints),
    ],
    existingPods: [p('p-a1', 'node-a', F), p('p-b1', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
  },
  {
    name: 'two node inclusion Constraints, zone: honor/ignore, node: honor/ignore',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeSelector({ foo: '' })
      .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
      .obj(),
    nodes: [
      zn('node-a', 'zone1', { foo: '' }),
      zn('node-b', 'zone1'),
      zn('node-x', 'zone2', { foo: '' }),
      zn('node-y', 'zone2', { foo: '' }, taints),
    ],
    existingPods: [p('p-a1', 'node-a', F), p('p-b1', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': S, 'node-x': S, 'node-y': U },
  },
  {
    name: 'two node inclusion Constraints, zone: honor/honor, node: ignore/ignore',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeSelector({ foo: '' })
      .spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, undefined, 'Honor')
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, 'Ignore')
      .obj(),
    nodes: [
      zn('node-a', 'zone1', { foo: '' }),
      zn('node-b', 'zone1'),
      zn('node-x', 'zone2', { foo: '' }),
      zn('node-y', 'zone2', { foo: '' }, taints),
    ],
    existingPods: [p('p-a1', 'node-a', F), p('p-b1', 'node-b', F), p('p-y1', 'node-y', F)],
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': U },
  },
  {
    name: 'two Constraints on zone, spreads = [3/3, 2/1]',
    pod: twoZonePod(),
    nodes: fourNodes(),
    existingPods: zoneSpread(false),
    want: { 'node-a': U, 'node-b': U, 'node-x': S, 'node-y': S },
  },
  {
    name: 'two Constraints on zone, spreads = [3/4, 2/1]',
    pod: twoZonePod(),
    nodes: fourNodes(),
    existingPods: zoneSpread(true),
    want: { 'node-a': U, 'node-b': U, 'node-x': U, 'node-y': U },
  },
];

function zoneNodePod(zoneSel: LabelSelector, nodeSel: LabelSelector, labels: Record<string, string>): Pod {
  return makePod()
    .name('p')
    .labels(labels)
    .spreadConstraint(1, 'zone', 'DoNotSchedule', zoneSel)
    .spreadConstraint(1, 'node', 'DoNotSchedule', nodeSel)
    .obj();
}
function twoZonePod(): Pod {
  return makePod()
    .name('p')
    .labels(FB)
    .spreadConstraint(1, 'zone', 'DoNotSchedule', bar)
    .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
    .obj();
}
function zoneSpread(withY4: boolean): Pod[] {
  const pods = [
    p('p-a1', 'node-a', FB),
    p('p-a2', 'node-a', F),
    p('p-b1', 'node-b', FB),
    p('p-y1', 'node-y', F),
    p('p-y2', 'node-y', FB),
    p('p-y3', 'node-y', F),
  ];
  if (withY4) pods.push(p('p-y4', 'node-y', F));
  return pods;
}

describe(`${NAME} Filter: TestSingleConstraint (upstream filtering_test.go)`, () => {
  for (const c of singleConstraintCases) it(c.name, () => checkFilter(c));
});

describe(`${NAME} Filter: TestMultipleConstraints (upstream filtering_test.go)`, () => {
  for (const c of multipleConstraintsCases) it(c.name, () => checkFilter(c));
});

// filtering_test.go TestPreFilterState: the per-constraint counts (TpValueToMatchNum) and the global
// minimum (CriticalPaths[i][0].MatchNum) that PreFilter leaves for Filter. `skip` cases expect a Skip.
interface PreFilterCase {
  name: string;
  pod: Pod;
  nodes?: Node[];
  existingPods?: Pod[];
  services?: Record<string, string>[];
  defaultConstraints?: {
    maxSkew: number;
    topologyKey: string;
    whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  }[];
  /** Per constraint: topologyKey, maxSkew, counts, minimum (omitted when there is no domain). */
  want?: { key: string; maxSkew: number; counts: Record<string, number>; min?: number }[];
  skip?: boolean;
}

const preFilterCases: PreFilterCase[] = [
  {
    name: 'clean cluster with one spreadConstraint',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(5, 'zone', 'DoNotSchedule', makeLabelSelector().label('foo', 'bar').obj())
      .obj(),
    nodes: fourNodes(),
    want: [{ key: 'zone', maxSkew: 5, counts: { zone1: 0, zone2: 0 }, min: 0 }],
  },
  {
    name: 'normal case with one spreadConstraint',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
    nodes: fourNodes(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-a2', 'node-a', F),
      p('p-b1', 'node-b', F),
      p('p-y1', 'node-y', F),
      p('p-y2', 'node-y', F),
    ],
    want: [{ key: 'zone', maxSkew: 1, counts: { zone1: 3, zone2: 2 }, min: 2 }],
  },
  {
    name: 'normal case with null label selector',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', undefined).obj(),
    nodes: fourNodes(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-a2', 'node-a', F),
      p('p-b1', 'node-b', F),
      p('p-y1', 'node-y', F),
      p('p-y2', 'node-y', F),
    ],
    want: [{ key: 'zone', maxSkew: 1, counts: { zone1: 0, zone2: 0 }, min: 0 }],
  },
  {
    name: 'normal case with one spreadConstraint, on a 3-zone cluster',
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
    nodes: [...fourNodes(), zn('node-o', 'zone3'), zn('node-p', 'zone3')],
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-a2', 'node-a', F),
      p('p-b1', 'node-b', F),
      p('p-y1', 'node-y', F),
      p('p-y2', 'node-y', F),
    ],
    want: [{ key: 'zone', maxSkew: 1, counts: { zone1: 3, zone2: 2, zone3: 0 }, min: 0 }],
  },
  {
    name: "namespace mismatch doesn't count",
    pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'zone', 'DoNotSchedule', foo).obj(),
    nodes: fourNodes(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-a2', 'node-a', F, 'ns1'),
      p('p-b1', 'node-b', F),
      p('p-y1', 'node-y', F, 'ns2'),
      p('p-y2', 'node-y', F),
    ],
    want: [{ key: 'zone', maxSkew: 1, counts: { zone1: 2, zone2: 1 }, min: 1 }],
  },
  {
    name: 'normal case with two spreadConstraints',
    pod: zoneNodePod(foo, foo, F),
    nodes: fourNodes(),
    existingPods: [...spread2103(), p('p-y4', 'node-y', F)],
    want: [
      { key: 'zone', maxSkew: 1, counts: { zone1: 3, zone2: 4 }, min: 3 },
      { key: 'node', maxSkew: 1, counts: { 'node-a': 2, 'node-b': 1, 'node-x': 0, 'node-y': 4 }, min: 0 },
    ],
  },
  {
    name: 'soft spreadConstraints should be bypassed',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', foo)
      .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
      .spreadConstraint(1, 'node', 'ScheduleAnyway', foo)
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
      .obj(),
    nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-y', 'zone2')],
    existingPods: [...spread2103(), p('p-y4', 'node-y', F)],
    want: [
      { key: 'zone', maxSkew: 1, counts: { zone1: 3, zone2: 4 }, min: 3 },
      { key: 'node', maxSkew: 1, counts: { 'node-a': 2, 'node-b': 1, 'node-y': 4 }, min: 1 },
    ],
  },
  {
    name: 'different labelSelectors - simple version',
    pod: zoneNodePod(foo, bar, FB),
    nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-y', 'zone2')],
    existingPods: [p('p-a', 'node-a', F), p('p-b', 'node-b', { bar: '' })],
    want: [
      { key: 'zone', maxSkew: 1, counts: { zone1: 1, zone2: 0 }, min: 0 },
      { key: 'node', maxSkew: 1, counts: { 'node-a': 0, 'node-b': 1, 'node-y': 0 }, min: 0 },
    ],
  },
  {
    name: 'different labelSelectors - complex pods',
    pod: zoneNodePod(foo, bar, FB),
    nodes: [zn('node-a', 'zone1'), zn('node-b', 'zone1'), zn('node-y', 'zone2')],
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-a2', 'node-a', FB),
      p('p-b1', 'node-b', F),
      p('p-y1', 'node-y', F),
      p('p-y2', 'node-y', FB),
      p('p-y3', 'node-y', F),
      p('p-y4', 'node-y', FB),
    ],
    want: [
      { key: 'zone', maxSkew: 1, counts: { zone1: 3, zone2: 4 }, min: 3 },
      { key: 'node', maxSkew: 1, counts: { 'node-a': 1, 'node-b': 0, 'node-y': 2 }, min: 0 },
    ],
  },
  {
    name: 'two spreadConstraints, and with podAffinity',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .nodeAffinityNotIn('node', ['node-x'])
      .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
      .obj(),
    nodes: fourNodes(),
    existingPods: [...spread2103(), p('p-y4', 'node-y', F)],
    want: [
      { key: 'zone', maxSkew: 1, counts: { zone1: 3, zone2: 4 }, min: 3 },
      { key: 'node', maxSkew: 1, counts: { 'node-a': 2, 'node-b': 1, 'node-y': 4 }, min: 1 },
    ],
  },
  {
    name: 'default constraints and a service',
    pod: makePod().name('p').label('foo', 'bar').label('baz', 'kar').obj(),
    defaultConstraints: [
      { maxSkew: 3, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' },
      { maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway' },
      { maxSkew: 5, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' },
    ],
    services: [{ foo: 'bar' }],
    want: [
      { key: 'node', maxSkew: 3, counts: {} },
      { key: 'rack', maxSkew: 5, counts: {} },
    ],
  },
  {
    name: "default constraints and a service that doesn't match",
    pod: makePod().name('p').label('foo', 'bar').obj(),
    defaultConstraints: [{ maxSkew: 3, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }],
    services: [{ baz: 'kep' }],
    skip: true,
  },
  {
    name: 'default constraints and a service, but pod has constraints',
    pod: makePod()
      .name('p')
      .label('foo', 'bar')
      .label('baz', 'tar')
      .spreadConstraint(1, 'zone', 'DoNotSchedule', makeLabelSelector().label('baz', 'tar').obj())
      .spreadConstraint(2, 'planet', 'ScheduleAnyway', makeLabelSelector().label('fot', 'rok').obj())
      .obj(),
    defaultConstraints: [{ maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }],
    services: [{ foo: 'bar' }],
    want: [{ key: 'zone', maxSkew: 1, counts: {} }],
  },
  {
    name: 'default soft constraints and a service',
    pod: makePod().name('p').label('foo', 'bar').obj(),
    defaultConstraints: [{ maxSkew: 2, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway' }],
    services: [{ foo: 'bar' }],
    skip: true,
  },
  {
    name: 'TpKeyToDomainsNum is calculated when MinDomains is enabled',
    pod: zoneNodePod(foo, foo, F),
    nodes: fourNodes(),
    existingPods: [...spread2103(), p('p-y4', 'node-y', F)],
    want: [
      { key: 'zone', maxSkew: 1, counts: { zone1: 3, zone2: 4 }, min: 3 },
      { key: 'node', maxSkew: 1, counts: { 'node-a': 2, 'node-b': 1, 'node-x': 0, 'node-y': 4 }, min: 0 },
    ],
  },
  ...inclusionPolicyPreFilterCases(),
  {
    name: "matchLabelKeys ANDed with LabelSelector when LabelSelector isn't empty",
    pod: makePod()
      .name('p')
      .label('foo', '')
      .label('bar', 'a')
      .spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, undefined, undefined, ['bar'])
      .obj(),
    nodes: fourNodes(),
    existingPods: [
      p('p-a1', 'node-a', F),
      p('p-a2', 'node-a', { foo: '', bar: 'a' }),
      p('p-b1', 'node-b', F),
      p('p-y1', 'node-y', { foo: '', bar: 'a' }),
      p('p-y2', 'node-y', { bar: '' }),
    ],
    want: [{ key: 'zone', maxSkew: 1, counts: { zone1: 1, zone2: 1 }, min: 1 }],
  },
  {
    name: 'matchLabelKeys ANDed with LabelSelector when LabelSelector is empty',
    pod: makePod()
      .name('p')
      .label('foo', 'a')
      .spreadConstraint(1, 'zone', 'DoNotSchedule', {}, undefined, undefined, undefined, ['foo'])
      .obj(),
    nodes: fourNodes(),
    existingPods: fooA(),
    want: [{ key: 'zone', maxSkew: 1, counts: { zone1: 3, zone2: 2 }, min: 2 }],
  },
  {
    name: 'key in matchLabelKeys is ignored when LabelSelector is nil when feature gate enabled',
    pod: makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(1, 'zone', 'DoNotSchedule', undefined, undefined, undefined, undefined, ['bar'])
      .obj(),
    nodes: fourNodes(),
    existingPods: fooA(),
    want: [{ key: 'zone', maxSkew: 1, counts: { zone1: 0, zone2: 0 }, min: 0 }],
  },
  {
    name: "key in matchLabelKeys is ignored when it isn't exist in pod.labels",
    pod: makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, undefined, undefined, ['bar'])
      .obj(),
    nodes: fourNodes(),
    existingPods: fooA(),
    want: [{ key: 'zone', maxSkew: 1, counts: { zone1: 3, zone2: 2 }, min: 2 }],
  },
  {
    name: 'two spreadConstraints with the same topologyKey',
    pod: makePod()
      .name('p')
      .labels(FB)
      .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
      .spreadConstraint(1, 'zone', 'DoNotSchedule', bar)
      .obj(),
    nodes: fourNodes(),
    existingPods: [
      p('p-a1', 'node-a', FB),
      p('p-b1', 'node-b', F),
      p('p-x1', 'node-x', { bar: '' }),
      p('p-y1', 'node-y', FB),
      p('p-y2', 'node-y', { bar: '' }),
    ],
    want: [
      { key: 'zone', maxSkew: 1, counts: { zone1: 2, zone2: 1 }, min: 1 },
      { key: 'zone', maxSkew: 1, counts: { zone1: 1, zone2: 3 }, min: 1 },
    ],
  },
  {
    name: 'skip if not specified',
    pod: makePod().name('p').label('foo', '').obj(),
    nodes: [zn('node-a', 'zone1')],
    skip: true,
  },
];

function fooA(): Pod[] {
  const a = { foo: 'a' };
  return [
    p('p-a1', 'node-a', a),
    p('p-a2', 'node-a', a),
    p('p-b1', 'node-b', a),
    p('p-y1', 'node-y', a),
    p('p-y2', 'node-y', a),
  ];
}

function inclusionPolicyPreFilterCases(): PreFilterCase[] {
  const abc = (): Node[] => [
    node('node-a', { node: 'node-a', foo: '' }),
    node('node-b', { node: 'node-b', foo: '' }),
    node('node-c', { node: 'node-c', bar: '' }),
  ];
  const abcTainted = (): Node[] => [
    node('node-a', { node: 'node-a' }),
    node('node-b', { node: 'node-b' }),
    node('node-c', { node: 'node-c', bar: '' }, taints),
  ];
  const pods = (): Pod[] => [
    p('p-a', 'node-a', { bar: '' }),
    p('p-b', 'node-b', { bar: '' }),
    p('p-c', 'node-b', { bar: '' }),
    p('p-d', 'node-c', {}),
  ];
  const honoredAB = [{ key: 'node', maxSkew: 1, counts: { 'node-a': 1, 'node-b': 2 }, min: 1 }];
  const allABC = [{ key: 'node', maxSkew: 1, counts: { 'node-a': 1, 'node-b': 2, 'node-c': 0 }, min: 0 }];
  return [
    {
      name: 'NodeAffinityPolicy honored with labelSelectors',
      pod: makePod()
        .name('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'node', 'DoNotSchedule', bar)
        .obj(),
      nodes: abc(),
      existingPods: pods(),
      want: honoredAB,
    },
    {
      name: 'NodeAffinityPolicy ignored with labelSelectors',
      pod: makePod()
        .name('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'node', 'DoNotSchedule', bar, undefined, 'Ignore')
        .obj(),
      nodes: abc(),
      existingPods: pods(),
      want: allABC,
    },
    {
      name: 'NodeAffinityPolicy honored with nodeAffinity',
      pod: makePod()
        .name('p')
        .label('foo', '')
        .nodeAffinityIn('foo', [''])
        .spreadConstraint(1, 'node', 'DoNotSchedule', bar)
        .obj(),
      nodes: abc(),
      existingPods: pods(),
      want: honoredAB,
    },
    {
      name: 'NodeAffinityPolicy ignored with nodeAffinity',
      pod: makePod()
        .name('p')
        .label('foo', '')
        .nodeAffinityIn('foo', [''])
        .spreadConstraint(1, 'node', 'DoNotSchedule', bar, undefined, 'Ignore')
        .obj(),
      nodes: abc(),
      existingPods: pods(),
      want: allABC,
    },
    {
      name: 'NodeTaintsPolicy ignored',
      pod: makePod().name('p').label('foo', '').spreadConstraint(1, 'node', 'DoNotSchedule', bar).obj(),
      nodes: abcTainted(),
      existingPods: pods(),
      want: allABC,
    },
    {
      name: 'NodeTaintsPolicy honored',
      pod: makePod()
        .name('p')
        .label('foo', '')
        .spreadConstraint(1, 'node', 'DoNotSchedule', bar, undefined, undefined, 'Honor')
        .obj(),
      nodes: abcTainted(),
      existingPods: pods(),
      want: honoredAB,
    },
    {
      name: 'NodeTaintsPolicy honored with tolerated taints',
      pod: makePod()
        .name('p')
        .label('foo', '')
        .toleration('node.kubernetes.io/unschedulable')
        .spreadConstraint(1, 'node', 'DoNotSchedule', bar, undefined, undefined, 'Honor')
        .obj(),
      nodes: abcTainted(),
      existingPods: pods(),
      want: allABC,
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: ignore/ignore',
      pod: makePod()
        .name('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
        .spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, 'Ignore')
        .obj(),
      nodes: [zn('node-a', 'zone1', { foo: '' }), zn('node-b', 'zone1'), zn('node-x', 'zone2', { foo: '' })],
      existingPods: [p('p-b1', 'node-b', F), p('p-b2', 'node-b', F), p('p-x1', 'node-x', F)],
      want: [
        { key: 'zone', maxSkew: 1, counts: { zone1: 0, zone2: 1 }, min: 0 },
        { key: 'node', maxSkew: 1, counts: { 'node-a': 0, 'node-b': 2, 'node-x': 1 }, min: 0 },
      ],
    },
    {
      name: 'two node inclusion Constraints, zone: honor/honor, node: honor/ignore',
      pod: makePod()
        .name('p')
        .label('foo', '')
        .spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, undefined, 'Honor')
        .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
        .obj(),
      nodes: [
        zn('node-a', 'zone1', { foo: '' }),
        zn('node-b', 'zone1', {}, taints),
        zn('node-x', 'zone2', { foo: '' }),
      ],
      existingPods: [p('p-b1', 'node-b', F), p('p-b2', 'node-b', F), p('p-x1', 'node-x', F)],
      want: [
        { key: 'zone', maxSkew: 1, counts: { zone1: 0, zone2: 1 }, min: 0 },
        { key: 'node', maxSkew: 1, counts: { 'node-a': 0, 'node-b': 2, 'node-x': 1 }, min: 0 },
      ],
    },
    {
      name: 'two node inclusion Constraints, zone: honor/ignore, node: honor/ignore',
      pod: makePod()
        .name('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', foo)
        .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
        .obj(),
      nodes: [
        zn('node-a', 'zone1'),
        zn('node-b', 'zone1', { foo: '' }, taints),
        zn('node-x', 'zone2', { foo: '' }),
        zn('node-y', 'zone2'),
      ],
      existingPods: [
        p('p-a1', 'node-a', F),
        p('p-a2', 'node-a', F),
        p('p-x1', 'node-x', F),
        p('p-y1', 'node-y', F),
      ],
      want: [
        { key: 'zone', maxSkew: 1, counts: { zone1: 0, zone2: 1 }, min: 0 },
        { key: 'node', maxSkew: 1, counts: { 'node-b': 0, 'node-x': 1 }, min: 0 },
      ],
    },
    {
      name: 'two node inclusion Constraints, zone: ignore/ignore, node: honor/honor',
      pod: makePod()
        .name('p')
        .label('foo', '')
        .nodeSelector({ foo: '' })
        .spreadConstraint(1, 'zone', 'DoNotSchedule', foo, undefined, 'Ignore')
        .spreadConstraint(1, 'node', 'DoNotSchedule', foo, undefined, undefined, 'Honor')
        .obj(),
      nodes: [
        zn('node-a', 'zone1'),
        zn('node-b', 'zone1', { foo: '' }, taints),
        zn('node-x', 'zone2', { foo: '' }),
        zn('node-y', 'zone2', { foo: '' }),
      ],
      existingPods: [
        p('p-a1', 'node-a', F),
        p('p-a2', 'node-a', F),
        p('p-x1', 'node-x', F),
        p('p-x2', 'node-x', F),
        p('p-y1', 'node-y', F),
      ],
      want: [
        { key: 'zone', maxSkew: 1, counts: { zone1: 2, zone2: 3 }, min: 2 },
        { key: 'node', maxSkew: 1, counts: { 'node-x': 2, 'node-y': 1 }, min: 1 },
      ],
    },
  ];
}

describe(`${NAME} PreFilter: TestPreFilterState (upstream filtering_test.go)`, () => {
  for (const c of preFilterCases) {
    it(c.name, () => {
      const world = makeWorld(c.nodes ?? [], c.existingPods ?? [], {
        services: (c.services ?? []).map((sel, i) => makeService('', `svc-${i}`, sel)),
      });
      const plugin = newPodTopologySpread(
        { defaultingType: 'List', defaultConstraints: c.defaultConstraints ?? [] },
        world.handle,
      );
      const { preFilter, state } = runFilter(plugin, world, c.pod, []);
      if (c.skip) {
        expect(codeOf(preFilter)).toBe('Skip');
        return;
      }
      expect(preFilter).toBeNull();
      const s = readPreFilterState(state);
      expect(s).toBeDefined();
      const got = s?.constraints.map((con, i) => {
        const counts = Object.fromEntries(tpValueToMatchNum(s, i));
        const entry: { key: string; maxSkew: number; counts: Record<string, number>; min?: number } = {
          key: con.topologyKey,
          maxSkew: con.maxSkew,
          counts,
        };
        if (Object.keys(counts).length > 0) entry.min = s.minMatchNum[i] as number;
        return entry;
      });
      expect(got).toEqual(c.want);
    });
  }
});
