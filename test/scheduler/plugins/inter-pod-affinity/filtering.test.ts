// Upstream cases ported from kubernetes/kubernetes
// pkg/scheduler/framework/plugins/interpodaffinity/filtering_test.go at commit 072825f9 (master, the
// v1.31+ line): TestRequiredAffinitySingleNode, TestRequiredAffinityMultipleNodes,
// TestGetTPMapMatchingIncomingAffinityAntiAffinity and the expected counts of
// TestPreFilterStateAddRemovePod. Case names are upstream's. Cases that need Namespace objects with
// custom labels ("team") or label-syntax validation are left out (kubesim has neither); see
// docs/scheduler-plugins-spread-affinity.md.
import { describe, expect, it } from 'vitest';
import type { Node } from '../../../../src/model/node.js';
import type { Pod, PodAffinityTerm } from '../../../../src/model/pod.js';
import { Code } from '../../../../src/scheduler/framework/status.js';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  NAME,
  newInterPodAffinity,
  readPreFilterState,
} from '../../../../src/scheduler/plugins/inter-pod-affinity/index.js';
import { makeNode, makePod } from '../make-pod.js';
import { codeOf, interPodAffinityArgs, makeWorld, runFilter } from '../plugin-harness.js';

type Want = 'ok' | 'affinity' | 'anti' | 'existing';
const WANT_STATUS: Record<Exclude<Want, 'ok'>, [Code, string]> = {
  affinity: [Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY_RULES_NOT_MATCH],
  anti: [Code.Unschedulable, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH],
  existing: [Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH],
};

const node = (name: string, labels: Record<string, string>): Node =>
  makeNode().name(name).labels(labels).obj();

/** createPodWithAffinityTerms(namespace, nodeName, labels, affinity, antiAffinity). */
function podWithTerms(
  ns: string,
  nodeName: string,
  labels: Record<string, string>,
  affinity: PodAffinityTerm[] | undefined,
  anti: PodAffinityTerm[] | undefined,
): Pod {
  const b = makePod().namespace(ns).labels(labels);
  if (nodeName) b.node(nodeName);
  b.affinity({
    podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: affinity },
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: anti },
  });
  return b.obj();
}

const podLabel = { service: 'securityscan' };
const podLabel2 = { security: 'S1' };
const labels1 = { region: 'r1', zone: 'z11' };

interface SingleCase {
  name: string;
  pod: () => Pod;
  pods: () => Pod[];
  preFilterSkip?: boolean;
  want?: Want;
}

const existing = (): Pod[] => [makePod().labels(podLabel).node('node1').obj()];

