// Upstream cases ported from kubernetes/kubernetes
// pkg/scheduler/framework/plugins/interpodaffinity/scoring_test.go at commit 8a4d98ac (the
// v1.28/v1.29 line; scoring unchanged since): TestPreferredAffinity and
// TestPreferredAffinityWithHardPodAffinitySymmetricWeight. Case names are upstream's.
// Left out (see docs/scheduler-plugins-spread-affinity.md): cases that need Namespace objects labelled
// team=team1/team2 for a namespaceSelector to match, and the two "invalid ... fails PreScore" cases
// (label-value syntax is validated when manifests load, not by the plugin).
import { describe, expect, it } from 'vitest';
import type { Node } from '../../../../src/model/node.js';
import type { Affinity, Pod, PodAffinityTerm } from '../../../../src/model/pod.js';
import { NAME, newInterPodAffinity } from '../../../../src/scheduler/plugins/inter-pod-affinity/index.js';
import { makeNode, makePod } from '../make-pod.js';
import { codeOf, interPodAffinityArgs, makeWorld, runScore } from '../plugin-harness.js';

const labelRgChina = { region: 'China' };
const labelRgIndia = { region: 'India' };
const labelAzAz1 = { az: 'az1' };
const labelAzAz2 = { az: 'az2' };
const labelRgChinaAzAz1 = { region: 'China', az: 'az1' };
const S1 = { security: 'S1' };
const S2 = { security: 'S2' };

const inTerm = (
  key: string,
  values: string[],
  topologyKey: string,
  extra: Partial<PodAffinityTerm> = {},
): PodAffinityTerm => ({
  labelSelector: { matchExpressions: [{ key, operator: 'In', values }] },
  topologyKey,
  ...extra,
});
const stayWithS1InRegion: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, podAffinityTerm: inTerm('security', ['S1'], 'region') },
    ],
  },
};
const stayWithS2InRegion: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 6, podAffinityTerm: inTerm('security', ['S2'], 'region') },
    ],
  },
};
const affinity3: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      {
        weight: 8,
        podAffinityTerm: {
          labelSelector: {
            matchExpressions: [
              { key: 'security', operator: 'NotIn', values: ['S1'] },
              { key: 'security', operator: 'In', values: ['S2'] },
            ],
          },
          topologyKey: 'region',
        },
      },
      {
        weight: 2,
        podAffinityTerm: {
          labelSelector: {
            matchExpressions: [
              { key: 'security', operator: 'Exists' },
              { key: 'wrongkey', operator: 'DoesNotExist' },
            ],
          },
          topologyKey: 'region',
        },
      },
    ],
  },
};
const hardAffinity: Affinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      inTerm('security', ['S1', 'value2'], 'region'),
      {
        labelSelector: {
          matchExpressions: [
            { key: 'security', operator: 'Exists' },
            { key: 'wrongkey', operator: 'DoesNotExist' },
          ],
        },
        topologyKey: 'region',
      },
    ],
  },
};
const awayFromS1InAz: Affinity = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, podAffinityTerm: inTerm('security', ['S1'], 'az') },
    ],
  },
};
const awayFromS2InAz: Affinity = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, podAffinityTerm: inTerm('security', ['S2'], 'az') },
    ],
  },
};
const stayWithS1InRegionAwayFromS2InAz: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 8, podAffinityTerm: inTerm('security', ['S1'], 'region') },
    ],
  },
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 5, podAffinityTerm: inTerm('security', ['S2'], 'az') },
    ],
  },
};
const team1 = { matchExpressions: [{ key: 'team', operator: 'In' as const, values: ['team1'] }] };
const affinityNamespaceSelector: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      {
        weight: 5,
        podAffinityTerm: inTerm('security', ['S1'], 'region', {
          namespaces: ['subteam2.team2'],
          namespaceSelector: team1,
        }),
      },
    ],
  },
};
const antiAffinityNamespaceSelector: Affinity = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      {
        weight: 5,
        podAffinityTerm: inTerm('security', ['S1'], 'region', {
          namespaces: ['subteam2.team2'],
          namespaceSelector: team1,
        }),
      },
    ],
  },
};

/** `{Spec: {NodeName, Affinity}, ObjectMeta: {Namespace, Labels}}` as upstream writes pods. */
const pod = (nodeName: string, labels: Record<string, string> = {}, affinity?: Affinity, ns = ''): Pod => {
  const b = makePod().namespace(ns).labels(labels);
  if (nodeName) b.node(nodeName);
  if (affinity) b.affinity(affinity);
  return b.obj();
};
const node = (name: string, labels: Record<string, string>): Node =>
  makeNode().name(name).labels(labels).obj();

interface Case {
  name: string;
  pod: () => Pod;
  pods?: () => Pod[];
  nodes: Node[];
  want?: number[];
  skip?: boolean;
  ignorePreferredTermsOfExistingPods?: boolean;
}

