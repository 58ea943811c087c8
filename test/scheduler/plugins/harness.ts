// Runs one plugin the way upstream's plugin tests do: a snapshot of nodes and existing pods, PreScore
// (a Skip is reported), Score on every node, then NormalizeScore when the plugin has one.

import type { ClusterInput } from '../../../src/model/cluster-input.js';
import type { Node } from '../../../src/model/node.js';
import type { Pod } from '../../../src/model/pod.js';
import type { ResourceList } from '../../../src/model/resources.js';
import { buildSnapshot, type MutableSnapshot, makePodInfo } from '../../../src/scheduler/cache/index.js';
import { explainScheduling } from '../../../src/scheduler/explain.js';
import {
  CycleState,
  type FilterPlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../../src/scheduler/framework/interface.js';
import { Code, type Status } from '../../../src/scheduler/framework/status.js';
import { makeNode, makePod } from '../fixtures.js';

/** Upstream test quantities: "cpu": "4000" means 4000 cores; kubesim counts millicores. */
export function q(list: Record<string, number>): ResourceList {
  const out: Record<string, number> = {};
  for (const k in list) out[k] = k === 'cpu' ? (list[k] as number) * 1000 : (list[k] as number);
  return out;
}

/** st.MakeNode().Name(name).Capacity(cap): no "pods" unless given (scoring tests never filter). */
export function capNode(
  name: string,
  capacity: Record<string, number> = {},
  extra: Partial<Node> = {},
): Node {
  const n = makeNode(name, {}, extra);
  n.allocatable = q(capacity);
  return n;
}

/** st.MakePod().Req(a).Req(b)…: one container per request list (cpu in cores). */
export function reqPod(reqs: Record<string, number>[] = [], nodeName?: string): Pod {
  return makePod('p', reqs.map(q), { nodeName });
}

export type ScorePluginUnderTest = ScorePlugin & Partial<PreScorePlugin>;

/** Scores of `pod` on each node in order, or 'skip' when PreScore skips. */
export function runScore(
  plugin: ScorePluginUnderTest,
  pod: Pod,
  nodes: Node[],
  existing: Pod[] = [],
  options: { preScore?: boolean; snapshot?: MutableSnapshot } = {},
): number[] | 'skip' {
  const snapshot = options.snapshot ?? buildSnapshot(nodes, existing);
  const info = makePodInfo(pod, snapshot.resources);
  const state = new CycleState();
  const feasible = nodes.map((n) => snapshot.nodeInfo(n.name)).filter((n) => n !== undefined);
  if (options.preScore !== false && plugin.preScore) {
    const s = plugin.preScore(state, info, feasible);
    if (s?.code === Code.Skip) return 'skip';
  }
  const scores = new Float64Array(feasible.length);
  feasible.forEach((n, i) => {
    scores[i] = plugin.score(state, info, n);
  });
  plugin.normalizeScore?.(state, info, feasible, scores);
  return [...scores];
}

/** PreFilter (a Skip skips Filter) then Filter on one node: the status (null = fits). */
export function runFilter(
  plugin: FilterPlugin & Partial<PreFilterPlugin>,
  pod: Pod,
  node: Node,
  existing: Pod[] = [],
): Status | null {
  const snapshot = buildSnapshot([node], existing);
  const info = makePodInfo(pod, snapshot.resources);
  const state = new CycleState();
  if (plugin.preFilter) {
    const s = plugin.preFilter(state, info, snapshot);
    if (s?.code === Code.Skip) return null;
    if (s) return s;
  }
  return plugin.filter(state, info, snapshot.nodeInfo(node.name) as never);
}

/**
 * Runs a score case end to end as `kubesim schedule --explain` does: `nodes` with `existing` pods bound,
 * `pod` pending, and a KubeSchedulerConfiguration whose only plugin is `plugin` (with `args`). Returns
 * the explained score per node: null where the pod does not fit (explain filters; upstream's score tests
 * do not), and 0 where the plugin's PreScore skipped (it then adds nothing, as upstream).
 */
export function explainScores(
  plugin: string,
  pod: Pod,
  nodes: Node[],
  existing: Pod[] = [],
  options: { args?: Record<string, unknown>; kubernetesVersion?: string } = {},
): (number | null)[] {
  const input: ClusterInput = {
    nodes: nodes.map((n) => ({ ...n, allocatable: { pods: 110, ...n.allocatable } })),
    pods: [...existing.map((p, i) => ({ ...p, name: `existing-${i}` })), { ...pod, name: 'incoming' }],
    deployments: [],
    statefulSets: [],
    services: [],
    podDisruptionBudgets: [],
    priorityClasses: [],
    schedulerConfiguration: {
      profiles: [
        {
          plugins: { multiPoint: { disabled: [{ name: '*' }], enabled: [{ name: plugin }] } },
          pluginConfig: options.args ? [{ name: plugin, args: options.args }] : [],
        },
      ],
    },
  };
  const result = explainScheduling(input, {
    kubernetesVersion: options.kubernetesVersion ?? '1.36',
    explain: (pod) => pod.endsWith('/incoming'),
  });
  const explained = result.pods.find((p) => p.pod.endsWith('/incoming'));
  return nodes.map((n) => {
    const v = explained?.nodes?.find((x) => x.node === n.name);
    return v?.result === 'scored' ? (v.scores[plugin]?.normalized ?? 0) : null;
  });
}

/** `expected` where the pod fits (null elsewhere), to compare with explainScores. */
export function expectedWhereFeasible(
  expected: readonly number[],
  explained: readonly (number | null)[],
): (number | null)[] {
  return expected.map((e, i) => (explained[i] === null ? null : e));
}