// filtering_test.go TestRequiredAffinitySingleNode (node1 labelled region=r1, zone=z11)
const singleNodeCases: SingleCase[] = [
  {
    name: 'A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods',
    pod: () => makePod().obj(),
    pods: () => [],
    preFilterSkip: true,
  },
  {
    name: 'satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
    pod: () =>
      makePod().labels(podLabel2).podAffinityIn('service', 'region', ['securityscan', 'value2']).obj(),
    pods: existing,
  },
  {
    name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
    pod: () =>
      makePod().labels(podLabel2).podAffinityNotIn('service', 'region', ['securityscan3', 'value3']).obj(),
    pods: existing,
  },
  {
    name: 'Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
    pod: () =>
      podWithTerms(
        '',
        '',
        podLabel2,
        [
          {
            labelSelector: {
              matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }],
            },
            namespaces: ['DiffNameSpace'],
            topologyKey: '',
          },
        ],
        undefined,
      ),
    pods: () => [makePod().namespace('ns').label('service', 'securityscan').node('node1').obj()],
    want: 'affinity',
  },
  {
    name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
    pod: () => makePod().labels(podLabel).podAffinityIn('service', '', ['antivirusscan', 'value2']).obj(),
    pods: existing,
    want: 'affinity',
  },
  {
    name: 'satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ',
    pod: () =>
      podWithTerms(
        '',
        '',
        podLabel2,
        [
          {
            labelSelector: {
              matchExpressions: [
                { key: 'service', operator: 'Exists' },
                { key: 'wrongkey', operator: 'DoesNotExist' },
              ],
            },
            topologyKey: 'region',
          },
          {
            labelSelector: {
              matchExpressions: [
                { key: 'service', operator: 'In', values: ['securityscan'] },
                { key: 'service', operator: 'NotIn', values: ['WrongValue'] },
              ],
            },
            topologyKey: 'region',
          },
        ],
        undefined,
      ),
    pods: existing,
  },
  {
    name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
    pod: () =>
      podWithTerms(
        '',
        '',
        podLabel2,
        [
          {
            labelSelector: {
              matchExpressions: [
                { key: 'service', operator: 'Exists' },
                { key: 'wrongkey', operator: 'DoesNotExist' },
              ],
            },
            topologyKey: 'region',
          },
          {
            labelSelector: {
              matchExpressions: [
                { key: 'service', operator: 'In', values: ['securityscan2'] },
                { key: 'service', operator: 'NotIn', values: ['WrongValue'] },
              ],
            },
            topologyKey: 'region',
          },
        ],
        undefined,
      ),
    pods: existing,
    want: 'affinity',
  },
  {
    name: 'satisfies the PodAffinity and PodAntiAffinity with the existing pod',
    pod: () =>
      makePod()
        .labels(podLabel2)
        .podAffinityIn('service', 'region', ['securityscan', 'value2'])
        .podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'])
        .obj(),
    pods: existing,
  },
  {
    name: 'satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
    pod: () =>
      makePod()
        .labels(podLabel2)
        .podAffinityIn('service', 'region', ['securityscan', 'value2'])
        .podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'])
        .obj(),
    pods: () => [
      makePod()
        .node('node1')
        .labels(podLabel)
        .podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'])
        .obj(),
    ],
  },
  {
    name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
    pod: () =>
      makePod()
        .labels(podLabel2)
        .podAffinityIn('service', 'region', ['securityscan', 'value2'])
        .podAntiAffinityIn('service', 'zone', ['securityscan', 'value2'])
        .obj(),
    pods: existing,
    want: 'anti',
  },
  {
    name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    pod: () =>
      makePod()
        .labels(podLabel)
        .podAffinityIn('service', 'region', ['securityscan', 'value2'])
        .podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'])
        .obj(),
    pods: () => [
      makePod()
        .labels(podLabel)
        .node('node1')
        .podAntiAffinityIn('service', 'zone', ['securityscan', 'value2'])
        .obj(),
    ],
    want: 'existing',
  },
  {
    name: 'pod matches its own Label in PodAffinity and that matches the existing pod Labels',
    pod: () =>
      makePod().labels(podLabel).podAffinityNotIn('service', 'region', ['securityscan', 'value2']).obj(),
    pods: () => [makePod().label('service', 'securityscan').node('node2').obj()],
    want: 'affinity',
  },
  {
    name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
    pod: () => makePod().labels(podLabel).obj(),
    pods: () => [
      makePod()
        .node('node1')
        .labels(podLabel)
        .podAntiAffinityIn('service', 'zone', ['securityscan', 'value2'])
        .obj(),
    ],
    want: 'existing',
  },
  {
    name: 'verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
    pod: () => makePod().labels(podLabel).obj(),
    pods: () => [
      makePod()
        .node('node1')
        .labels(podLabel)
        .podAntiAffinityNotIn('service', 'zone', ['securityscan', 'value2'])
        .obj(),
    ],
    preFilterSkip: true,
  },
  {
    name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
    pod: () =>
      makePod()
        .labels(podLabel)
        .podAntiAffinityExists('service', 'region')
        .podAntiAffinityExists('security', 'region')
        .obj(),
    pods: () => [makePod().node('node1').labels(podLabel2).podAntiAffinityExists('security', 'zone').obj()],
    want: 'anti',
  },
  {
    name: 'PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: () =>
      makePod()
        .labels(podLabel)
        .podAntiAffinityExists('service', 'zone')
        .podAntiAffinityExists('security', 'zone')
        .obj(),
    pods: () => [makePod().node('node1').labels(podLabel2).podAntiAffinityExists('security', 'zone').obj()],
    want: 'anti',
  },
  {
    name: 'PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: () => makePod().labels(podLabel2).podAntiAffinityExists('security', 'zone').obj(),
    pods: () => [
      makePod()
        .node('node1')
        .labels(podLabel)
        .podAntiAffinityExists('service', 'zone')
        .podAntiAffinityExists('security', 'zone')
        .obj(),
    ],
    want: 'existing',
  },
  {
    name: 'PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: () =>
      makePod()
        .labels({ abc: '', xyz: '' })
        .podAntiAffinityExists('abc', 'zone')
        .podAntiAffinityExists('def', 'zone')
        .obj(),
    pods: () => [
      makePod()
        .node('node1')
        .labels({ def: '', xyz: '' })
        .podAntiAffinityExists('abc', 'zone')
        .podAntiAffinityExists('def', 'zone')
        .obj(),
    ],
    want: 'anti',
  },
  {
    name: 'PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms',
    pod: () =>
      makePod()
        .labels({ def: '', xyz: '' })
        .podAntiAffinityExists('abc', 'zone')
        .podAntiAffinityExists('def', 'zone')
        .obj(),
    pods: () => [
      makePod()
        .node('node1')
        .labels({ abc: '', xyz: '' })
        .podAntiAffinityExists('abc', 'zone')
        .podAntiAffinityExists('def', 'zone')
        .obj(),
    ],
    want: 'anti',
  },
  {
    name: 'affinity with non-matching NamespaceSelector',
    pod: () =>
      podWithTerms(
        '',
        '',
        podLabel2,
        [
          {
            labelSelector: {
              matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }],
            },
            namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
            topologyKey: 'region',
          },
        ],
        undefined,
      ),
    pods: () => [makePod().namespace('subteam1.team2').labels(podLabel).node('node1').obj()],
    want: 'affinity',
  },
  {
    name: 'anti-affinity with matching all NamespaceSelector',
    pod: () =>
      podWithTerms('subteam1.team1', '', podLabel2, undefined, [
        {
          labelSelector: {
            matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }],
          },
          namespaceSelector: {},
          topologyKey: 'zone',
        },
      ]),
    pods: () => [makePod().namespace('subteam2.team1').labels(podLabel).node('node1').obj()],
    want: 'anti',
  },
  {
    name: 'anti-affinity with non-matching NamespaceSelector',
    pod: () =>
      podWithTerms('subteam1.team1', '', podLabel2, undefined, [
        {
          labelSelector: {
            matchExpressions: [{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }],
          },
          namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
          topologyKey: 'zone',
        },
      ]),
    pods: () => [makePod().namespace('subteam1.team2').labels(podLabel).node('node1').obj()],
  },
];

