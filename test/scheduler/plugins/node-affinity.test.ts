// Upstream cases: kubernetes/kubernetes pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go
// (TestNodeAffinity, TestNodeAffinityPriority; v1.2x–v1.36), case names kept. kubesim's PreFilter does
// not return a PreFilterResult (node-name narrowing); the Filter outcome on the node is what is checked.
import { describe, expect, it } from 'vitest';
import type { Labels } from '../../../src/model/labels.js';
import type {
  Affinity,
  NodeAffinity as NodeAffinitySpec,
  NodeSelectorRequirement,
  PodSpec,
} from '../../../src/model/pod.js';
import { buildSnapshot, makePodInfo } from '../../../src/scheduler/cache/index.js';
import { CycleState } from '../../../src/scheduler/framework/interface.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import {
  ERR_REASON_CONFLICT,
  ERR_REASON_ENFORCED,
  ERR_REASON_POD,
  NodeAffinity,
} from '../../../src/scheduler/plugins/node-affinity.js';
import type { NodeAffinityArgs } from '../../../src/scheduler/plugins/node-affinity-args.js';
import { makeNode, makePod } from '../fixtures.js';
import { expectedWhereFeasible, explainScores, runScore } from './harness.js';

const r = (
  key: string,
  operator: NodeSelectorRequirement['operator'],
  values?: string[],
): NodeSelectorRequirement => ({
  key,
  operator,
  ...(values ? { values } : {}),
});
const name = (operator: 'In' | 'NotIn', v: string) => r('metadata.name', operator, [v]);
const required = (
  ...terms: { matchExpressions?: NodeSelectorRequirement[]; matchFields?: NodeSelectorRequirement[] }[]
): Affinity => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
});

interface FilterCase {
  name: string;
  spec: Partial<PodSpec>;
  labels?: Labels;
  nodeName?: string;
  args?: NodeAffinityArgs;
  runPreFilter?: boolean;
  wantPreFilter?: 'skip' | string;
  want?: string;
}