// scoring_test.go TestPreferredAffinity (hardPodAffinityWeight 1)
const preferredCases: Case[] = [
  {
    name: 'all nodes are same priority as Affinity is nil',
    pod: () => pod('', S1),
    nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
    skip: true,
  },
  {
    name:
      'Affinity: pod that matches topology key & pods in nodes will get high score comparing to others' +
      "which doesn't match either pods in nodes or in topology key",
    pod: () => pod('', S1, stayWithS1InRegion),
    pods: () => [pod('node1', S1), pod('node2', S2), pod('node3', S1)],
    nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
    want: [100, 0, 0],
  },
  {
    name: 'All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score',
    pod: () => pod('', {}, stayWithS1InRegion),
    pods: () => [pod('node1', S1)],
    nodes: [node('node1', labelRgChina), node('node2', labelRgChinaAzAz1), node('node3', labelRgIndia)],
    want: [100, 100, 0],
  },
  {
    name: 'Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score',
    pod: () => pod('', S1, stayWithS2InRegion),
    pods: () => [
      pod('node1', S2),
      pod('node1', S2),
      pod('node2', S2),
      pod('node3', S2),
      pod('node4', S2),
      pod('node5', S2),
    ],
    nodes: [
      node('node1', labelRgChina),
      node('node2', labelRgIndia),
      node('node3', labelRgChina),
      node('node4', labelRgChina),
      node('node5', labelRgIndia),
    ],
    want: [100, 0, 100, 100, 0],
  },
  {
    name: 'Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ',
    pod: () => pod('', S1, affinity3),
    pods: () => [pod('node1', S1), pod('node2', S2), pod('node3', S1)],
    nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
    want: [20, 100, 0],
  },
  {
    name: 'Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
    pod: () => pod('', S2),
    pods: () => [pod('node1', S1, stayWithS1InRegion), pod('node2', S2, stayWithS2InRegion)],
    nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
    want: [0, 100, 0],
  },
  {
    name: 'Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
    pod: () => pod('', S1),
    pods: () => [pod('node1', S1, hardAffinity), pod('node2', S2, hardAffinity)],
    nodes: [node('node1', labelRgChina), node('node2', labelRgIndia), node('node3', labelAzAz1)],
    want: [100, 100, 0],
  },
  {
    name: 'Anti Affinity: pod that does not match existing pods in node will get high score ',
    pod: () => pod('', S1, awayFromS1InAz),
    pods: () => [pod('node1', S1), pod('node2', S2)],
    nodes: [node('node1', labelAzAz1), node('node2', labelRgChina)],
    want: [0, 100],
  },
  {
    name: 'Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ',
    pod: () => pod('', S1, awayFromS1InAz),
    pods: () => [pod('node1', S1), pod('node2', S1)],
    nodes: [node('node1', labelAzAz1), node('node2', labelRgChina)],
    want: [0, 100],
  },
  {
    name: 'Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score',
    pod: () => pod('', S1, awayFromS1InAz),
    pods: () => [pod('node1', S1), pod('node1', S1), pod('node2', S2)],
    nodes: [node('node1', labelAzAz1), node('node2', labelRgIndia)],
    want: [0, 100],
  },
  {
    name: 'Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score',
    pod: () => pod('', S2),
    pods: () => [pod('node1', S1, awayFromS2InAz), pod('node2', S2, awayFromS1InAz)],
    nodes: [node('node1', labelAzAz1), node('node2', labelAzAz2)],
    want: [0, 100],
  },
  {
    name: 'Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity',
    pod: () => pod('', S1, stayWithS1InRegionAwayFromS2InAz),
    pods: () => [pod('node1', S1), pod('node2', S1)],
    nodes: [node('node1', labelRgChina), node('node2', labelAzAz1)],
    want: [100, 0],
  },
  {
    name: 'Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels',
    pod: () => pod('', S1, stayWithS1InRegionAwayFromS2InAz),
    pods: () => [
      pod('node1', S1),
      pod('node1', S1),
      pod('node2', S1),
      pod('node3', S1),
      pod('node3', S1),
      pod('node4', S1),
      pod('node5', S1),
    ],
    nodes: [
      node('node1', labelRgChinaAzAz1),
      node('node2', labelRgIndia),
      node('node3', labelRgChina),
      node('node4', labelRgChina),
      node('node5', labelRgIndia),
    ],
    want: [100, 0, 100, 100, 0],
  },
  {
    name: 'Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry',
    pod: () => pod('', S1, stayWithS1InRegionAwayFromS2InAz),
    pods: () => [
      pod('node1', S1),
      pod('node2', S2),
      pod('node3', {}, stayWithS1InRegionAwayFromS2InAz),
      pod('node4', {}, awayFromS1InAz),
    ],
    nodes: [
      node('node1', labelRgChina),
      node('node2', labelAzAz1),
      node('node3', labelRgIndia),
      node('node4', labelAzAz2),
    ],
    want: [100, 0, 100, 0],
  },
  {
    name: "Avoid panic when partial nodes in a topology don't have pods with affinity",
    pod: () => pod('', S1),
    pods: () => [pod('node1', S1), pod('node2', {}, stayWithS1InRegionAwayFromS2InAz)],
    nodes: [node('node1', labelRgChina), node('node2', labelRgChina)],
    want: [0, 0],
  },
  {
    // Upstream's pods in subteam1.team1 match through a namespaceSelector on team=team1, which no
    // kubesim namespace carries; the pod in subteam2.team2 matches through `namespaces`, and after
    // normalisation the scores are upstream's.
    name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields',
    pod: () => pod('', S1, affinityNamespaceSelector, 'subteam1.team1'),
    pods: () => [
      pod('node1', S1, undefined, 'subteam1.team1'),
      pod('node1', S1, undefined, 'subteam1.team1'),
      pod('node1', S1, undefined, 'subteam2.team2'),
      pod('node2', S1, undefined, 'subteam2.team1'),
    ],
    nodes: [node('node1', labelRgChina), node('node2', labelRgIndia)],
    want: [100, 0],
  },
  {
    // Anti-affinity variant; upstream reuses the affinity case's name. Same namespace caveat.
    name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields',
    pod: () => pod('', S1, antiAffinityNamespaceSelector, 'subteam1.team1'),
    pods: () => [
      pod('node1', S1, undefined, 'subteam1.team1'),
      pod('node1', S1, undefined, 'subteam1.team1'),
      pod('node1', S1, undefined, 'subteam2.team2'),
      pod('node2', S1, undefined, 'subteam2.team1'),
    ],
    nodes: [node('node1', labelRgChina), node('node2', labelRgIndia)],
    want: [0, 100],
  },
  {
    name: 'Ignore preferred terms of existing pods',
    pod: () => pod('', S2),
    pods: () => [pod('node1', S1, stayWithS1InRegionAwayFromS2InAz), pod('node2', S2, stayWithS2InRegion)],
    nodes: [node('node1', labelRgChina), node('node2', labelRgIndia)],
    skip: true,
    ignorePreferredTermsOfExistingPods: true,
  },
  {
    name: 'Do not ignore preferred terms of existing pods',
    pod: () => pod('', S2),
    pods: () => [pod('node1', S1, stayWithS1InRegionAwayFromS2InAz), pod('node2', S2, stayWithS2InRegion)],
    nodes: [node('node1', labelRgChina), node('node2', labelRgIndia)],
    want: [0, 100],
    ignorePreferredTermsOfExistingPods: false,
  },
  {
    name: 'No nodes to score',
    pod: () => pod('', S2),
    pods: () => [],
    nodes: [],
    skip: true,
  },
];