function checkStatus(status: ReturnType<typeof runFilter>['filter'][string], want: Want): void {
  if (want === 'ok') {
    expect(status).toBeNull();
    return;
  }
  const [code, reason] = WANT_STATUS[want];
  expect({ code: status?.code, reasons: status?.reasons }).toEqual({ code, reasons: [reason] });
}

describe(`${NAME} Filter: TestRequiredAffinitySingleNode (upstream filtering_test.go)`, () => {
  for (const c of singleNodeCases) {
    it(c.name, () => {
      const world = makeWorld([node('node1', labels1)], c.pods());
      const plugin = newInterPodAffinity(interPodAffinityArgs(), world.handle);
      const { preFilter, filter } = runFilter(plugin, world, c.pod(), ['node1']);
      if (c.preFilterSkip) {
        expect(codeOf(preFilter)).toBe('Skip');
        return;
      }
      expect(preFilter).toBeNull();
      checkStatus(filter.node1 ?? null, c.want ?? 'ok');
    });
  }
});

interface MultiCase {
  name: string;
  pod: () => Pod;
  pods: () => Pod[];
  nodes: Node[];
  preFilterSkip?: boolean;
  want: Want[];
}

const rgChina = { region: 'China' };
const rgChinaAz1 = { region: 'China', az: 'az1' };
const rgIndia = { region: 'India' };
const hz = (name: string, zone: string, region = 'r1'): Node => node(name, { region, zone, hostname: name });

