// Upstream cases: kubernetes/kubernetes pkg/scheduler/framework/plugins/tainttoleration/
// taint_toleration_test.go (TestTaintTolerationScore, TestTaintTolerationFilter,
// TestTaintTolerationFilterWithFeatureGate; v1.35/v1.36), case names kept. Not ported: the cases that
// enable the alpha TaintTolerationComparisonOperators gate (Gt/Lt tolerations, off by default), and the
// QueueingHint tests (kubesim has no QueueingHints).
import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from '../../../src/model/taints.js';
import { Code } from '../../../src/scheduler/framework/status.js';
import { TaintToleration } from '../../../src/scheduler/plugins/taint-toleration.js';
import { makeNode, makePod } from '../fixtures.js';
import { expectedWhereFeasible, explainScores, runFilter, runScore } from './harness.js';

const nodeWithTaints = (name: string, taints: Taint[]) => makeNode(name, {}, { taints });
const podWithTolerations = (tolerations: Toleration[]) => makePod('pod1', [], { spec: { tolerations } });
const PNS = 'PreferNoSchedule' as const;

describe('TaintToleration Score (upstream TestTaintTolerationScore)', () => {
  const cases: { name: string; pod: Toleration[]; nodes: [string, Taint[]][]; expected: number[] }[] = [
    {
      name: 'node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
      pod: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: PNS }],
      nodes: [
        ['nodeA', [{ key: 'foo', value: 'bar', effect: PNS }]],
        ['nodeB', [{ key: 'foo', value: 'blah', effect: PNS }]],
      ],
      expected: [100, 0],
    },
    {
      name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
      pod: [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: PNS },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: PNS },
      ],
      nodes: [
        ['nodeA', []],
        ['nodeB', [{ key: 'cpu-type', value: 'arm64', effect: PNS }]],
        [
          'nodeC',
          [
            { key: 'cpu-type', value: 'arm64', effect: PNS },
            { key: 'disk-type', value: 'ssd', effect: PNS },
          ],
        ],
      ],
      expected: [100, 100, 100],
    },
    {
      name: 'the more intolerable taints a node has, the lower score it gets.',
      pod: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: PNS }],
      nodes: [
        ['nodeA', []],
        ['nodeB', [{ key: 'cpu-type', value: 'arm64', effect: PNS }]],
        [
          'nodeC',
          [
            { key: 'cpu-type', value: 'arm64', effect: PNS },
            { key: 'disk-type', value: 'ssd', effect: PNS },
          ],
        ],
      ],
      expected: [100, 50, 0],
    },
    {
      name: 'only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function',
      pod: [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' },
      ],
      nodes: [
        ['nodeA', []],
        ['nodeB', [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }]],
        [
          'nodeC',
          [
            { key: 'cpu-type', value: 'arm64', effect: PNS },
            { key: 'disk-type', value: 'ssd', effect: PNS },
          ],
        ],
      ],
      expected: [100, 100, 0],
    },
    {
      name: 'Default behaviour No taints and tolerations, lands on node with no taints',
      pod: [],
      nodes: [
        ['nodeA', []],
        ['nodeB', [{ key: 'cpu-type', value: 'arm64', effect: PNS }]],
      ],
      expected: [100, 0],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const nodes = c.nodes.map(([n, t]) => nodeWithTaints(n, t));
      expect(runScore(new TaintToleration(), podWithTolerations(c.pod), nodes)).toEqual(c.expected);
      const explained = explainScores('TaintToleration', podWithTolerations(c.pod), nodes);
      expect(explained).toEqual(expectedWhereFeasible(c.expected, explained));
    });
  }
});

describe('TaintToleration Filter (upstream TestTaintTolerationFilter, TestTaintTolerationFilterWithFeatureGate)', () => {
  const untolerated = 'node(s) had untolerated taint(s)';
  const cases: { name: string; pod: Toleration[]; taints: Taint[]; want: string | null }[] = [
    {
      name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
      pod: [],
      taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      want: untolerated,
    },
    {
      name: 'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule',
      pod: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      want: null,
    },
    {
      name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
      pod: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
      taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      want: untolerated,
    },
    {
      name: 'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node',
      pod: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      want: null,
    },
    {
      name: 'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
      pod: [
        { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      ],
      taints: [
        { key: 'dedicated', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', value: 'bar', effect: 'NoSchedule' },
      ],
      want: null,
    },
    {
      name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
      pod: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: PNS }],
      taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      want: untolerated,
    },
    {
      name: 'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
      pod: [{ key: 'foo', operator: 'Equal', value: 'bar' }],
      taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
      want: null,
    },
    {
      name: "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
      pod: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
      taints: [{ key: 'dedicated', value: 'user1', effect: PNS }],
      want: null,
    },
    {
      name: 'The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node',
      pod: [],
      taints: [{ key: 'dedicated', value: 'user1', effect: PNS }],
      want: null,
    },
    // TestTaintTolerationFilterWithFeatureGate, gate disabled (the default): Gt/Lt tolerate nothing.
    {
      name: 'Pod with Gt toleration cannot be scheduled when feature gate is disabled',
      pod: [{ key: 'node.kubernetes.io/sla', operator: 'Gt' as never, value: '750', effect: 'NoSchedule' }],
      taints: [{ key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' }],
      want: untolerated,
    },
    {
      name: 'Pod with Lt toleration cannot be scheduled when feature gate is disabled',
      pod: [{ key: 'node.kubernetes.io/sla', operator: 'Lt' as never, value: '950', effect: 'NoSchedule' }],
      taints: [{ key: 'node.kubernetes.io/sla', value: '800', effect: 'NoSchedule' }],
      want: untolerated,
    },
    {
      name: 'Pod with mixed tolerations (Equal and Gt) when feature gate is disabled - only Equal is honored',
      pod: [
        { key: 'dedicated', operator: 'Equal', value: 'user1', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/sla', operator: 'Gt' as never, value: '750', effect: 'NoSchedule' },
      ],
      taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
      want: null,
    },
    {
      name: 'Pod with mixed tolerations, Gt toleration needed but filtered out when feature gate is disabled',
      pod: [
        { key: 'dedicated', operator: 'Equal', value: 'user1', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/sla', operator: 'Gt' as never, value: '750', effect: 'NoSchedule' },
      ],
      taints: [
        { key: 'dedicated', value: 'user1', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/sla', value: '950', effect: 'NoSchedule' },
      ],
      want: untolerated,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = runFilter(
        new TaintToleration(36),
        podWithTolerations(c.pod),
        nodeWithTaints('nodeA', c.taints),
      );
      if (c.want === null) expect(s).toBeNull();
      else {
        expect(s?.code).toBe(Code.UnschedulableAndUnresolvable);
        expect(s?.reasons).toEqual([c.want]);
      }
    });
  }

  it('names the taint before 1.34, as older kube-schedulers did', () => {
    const s = runFilter(
      new TaintToleration(33),
      podWithTolerations([]),
      nodeWithTaints('cp', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]),
    );
    expect(s?.reasons).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
  });
});
