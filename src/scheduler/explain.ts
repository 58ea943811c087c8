import { podFromTemplate, randomSuffix, templateHash } from '../controllers/pod-factory.js';
import { RandomStreams } from '../engine/random.js';
import { type ClusterInput, DEFAULT_KUBERNETES_VERSION, kubernetesMinor } from '../model/cluster-input.js';
import { ClusterState } from '../model/cluster-state.js';
import type { Node } from '../model/node.js';
import { type Pod, podKey } from '../model/pod.js';
import { nodeFromPool } from '../sim/node-pools.js';
import { makePodInfo } from './cache/pod-info.js';
import { MutableSnapshot } from './cache/snapshot.js';
import { resolveSchedulerConfiguration } from './config/resolve.js';
import { type BuiltProfile, buildFramework } from './framework/build.js';
import type { FrameworkHandle } from './framework/interface.js';
import { type Diagnosis, fitErrorMessage, type ScoreBreakdown } from './framework/runner.js';
import { Code } from './framework/status.js';
import { preempt } from './preemption.js';
import { inTreeRegistry, type PluginRegistry } from './registry.js';
import { ERR_NO_NODES_AVAILABLE } from './scheduler.js';

/** One score plugin's score for one node: Score's result, and after NormalizeScore (0–100). */
export interface PluginScore {
  raw: number;
  normalized: number;
}

/**
 * What happened to one node in a pod's cycle (kube-scheduler-simulator's result tables, one row):
 * - `filtered`: the Filter plugin (or the PreFilter plugin, for every node) that rejected it, and why;
 * - `scored`: it passed every filter; each score plugin's scores, and total = Σ weight × normalized;
 * - `not evaluated`: Filter stopped before it, having found enough feasible nodes
 *   (percentageOfNodesToScore), or the pod went straight to its nominated node.
 */
export type NodeVerdict =
  | { node: string; result: 'filtered'; plugin: string; reasons: string[] }
  | { node: string; result: 'scored'; scores: Record<string, PluginScore>; total: number }
  | { node: string; result: 'not evaluated' };

/** One pod's decision, and with explain, every node's verdict. */
export interface PodExplanation {
  /** "namespace/name". */
  pod: string;
  node: string | null;
  /** kube-scheduler's FailedScheduling message when no node fits, else null. */
  unschedulable: string | null;
  /** Explained pods: each score plugin's weight in the profile (plugins that skipped are absent). */
  weights?: Record<string, number>;
  /** Explained pods: every node of the cluster, in the scheduler's node order. */
  nodes?: NodeVerdict[];
}

/** explainScheduling's JSON result. */
export interface ExplainResult {
  pods: PodExplanation[];
}

/** Options of explainScheduling. */
export interface ExplainOptions {
  /** @default DEFAULT_KUBERNETES_VERSION ("1.36") */
  kubernetesVersion?: string;
  /** Seed of the tie-break and of generated pod-name suffixes. @default 1 */
  seed?: number;
  /**
   * Which pods get every node's verdict (`weights` and `nodes`): all (true), none (false), or those
   * whose "namespace/name" the function accepts. Only those pods' score tables are kept. @default false
   */
  explain?: boolean | ((pod: string) => boolean);
  /** The plugins the configuration may name. @default inTreeRegistry() */
  registry?: PluginRegistry;
}

/** The workload pods, named like upstream: "<deployment>-<template hash>-<5 chars>", "<statefulset>-<ordinal>". */
function workloadPods(input: ClusterInput, cluster: ClusterState, streams: RandomStreams): Pod[] {
  const out: Pod[] = [];
  for (const d of input.deployments) {
    const rsName = `${d.name}-${templateHash(JSON.stringify(d.template))}`;
    const names = streams.get(`explain/pod-names/${d.namespace}/${d.name}`);
    const owner = { kind: 'ReplicaSet', key: `${d.namespace}/${rsName}` } as const;
    const used = new Set<string>();
    for (let i = 0; i < d.replicas; i++) {
      // A suffix already taken is drawn again, as the ReplicaSet controller does (5 characters of 27
      // collide among 50 000 replicas).
      let name: string;
      do name = `${rsName}-${randomSuffix(() => names.next())}`;
      while (used.has(name));
      used.add(name);
      out.push({
        ...podFromTemplate(d.template, { namespace: d.namespace, name, owner }, 0),
        uid: cluster.allocateUid(),
      });
    }
  }
  for (const s of input.statefulSets) {
    const owner = { kind: 'StatefulSet', key: `${s.namespace}/${s.name}` } as const;
    for (let i = 0; i < s.replicas; i++) {
      const identity = { namespace: s.namespace, name: `${s.name}-${i}`, owner };
      out.push({ ...podFromTemplate(s.template, identity, 0), uid: cluster.allocateUid() });
    }
  }
  return out;
}