// filtering_test.go TestRequiredAffinityMultipleNodes
const multiNodeCases: MultiCase[] = [
  {
    name: 'A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules',
    pod: () => makePod().podAffinityIn('foo', 'region', ['bar']).obj(),
    pods: () => [makePod().name('p1').node('node1').labels({ foo: 'bar' }).obj()],
    nodes: [node('node1', rgChina), node('node2', rgChinaAz1), node('node3', rgIndia)],
    want: ['ok', 'ok', 'affinity'],
  },
  {
    name:
      'The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection ' +
      "should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
    pod: () =>
      makePod()
        .labels({ foo: 'bar', service: 'securityscan' })
        .podAffinityIn('foo', 'zone', ['bar'])
        .podAffinityIn('service', 'zone', ['securityscan'])
        .obj(),
    pods: () => [makePod().name('p1').node('nodeA').labels({ foo: 'bar' }).obj()],
    nodes: [node('nodeA', { zone: 'az1', hostname: 'h1' }), node('nodeB', { zone: 'az2', hostname: 'h2' })],
    want: ['ok', 'ok'],
  },
  {
    name: 'The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys',
    pod: () =>
      makePod()
        .labels({ foo: 'bar', service: 'securityscan' })
        .podAffinityIn('foo', 'zone', ['bar'])
        .podAffinityIn('service', 'zone', ['securityscan'])
        .obj(),
    pods: () => [makePod().name('p1').node('nodeA').labels({ foo: 'bar' }).obj()],
    nodes: [
      node('nodeA', { zoneLabel: 'az1', hostname: 'h1' }),
      node('nodeB', { zoneLabel: 'az2', hostname: 'h2' }),
    ],
    want: ['affinity', 'affinity'],
  },
  {
    name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.',
    pod: () => makePod().podAntiAffinityIn('foo', 'region', ['abc']).obj(),
    pods: () => [makePod().node('nodeA').labels({ foo: 'abc' }).obj()],
    nodes: [
      node('nodeA', { region: 'r1', hostname: 'nodeA' }),
      node('nodeB', { region: 'r1', hostname: 'nodeB' }),
    ],
    want: ['anti', 'anti'],
  },
  {
    name: 'This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.',
    pod: () =>
      makePod()
        .podAntiAffinityIn('foo', 'region', ['abc'])
        .podAntiAffinityIn('service', 'zone', ['securityscan'])
        .obj(),
    pods: () => [makePod().node('nodeA').labels({ foo: 'abc', service: 'securityscan' }).obj()],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z2')],
    want: ['anti', 'anti'],
  },
  {
    name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC',
    pod: () => makePod().podAntiAffinityIn('foo', 'region', ['abc']).obj(),
    pods: () => [makePod().node('nodeA').labels({ foo: 'abc' }).obj()],
    nodes: [node('nodeA', rgChina), node('nodeB', rgChinaAz1), node('nodeC', rgIndia)],
    want: ['anti', 'anti', 'ok'],
  },
  {
    name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)',
    pod: () =>
      makePod().namespace('NS1').labels({ foo: '123' }).podAntiAffinityIn('foo', 'region', ['bar']).obj(),
    pods: () => [
      makePod().node('nodeA').namespace('NS1').labels({ foo: 'bar' }).obj(),
      makePod().node('nodeC').namespace('NS2').podAntiAffinityIn('foo', 'region', ['123']).obj(),
    ],
    nodes: [node('nodeA', rgChina), node('nodeB', rgChinaAz1), node('nodeC', rgIndia)],
    want: ['anti', 'anti', 'ok'],
  },
  {
    name: "Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
    pod: () => makePod().label('foo', '').obj(),
    pods: () => [makePod().node('nodeA').podAntiAffinityExists('foo', 'invalid-node-label').obj()],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z1')],
    preFilterSkip: true,
    want: ['ok', 'ok'],
  },
  {
    name: "Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
    pod: () => makePod().node('nodeA').podAntiAffinityExists('foo', 'invalid-node-label').obj(),
    pods: () => [makePod().node('nodeA').labels({ foo: '' }).obj()],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z1')],
    want: ['ok', 'ok'],
  },
  {
    name: "Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
    pod: () => makePod().label('foo', '').label('bar', '').obj(),
    pods: () => [
      makePod().node('nodeA').podAntiAffinityExists('foo', 'zone').obj(),
      makePod().node('nodeA').podAntiAffinityExists('bar', 'region').obj(),
    ],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z2')],
    want: ['existing', 'existing'],
  },
  {
    name: "Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
    pod: () => makePod().podAntiAffinityExists('foo', 'zone').podAntiAffinityExists('bar', 'region').obj(),
    pods: () => [
      makePod().node('nodeA').labels({ foo: '' }).obj(),
      makePod().node('nodeB').labels({ bar: '' }).obj(),
    ],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z2')],
    want: ['anti', 'anti'],
  },
  {
    name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
    pod: () => makePod().label('foo', '').label('bar', '').obj(),
    pods: () => [
      makePod()
        .node('nodeA')
        .podAntiAffinityExists('foo', 'invalid-node-label')
        .podAntiAffinityExists('bar', 'zone')
        .obj(),
    ],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z2')],
    want: ['existing', 'ok'],
  },
  {
    name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
    pod: () =>
      makePod().podAntiAffinityExists('foo', 'invalid-node-label').podAntiAffinityExists('bar', 'zone').obj(),
    pods: () => [makePod().name('podA').node('nodeA').labels({ foo: '', bar: '' }).obj()],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z2')],
    want: ['anti', 'ok'],
  },
  {
    name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
    pod: () => makePod().label('foo', '').label('bar', '').obj(),
    pods: () => [
      makePod()
        .node('nodeA')
        .podAntiAffinityExists('foo', 'region')
        .podAntiAffinityExists('bar', 'zone')
        .obj(),
    ],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z2')],
    want: ['existing', 'existing'],
  },
  {
    name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
    pod: () => makePod().podAntiAffinityExists('foo', 'region').podAntiAffinityExists('bar', 'zone').obj(),
    pods: () => [makePod().node('nodeA').labels({ foo: '', bar: '' }).obj()],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z2')],
    want: ['anti', 'anti'],
  },
  {
    name: "Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
    pod: () => makePod().label('foo', '').label('bar', '').obj(),
    pods: () => [
      makePod()
        .node('nodeA')
        .podAntiAffinityExists('foo', 'zone')
        .podAntiAffinityExists('labelA', 'zone')
        .obj(),
      makePod()
        .node('nodeB')
        .podAntiAffinityExists('bar', 'zone')
        .podAntiAffinityExists('labelB', 'zone')
        .obj(),
    ],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z2'), hz('nodeC', 'z3')],
    want: ['existing', 'existing', 'ok'],
  },
  {
    name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match",
    pod: () => makePod().podAffinityExists('foo', 'region').podAffinityExists('bar', 'zone').obj(),
    pods: () => [makePod().name('pod1').labels({ foo: '', bar: '' }).node('nodeA').obj()],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z1')],
    want: ['ok', 'ok'],
  },
  {
    name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod",
    pod: () => makePod().podAffinityExists('foo', 'region').podAffinityExists('bar', 'zone').obj(),
    pods: () => [
      makePod().node('nodeA').name('pod1').labels({ foo: '' }).obj(),
      makePod().node('nodeB').name('pod2').labels({ bar: '' }).obj(),
    ],
    nodes: [hz('nodeA', 'z1'), hz('nodeB', 'z2')],
    want: ['affinity', 'affinity'],
  },
];