function check(c: Case, args: Record<string, unknown>): void {
  const world = makeWorld(c.nodes, c.pods?.() ?? []);
  const plugin = newInterPodAffinity(interPodAffinityArgs(args), world.handle);
  const names = c.nodes.map((n) => n.name);
  const { preScore, scores } = runScore(plugin, world, c.pod(), names);
  if (c.skip) {
    expect(codeOf(preScore)).toBe('Skip');
    return;
  }
  expect(preScore).toBeNull();
  expect(names.map((n) => scores[n])).toEqual(c.want);
}

describe(`${NAME} Score: TestPreferredAffinity (upstream scoring_test.go)`, () => {
  for (const c of preferredCases) {
    it(c.name, () =>
      check(c, {
        hardPodAffinityWeight: 1,
        ignorePreferredTermsOfExistingPods: c.ignorePreferredTermsOfExistingPods ?? false,
      }),
    );
  }
});

// scoring_test.go TestPreferredAffinityWithHardPodAffinitySymmetricWeight
describe(`${NAME} Score: TestPreferredAffinityWithHardPodAffinitySymmetricWeight (upstream scoring_test.go)`, () => {
  const hardPodAffinity: Affinity = {
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        inTerm('service', ['S1'], 'region', { namespaces: ['', 'subteam2.team2'], namespaceSelector: team1 }),
      ],
    },
  };
  const nodes = (): Node[] => [
    node('node1', labelRgChina),
    node('node2', labelRgIndia),
    node('node3', labelAzAz1),
  ];
  const existing = (): Pod[] => [pod('node1', {}, hardPodAffinity), pod('node2', {}, hardPodAffinity)];
  const cases: (Case & { weight: number })[] = [
    {
      name: 'with default weight',
      pod: () => pod('', { service: 'S1' }),
      pods: existing,
      nodes: nodes(),
      weight: 1,
      want: [100, 100, 0],
    },
    {
      name: 'with zero weight',
      pod: () => pod('', { service: 'S1' }),
      pods: existing,
      nodes: nodes(),
      weight: 0,
      skip: true,
    },
    {
      name: 'with no matching namespace',
      pod: () => pod('', { service: 'S1' }, undefined, 'subteam1.team2'),
      pods: existing,
      nodes: nodes(),
      weight: 1,
      skip: true,
    },
    {
      name: 'with matching Namespaces',
      pod: () => pod('', { service: 'S1' }, undefined, 'subteam2.team2'),
      pods: existing,
      nodes: nodes(),
      weight: 1,
      want: [100, 100, 0],
    },
  ];
  for (const c of cases) it(c.name, () => check(c, { hardPodAffinityWeight: c.weight }));
});