const filterCases: FilterCase[] = [
  { name: 'missing labels', spec: { nodeSelector: { foo: 'bar' } }, want: ERR_REASON_POD },
  { name: 'same labels', spec: { nodeSelector: { foo: 'bar' } }, labels: { foo: 'bar' } },
  {
    name: 'node labels are superset',
    spec: { nodeSelector: { foo: 'bar' } },
    labels: { foo: 'bar', baz: 'blah' },
  },
  {
    name: 'node labels are subset',
    spec: { nodeSelector: { foo: 'bar', baz: 'blah' } },
    labels: { foo: 'bar' },
    want: ERR_REASON_POD,
  },
  {
    name: 'Pod with matchExpressions using In operator that matches the existing node',
    spec: { affinity: required({ matchExpressions: [r('foo', 'In', ['bar', 'value2'])] }) },
    labels: { foo: 'bar' },
  },
  {
    name: 'Pod with matchExpressions using Gt operator that matches the existing node',
    spec: { affinity: required({ matchExpressions: [r('kernel-version', 'Gt', ['0204'])] }) },
    labels: { 'kernel-version': '0206' },
  },
  {
    name: 'Pod with matchExpressions using NotIn operator that matches the existing node',
    spec: { affinity: required({ matchExpressions: [r('mem-type', 'NotIn', ['DDR', 'DDR2'])] }) },
    labels: { 'mem-type': 'DDR3' },
  },
  {
    name: 'Pod with matchExpressions using Exists operator that matches the existing node',
    spec: { affinity: required({ matchExpressions: [r('GPU', 'Exists')] }) },
    labels: { GPU: 'NVIDIA-GRID-K1' },
  },
  {
    name: "Pod with affinity that don't match node's labels won't schedule onto the node",
    spec: { affinity: required({ matchExpressions: [r('foo', 'In', ['value1', 'value2'])] }) },
    labels: { foo: 'bar' },
    want: ERR_REASON_POD,
  },
  {
    name: "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
    spec: { affinity: required({ matchExpressions: [] }) },
    labels: { foo: 'bar' },
    want: ERR_REASON_POD,
  },
  {
    name: 'Pod with no Affinity will schedule onto a node',
    spec: {},
    labels: { foo: 'bar' },
    wantPreFilter: 'skip',
  },
  {
    name: 'Pod with Affinity but nil NodeSelector will schedule onto a node',
    spec: { affinity: { nodeAffinity: {} } },
    labels: { foo: 'bar' },
    wantPreFilter: 'skip',
  },
  {
    name: 'Pod with multiple matchExpressions ANDed that matches the existing node',
    spec: {
      affinity: required({ matchExpressions: [r('GPU', 'Exists'), r('GPU', 'NotIn', ['AMD', 'INTER'])] }),
    },
    labels: { GPU: 'NVIDIA-GRID-K1' },
  },
  {
    name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
    spec: {
      affinity: required({ matchExpressions: [r('GPU', 'Exists'), r('GPU', 'In', ['AMD', 'INTER'])] }),
    },
    labels: { GPU: 'NVIDIA-GRID-K1' },
    want: ERR_REASON_POD,
  },
  {
    name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
    spec: {
      affinity: required(
        { matchExpressions: [r('foo', 'In', ['bar', 'value2'])] },
        { matchExpressions: [r('diffkey', 'In', ['wrong', 'value2'])] },
      ),
    },
    labels: { foo: 'bar' },
  },
  {
    name: 'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
    spec: { nodeSelector: { foo: 'bar' }, affinity: required({ matchExpressions: [r('foo', 'Exists')] }) },
    labels: { foo: 'bar' },
  },
  {
    name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
    spec: { nodeSelector: { foo: 'bar' }, affinity: required({ matchExpressions: [r('foo', 'Exists')] }) },
    labels: { foo: 'barrrrrr' },
    want: ERR_REASON_POD,
  },
  {
    name: "Pod with an invalid value in Affinity term won't be scheduled onto the node",
    spec: { affinity: required({ matchExpressions: [r('foo', 'NotIn', ['invalid value: ___@#$%^'])] }) },
    labels: { foo: 'bar' },
    want: ERR_REASON_POD,
  },
  {
    name: 'Pod with matchFields using In operator that matches the existing node',
    spec: { affinity: required({ matchFields: [name('In', 'node1')] }) },
    nodeName: 'node1',
  },
  {
    name: 'Pod with matchFields using In operator that does not match the existing node',
    spec: { affinity: required({ matchFields: [name('In', 'node1')] }) },
    nodeName: 'node2',
    want: ERR_REASON_POD,
  },
  {
    name: 'Pod with two terms: matchFields does not match, but matchExpressions matches',
    spec: {
      affinity: required(
        { matchFields: [name('In', 'node1'), name('In', 'node2')] },
        { matchExpressions: [r('foo', 'In', ['bar'])] },
      ),
    },
    nodeName: 'node2',
    labels: { foo: 'bar' },
  },
  {
    name: 'Pod with one term: matchFields does not match, but matchExpressions matches',
    spec: {
      affinity: required({ matchFields: [name('In', 'node1')], matchExpressions: [r('foo', 'In', ['bar'])] }),
    },
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: ERR_REASON_POD,
  },
  {
    name: 'Pod with one term: both matchFields and matchExpressions match',
    spec: {
      affinity: required({ matchFields: [name('In', 'node1')], matchExpressions: [r('foo', 'In', ['bar'])] }),
    },
    nodeName: 'node1',
    labels: { foo: 'bar' },
  },
  {
    name: 'Pod with two terms: both matchFields and matchExpressions do not match',
    spec: {
      affinity: required(
        { matchFields: [name('In', 'node1')] },
        { matchExpressions: [r('foo', 'In', ['not-match-to-bar'])] },
      ),
    },
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: ERR_REASON_POD,
  },
  {
    name: 'Pod with two terms of node.Name affinity',
    spec: {
      affinity: required({ matchFields: [name('In', 'node1')] }, { matchFields: [name('In', 'node2')] }),
    },
    nodeName: 'node2',
  },
  {
    name: 'Pod with two conflicting mach field requirements',
    spec: { affinity: required({ matchFields: [name('In', 'node1'), name('In', 'node2')] }) },
    nodeName: 'node2',
    labels: { foo: 'bar' },
    wantPreFilter: ERR_REASON_CONFLICT,
    want: ERR_REASON_POD,
  },
  {
    name: "Matches added affinity and Pod's node affinity",
    spec: { affinity: required({ matchExpressions: [r('zone', 'In', ['foo'])] }) },
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: {
      addedAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [name('In', 'node2')] }],
        },
      },
    },
  },
  {
    name: "Matches added affinity but not Pod's node affinity",
    spec: { affinity: required({ matchExpressions: [r('zone', 'In', ['bar'])] }) },
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: {
      addedAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [name('In', 'node2')] }],
        },
      },
    },
    want: ERR_REASON_POD,
  },
  {
    name: "Doesn't match added affinity",
    spec: {},
    nodeName: 'node2',
    labels: { zone: 'foo' },
    args: {
      addedAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [r('zone', 'In', ['bar'])] }],
        },
      },
    },
    want: ERR_REASON_ENFORCED,
  },
  {
    name: 'Matches node selector correctly even if PreFilter is not called',
    spec: { nodeSelector: { foo: 'bar' } },
    labels: { foo: 'bar', baz: 'blah' },
    runPreFilter: false,
  },
  {
    name: 'Matches node affinity correctly even if PreFilter is not called',
    spec: {
      affinity: required({ matchExpressions: [r('GPU', 'Exists'), r('GPU', 'NotIn', ['AMD', 'INTER'])] }),
    },
    labels: { GPU: 'NVIDIA-GRID-K1' },
    runPreFilter: false,
  },
];