describe(`${NAME} Filter: TestRequiredAffinityMultipleNodes (upstream filtering_test.go)`, () => {
  for (const c of multiNodeCases) {
    it(c.name, () => {
      const world = makeWorld(c.nodes, c.pods());
      const plugin = newInterPodAffinity(interPodAffinityArgs(), world.handle);
      const names = c.nodes.map((n) => n.name);
      const { preFilter, filter } = runFilter(plugin, world, c.pod(), names);
      if (c.preFilterSkip) {
        expect(codeOf(preFilter)).toBe('Skip');
        return;
      }
      expect(preFilter).toBeNull();
      names.forEach((n, i) => {
        checkStatus(filter[n] ?? null, c.want[i] as Want);
      });
    });
  }
});

/** Flattens TopologyCounts to {"key=value": count} for comparisons. */
function flat(m: Map<string, Map<string, number>> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, inner] of m ?? []) for (const [v, n] of inner) out[`${k}=${v}`] = n;
  return out;
}

// filtering_test.go TestGetTPMapMatchingIncomingAffinityAntiAffinity
describe(`${NAME} PreFilter: TestGetTPMapMatchingIncomingAffinityAntiAffinity (upstream filtering_test.go)`, () => {
  const newPod = (...labels: string[]): Pod => {
    const b = makePod().name('normal').node('nodeA');
    for (const l of labels) b.label(l, '');
    return b.obj();
  };
  const nodeA = (): Node => node('nodeA', { hostname: 'nodeA' });
  const cases: {
    name: string;
    existingPods: () => Pod[];
    pod: () => Pod;
    affinity: Record<string, number>;
    anti: Record<string, number>;
  }[] = [
    {
      name: "no pod has label that violates incoming pod's affinity and anti-affinity",
      existingPods: () => [newPod('bbb')],
      pod: () =>
        makePod()
          .name('aaa-anti')
          .podAffinityExists('aaa', 'hostname')
          .podAntiAffinityExists('aaa', 'hostname')
          .obj(),
      affinity: {},
      anti: {},
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - single term case",
      existingPods: () => [newPod('aaa')],
      pod: () =>
        makePod()
          .name('affi-antiaffi')
          .podAffinityExists('aaa', 'hostname')
          .podAntiAffinityExists('aaa', 'hostname')
          .obj(),
      affinity: { 'hostname=nodeA': 1 },
      anti: { 'hostname=nodeA': 1 },
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - multiple terms case",
      existingPods: () => [newPod('aaa', 'bbb')],
      pod: () =>
        makePod()
          .name('affi-antiaffi')
          .podAffinityExists('aaa', 'hostname')
          .podAffinityExists('bbb', 'hostname')
          .podAntiAffinityExists('aaa', 'hostname')
          .obj(),
      affinity: { 'hostname=nodeA': 2 },
      anti: { 'hostname=nodeA': 1 },
    },
    {
      name: "existing pod not match incoming pod's affinity but matches anti-affinity",
      existingPods: () => [newPod('aaa')],
      pod: () =>
        makePod()
          .name('affi-antiaffi')
          .podAffinityExists('aaa', 'hostname')
          .podAffinityExists('bbb', 'hostname')
          .podAntiAffinityExists('aaa', 'hostname')
          .podAntiAffinityExists('bbb', 'hostname')
          .obj(),
      affinity: {},
      anti: { 'hostname=nodeA': 1 },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 1",
      existingPods: () => [newPod('aaa', 'bbb')],
      pod: () =>
        makePod()
          .name('anaffi-antiaffiti')
          .podAffinityExists('aaa', 'hostname')
          .podAffinityExists('ccc', 'hostname')
          .podAntiAffinityExists('aaa', 'hostname')
          .podAntiAffinityExists('ccc', 'hostname')
          .obj(),
      affinity: {},
      anti: { 'hostname=nodeA': 1 },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 2",
      existingPods: () => [newPod('bbb')],
      pod: () =>
        makePod()
          .name('affi-antiaffi')
          .podAffinityExists('aaa', 'hostname')
          .podAffinityExists('bbb', 'hostname')
          .podAntiAffinityExists('aaa', 'hostname')
          .podAntiAffinityExists('bbb', 'hostname')
          .obj(),
      affinity: {},
      anti: { 'hostname=nodeA': 1 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const world = makeWorld([nodeA()], c.existingPods());
      const plugin = newInterPodAffinity(interPodAffinityArgs(), world.handle);
      const { preFilter, state } = runFilter(plugin, world, c.pod(), []);
      expect(preFilter).toBeNull();
      const s = readPreFilterState(state);
      expect(flat(s?.affinityCounts)).toEqual(c.affinity);
      expect(flat(s?.antiAffinityCounts)).toEqual(c.anti);
    });
  }
  // "nil test" and "incoming pod without affinity/anti-affinity causes a no-op": upstream calls the
  // counting helper directly and gets empty maps; through PreFilter the same pod is a Skip.
  for (const name of ['nil test', 'incoming pod without affinity/anti-affinity causes a no-op']) {
    it(name, () => {
      const world = makeWorld([nodeA()], name === 'nil test' ? [] : [newPod('aaa')]);
      const plugin = newInterPodAffinity(interPodAffinityArgs(), world.handle);
      expect(codeOf(runFilter(plugin, world, makePod().name('aaa-normal').obj(), []).preFilter)).toBe('Skip');
    });
  }
});