/** Every node's verdict from one cycle's rejections and scores. */
function verdicts(
  nodes: readonly Node[],
  diagnosis: Diagnosis,
  breakdown: ScoreBreakdown | undefined,
): { weights: Record<string, number>; nodes: NodeVerdict[] } {
  const scored = new Map<string, number>();
  breakdown?.nodes.forEach((n, i) => {
    scored.set(n.node.name, i);
  });
  const out = nodes.map((n): NodeVerdict => {
    const rejected = diagnosis.nodeToStatus.get(n.name);
    if (rejected)
      return { node: n.name, result: 'filtered', plugin: rejected.plugin, reasons: [...rejected.reasons] };
    const i = scored.get(n.name);
    if (breakdown === undefined || i === undefined) return { node: n.name, result: 'not evaluated' };
    const scores: Record<string, PluginScore> = {};
    for (const [plugin, row] of breakdown.byPlugin) {
      scores[plugin] = { raw: breakdown.raw.get(plugin)?.[i] as number, normalized: row[i] as number };
    }
    return { node: n.name, result: 'scored', scores, total: breakdown.totals[i] as number };
  });
  return { weights: Object.fromEntries(breakdown?.weights ?? []), nodes: out };
}

/**
 * Schedules the input's pending pods one by one, as kube-scheduler would, and says why: no engine,
 * no queue, no retries. Nodes come from input.nodes (and the Scenario's node pools); pods with a
 * nodeName are placed first; then standalone pending pods in input order, then Deployment and
 * StatefulSet pods (replicas × template), each binding visible to the next. A pod that fits nowhere
 * gets kube-scheduler's message (with the preemption part); preemption is reported, not carried out.
 * Explained pods are scored even when one node is feasible (upstream skips scoring then).
 */
export function explainScheduling(input: ClusterInput, options: ExplainOptions = {}): ExplainResult {
  const version =
    options.kubernetesVersion ?? input.scenario?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const minor = kubernetesMinor(version);
  const streams = new RandomStreams(options.seed ?? 1);
  const random = streams.get('scheduler/tie-break');
  const registry = options.registry ?? inTreeRegistry();
  const config = resolveSchedulerConfiguration(input.schedulerConfiguration, registry);
  const explain = options.explain ?? false;
  const explained = typeof explain === 'function' ? explain : () => explain;
  const cluster = new ClusterState();
  for (const pdb of input.podDisruptionBudgets ?? []) cluster.addPodDisruptionBudget(pdb);
  for (const s of input.services ?? []) cluster.addService(s);
  const nodes: Node[] = [];
  for (const pool of input.scenario?.nodePools ?? []) {
    for (let i = 0; i < pool.count; i++) nodes.push(nodeFromPool(pool, i, 0));
  }
  for (const n of input.nodes) nodes.push({ ...n, labels: { ...n.labels }, taints: [...n.taints] });
  const snapshot = new MutableSnapshot();
  for (const n of nodes) {
    cluster.addNode(n);
    snapshot.addNode(n);
  }
  const handle: FrameworkHandle = { snapshot: () => snapshot, cluster, random };
  const profiles = new Map<string, BuiltProfile>();
  for (const p of config.profiles) {
    const ctx = { handle, resources: snapshot.resources, kubernetesMinor: minor };
    profiles.set(p.schedulerName, buildFramework(p, registry, ctx, random));
  }

  const pending: Pod[] = [];
  for (const pod of [...input.pods.map((raw) => ({ ...raw })), ...workloadPods(input, cluster, streams)]) {
    cluster.addPod(pod);
    if (pod.nodeName !== undefined) snapshot.addPod(pod, pod.nodeName);
    else pending.push(pod);
  }

  const result: ExplainResult = { pods: [] };
  for (const pod of pending) {
    const entry: PodExplanation = { pod: podKey(pod), node: null, unschedulable: null };
    result.pods.push(entry);
    const built = profiles.get(pod.spec.schedulerName);
    if (!built) {
      entry.unschedulable = `no profile for schedulerName "${pod.spec.schedulerName}"`;
      continue;
    }
    const framework = built.framework;
    const explainThis = explained(entry.pod);
    framework.recordScores = explainThis;
    framework.alwaysScore = explainThis;
    const podInfo = makePodInfo(pod, snapshot.resources);
    const r = framework.schedulePod(podInfo, snapshot);
    if (explainThis) {
      const v = verdicts(nodes, r.diagnosis, framework.lastScores);
      entry.weights = v.weights;
      entry.nodes = v.nodes;
    }
    if (r.kind === 'scheduled') {
      entry.node = r.node.node.name;
      cluster.bindPod(pod, entry.node, 0);
      snapshot.addPod(pod, entry.node);
    } else {
      let post = '';
      if (built.preemption && r.code !== Code.Error && r.numAllNodes > 0) {
        post = preempt(podInfo, framework, snapshot, r.diagnosis, cluster).message;
        if (post === '')
          post = 'preemption: a node could be freed by evicting lower-priority pods (not carried out)';
      }
      entry.unschedulable =
        r.numAllNodes === 0 ? ERR_NO_NODES_AVAILABLE : fitErrorMessage(r.numAllNodes, r.diagnosis, post);
    }
  }
  return result;
}