describe('NodeAffinity Filter (upstream TestNodeAffinity)', () => {
  for (const c of filterCases) {
    it(c.name, () => {
      const node = makeNode(c.nodeName ?? '', {}, { labels: c.labels ?? {} });
      const snapshot = buildSnapshot([node], []);
      const pod = makePodInfo(makePod('p', [], { spec: c.spec }), snapshot.resources);
      const plugin = new NodeAffinity(c.args);
      const state = new CycleState();
      if (c.runPreFilter !== false) {
        const pre = plugin.preFilter(state, pod);
        if (c.wantPreFilter === 'skip') expect(pre?.code).toBe(Code.Skip);
        else if (c.wantPreFilter) expect(pre?.reasons).toEqual([c.wantPreFilter]);
        else expect(pre).toBeNull();
      }
      const s = plugin.filter(state, pod, snapshot.nodeInfo(node.name) as never);
      if (c.want === undefined) expect(s).toBeNull();
      else {
        expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
        expect(s?.reasons).toEqual([c.want]);
      }
    });
  }
});

describe('NodeAffinity Score (upstream TestNodeAffinityPriority)', () => {
  const label1 = { foo: 'bar' };
  const label2 = { key: 'value' };
  const label3 = { az: 'az1' };
  const label4 = { abc: 'az11', def: 'az22' };
  const label5 = { foo: 'bar', key: 'value', az: 'az1' };
  const affinity1: NodeAffinitySpec = {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 2, preference: { matchExpressions: [r('foo', 'In', ['bar'])] } },
    ],
  };
  const affinity2: NodeAffinitySpec = {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 2, preference: { matchExpressions: [r('foo', 'In', ['bar'])] } },
      { weight: 4, preference: { matchExpressions: [r('key', 'In', ['value'])] } },
      {
        weight: 5,
        preference: {
          matchExpressions: [r('foo', 'In', ['bar']), r('key', 'In', ['value']), r('az', 'In', ['az1'])],
        },
      },
    ],
  };
  const cases: {
    name: string;
    affinity?: NodeAffinitySpec;
    nodes: [string, Labels][];
    expected: number[];
    args?: NodeAffinityArgs;
    runPreScore?: boolean;
  }[] = [
    {
      name: 'all nodes are same priority as NodeAffinity is nil',
      nodes: [
        ['node1', label1],
        ['node2', label2],
        ['node3', label3],
      ],
      expected: [0, 0, 0],
    },
    {
      name: "no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero",
      affinity: affinity1,
      nodes: [
        ['node1', label4],
        ['node2', label2],
        ['node3', label3],
      ],
      expected: [0, 0, 0],
    },
    {
      name: 'only node1 matches the preferred scheduling requirements of pod',
      affinity: affinity1,
      nodes: [
        ['node1', label1],
        ['node2', label2],
        ['node3', label3],
      ],
      expected: [100, 0, 0],
    },
    {
      name: 'all nodes matches the preferred scheduling requirements of pod but with different priorities ',
      affinity: affinity2,
      nodes: [
        ['node1', label1],
        ['node5', label5],
        ['node2', label2],
      ],
      expected: [18, 100, 36],
    },
    {
      name: 'added affinity',
      nodes: [
        ['node1', label1],
        ['node2', label2],
      ],
      expected: [100, 0],
      args: { addedAffinity: affinity1 },
    },
    {
      name: 'added affinity and pod has default affinity',
      affinity: affinity1,
      nodes: [
        ['node1', label1],
        ['node2', label2],
        ['node3', label5],
      ],
      expected: [40, 60, 100],
      args: {
        addedAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 3, preference: { matchExpressions: [r('key', 'In', ['value'])] } },
          ],
        },
      },
    },
    {
      name: 'calculate the priorities correctly even if PreScore is not called',
      affinity: affinity2,
      nodes: [
        ['node1', label1],
        ['node5', label5],
        ['node2', label2],
      ],
      expected: [18, 100, 36],
      runPreScore: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const nodes = c.nodes.map(([n, labels]) => makeNode(n, {}, { labels }));
      const pod = makePod('p', [], { spec: c.affinity ? { affinity: { nodeAffinity: c.affinity } } : {} });
      const got = runScore(new NodeAffinity(c.args), pod, nodes, [], { preScore: c.runPreScore !== false });
      // A skipped PreScore means the plugin adds nothing: 0 for every node.
      expect(got === 'skip' ? nodes.map(() => 0) : got).toEqual(c.expected);
      if (c.runPreScore !== false) {
        const explained = explainScores('NodeAffinity', pod, nodes, [], {
          args: c.args ? { ...c.args } : undefined,
        });
        expect(explained).toEqual(expectedWhereFeasible(c.expected, explained));
      }
    });
  }
});