// filtering_test.go TestPreFilterStateAddRemovePod: kubesim's framework has no PreFilterExtensions
// (AddPod/RemovePod), so the expected counts after "adding" the pod are checked as the PreFilter
// result over the existing pods plus the added one, which upstream asserts is the same state.
describe(`${NAME} PreFilter: TestPreFilterStateAddRemovePod expected counts (upstream filtering_test.go)`, () => {
  const label1 = { region: 'r1', zone: 'z11' };
  const label2 = { region: 'r1', zone: 'z12' };
  const label3 = { region: 'r2', zone: 'z21' };
  const fooBar: PodAffinityTerm = {
    labelSelector: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] },
    topologyKey: 'region',
  };
  const complex: PodAffinityTerm[] = [
    {
      labelSelector: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar', 'buzz'] }] },
      topologyKey: 'region',
    },
    {
      labelSelector: {
        matchExpressions: [{ key: 'service', operator: 'NotIn', values: ['bar', 'security', 'test'] }],
      },
      topologyKey: 'zone',
    },
  ];
  const nodes = (): Node[] => [node('nodeA', label1), node('nodeB', label2), node('nodeC', label3)];
  const cases: {
    name: string;
    pending: () => Pod;
    pods: () => Pod[];
    anti: Record<string, number>;
    affinity: Record<string, number>;
  }[] = [
    {
      name: 'preFilterState anti-affinity terms are updated correctly after adding and removing a pod',
      pending: () =>
        makePod()
          .name('pending')
          .labels({ foo: 'bar' })
          .affinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [fooBar] } })
          .obj(),
      pods: () => [
        makePod().name('p1').labels({ foo: 'bar' }).node('nodeA').obj(),
        makePod()
          .name('p2')
          .node('nodeC')
          .affinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [fooBar] } })
          .obj(),
        makePod()
          .name('addedPod')
          .labels({ foo: 'bar' })
          .node('nodeB')
          .affinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [fooBar] } })
          .obj(),
      ],
      anti: { 'region=r1': 2 },
      affinity: {},
    },
    {
      name: 'preFilterState anti-affinity terms are updated correctly after adding and removing a pod',
      pending: () =>
        makePod()
          .name('pending')
          .labels({ foo: 'bar' })
          .affinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complex } })
          .obj(),
      pods: () => [
        makePod().name('p1').labels({ foo: 'bar' }).node('nodeA').obj(),
        makePod()
          .name('p2')
          .node('nodeC')
          .affinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [fooBar] } })
          .obj(),
        makePod()
          .name('addedPod')
          .labels({ foo: 'bar' })
          .node('nodeA')
          .affinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complex } })
          .obj(),
      ],
      anti: { 'region=r1': 2, 'zone=z11': 2, 'zone=z21': 1 },
      affinity: {},
    },
    {
      name: 'preFilterState matching pod affinity and anti-affinity are updated correctly after adding and removing a pod',
      pending: () =>
        makePod()
          .name('pending')
          .labels({ foo: 'bar' })
          .affinity({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complex } })
          .obj(),
      pods: () => [
        makePod().name('p1').labels({ foo: 'bar' }).node('nodeA').obj(),
        makePod()
          .name('p2')
          .node('nodeC')
          .affinity({
            podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [fooBar] },
            podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complex },
          })
          .obj(),
        makePod()
          .name('addedPod')
          .labels({ foo: 'bar' })
          .node('nodeA')
          .affinity({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: complex } })
          .obj(),
      ],
      anti: {},
      affinity: { 'region=r1': 2, 'zone=z11': 2 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const world = makeWorld(nodes(), c.pods());
      const plugin = newInterPodAffinity(interPodAffinityArgs(), world.handle);
      const { preFilter, state } = runFilter(plugin, world, c.pending(), []);
      expect(preFilter).toBeNull();
      const s = readPreFilterState(state);
      expect(flat(s?.antiAffinityCounts)).toEqual(c.anti);
      expect(flat(s?.affinityCounts)).toEqual(c.affinity);
    });
  }
});
