import { randomSuffix, templateHash } from '../controllers/pod-factory.js';
import { RandomStreams } from '../engine/random.js';
import { type ClusterInput, DEFAULT_KUBERNETES_VERSION, kubernetesMinor } from '../model/cluster-input.js';
import { ClusterState } from '../model/cluster-state.js';
import type { Node } from '../model/node.js';
import { type Pod, type PodTemplate, podKey } from '../model/pod.js';
import { nodeFromPool } from '../sim/node-pools.js';
import { makePodInfo } from './cache/pod-info.js';
import { MutableSnapshot } from './cache/snapshot.js';
import { resolveSchedulerConfiguration } from './config/resolve.js';
import { type BuiltProfile, buildFramework } from './framework/build.js';
import type { FrameworkHandle } from './framework/interface.js';
import { fitErrorMessage } from './framework/runner.js';
import { Code } from './framework/status.js';
import { preempt } from './preemption.js';
import { inTreeRegistry } from './registry.js';
import { ERR_NO_NODES_AVAILABLE } from './scheduler.js';

/** Per node: each score plugin's normalized score (0–100, before weight) and total = Σ weight × score. */
export type NodeScores = Record<string, number> & { total: number };

/** One pod's decision. */
export interface PodExplanation {
  /** "namespace/name". */
  pod: string;
  node: string | null;
  /** kube-scheduler's FailedScheduling message when no node fits, else null. */
  unschedulable: string | null;
  /** Feasible nodes' scores (empty when the pod was not scored). */
  scores: Record<string, NodeScores>;
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
}

function podFromTemplate(
  template: PodTemplate,
  namespace: string,
  name: string,
  uid: number,
  owner: Pod['owner'],
): Pod {
  return {
    uid,
    namespace,
    name,
    labels: template.labels,
    spec: template.spec,
    owner,
    phase: 'Pending',
    nodeName: template.spec.nodeName,
    ready: false,
    containersRunning: false,
    createdAt: 0,
  };
}

/** The workload pods, named like upstream: "<deployment>-<template hash>-<5 chars>", "<statefulset>-<ordinal>". */
function workloadPods(input: ClusterInput, cluster: ClusterState, streams: RandomStreams): Pod[] {
  const out: Pod[] = [];
  for (const d of input.deployments) {
    const rsName = `${d.name}-${templateHash(JSON.stringify(d.template))}`;
    const names = streams.get(`explain/pod-names/${d.namespace}/${d.name}`);
    for (let i = 0; i < d.replicas; i++) {
      const name = `${rsName}-${randomSuffix(() => names.next())}`;
      out.push(
        podFromTemplate(d.template, d.namespace, name, cluster.allocateUid(), {
          kind: 'ReplicaSet',
          key: `${d.namespace}/${rsName}`,
        }),
      );
    }
  }
  for (const s of input.statefulSets) {
    for (let i = 0; i < s.replicas; i++) {
      out.push(
        podFromTemplate(s.template, s.namespace, `${s.name}-${i}`, cluster.allocateUid(), {
          kind: 'StatefulSet',
          key: `${s.namespace}/${s.name}`,
        }),
      );
    }
  }
  return out;
}

/**
 * Schedules the input's pending pods one by one, as kube-scheduler would, and says why: no engine,
 * no queue, no retries. Nodes come from input.nodes (and the Scenario's node pools); pods with a
 * nodeName are placed first; then standalone pending pods in input order, then Deployment and
 * StatefulSet pods (replicas × template), each binding visible to the next. A pod that fits nowhere
 * gets kube-scheduler's message (with the preemption part); preemption is reported, not carried out.
 * Scores are recorded for every scored pod, even when one node is feasible.
 */
export function explainScheduling(input: ClusterInput, options: ExplainOptions = {}): ExplainResult {
  const version =
    options.kubernetesVersion ?? input.scenario?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const minor = kubernetesMinor(version);
  const streams = new RandomStreams(options.seed ?? 1);
  const random = streams.get('scheduler/tie-break');
  const registry = inTreeRegistry();
  const config = resolveSchedulerConfiguration(input.schedulerConfiguration, registry);
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
    const built = buildFramework(
      p,
      registry,
      { handle, resources: snapshot.resources, kubernetesMinor: minor },
      random,
    );
    built.framework.recordScores = true;
    built.framework.alwaysScore = true;
    profiles.set(p.schedulerName, built);
  }

  const pending: Pod[] = [];
  for (const raw of input.pods) {
    const pod: Pod = { ...raw };
    cluster.addPod(pod);
    if (pod.nodeName !== undefined) snapshot.addPod(pod, pod.nodeName);
    else pending.push(pod);
  }
  for (const pod of workloadPods(input, cluster, streams)) {
    cluster.addPod(pod);
    if (pod.nodeName !== undefined) snapshot.addPod(pod, pod.nodeName);
    else pending.push(pod);
  }

  const result: ExplainResult = { pods: [] };
  for (const pod of pending) {
    const entry: PodExplanation = { pod: podKey(pod), node: null, unschedulable: null, scores: {} };
    result.pods.push(entry);
    const built = profiles.get(pod.spec.schedulerName);
    if (!built) {
      entry.unschedulable = `no profile for schedulerName "${pod.spec.schedulerName}"`;
      continue;
    }
    const podInfo = makePodInfo(pod, snapshot.resources);
    const r = built.framework.schedulePod(podInfo, snapshot);
    const breakdown = built.framework.lastScores;
    if (breakdown) {
      breakdown.nodes.forEach((n, i) => {
        const s = {} as NodeScores;
        for (const [plugin, row] of breakdown.byPlugin) s[plugin] = row[i] as number;
        s.total = breakdown.totals[i] as number;
        entry.scores[n.node.name] = s;
      });
    }
    if (r.kind === 'scheduled') {
      entry.node = r.node.node.name;
      cluster.bindPod(pod, entry.node, 0);
      snapshot.addPod(pod, entry.node);
    } else {
      let post = '';
      if (built.preemption && r.code !== Code.Error && r.numAllNodes > 0) {
        post = preempt(podInfo, built.framework, snapshot, r.diagnosis, cluster).message;
        if (post === '')
          post = 'preemption: a node could be freed by evicting lower-priority pods (not carried out)';
      }
      entry.unschedulable =
        r.numAllNodes === 0 ? ERR_NO_NODES_AVAILABLE : fitErrorMessage(r.numAllNodes, r.diagnosis, post);
    }
  }
  return result;
}

/** Options of renderExplanation. */
export interface RenderOptions {
  /** Show the nodes × plugins score table under each pod. @default true */
  scores?: boolean;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

/**
 * A terminal rendering of an ExplainResult: per pod "ns/name → node" or "ns/name: pending: <reason>",
 * and (with scores) a compact table, one row per feasible node, one column per plugin, plus the total.
 */
export function renderExplanation(result: ExplainResult, options: RenderOptions = {}): string {
  const lines: string[] = [];
  const showScores = options.scores ?? true;
  for (const p of result.pods) {
    if (p.node !== null) lines.push(`${p.pod} → ${p.node}`);
    else lines.push(`${p.pod}: pending: ${p.unschedulable ?? 'not scheduled'}`);
    const nodes = Object.keys(p.scores);
    if (!showScores || nodes.length === 0) continue;
    const plugins = [...new Set(nodes.flatMap((n) => Object.keys(p.scores[n] ?? {})))].filter(
      (k) => k !== 'total',
    );
    const header = ['node', ...plugins, 'total'];
    const rows = nodes
      .map((n) => {
        const s = p.scores[n] as NodeScores;
        return [n, ...plugins.map((k) => String(s[k] ?? '')), String(s.total)];
      })
      .sort(
        (a, b) =>
          Number(b[b.length - 1]) - Number(a[a.length - 1]) || (a[0] as string).localeCompare(b[0] as string),
      );
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
    const fmt = (r: string[]): string =>
      `  ${r.map((c, i) => pad(c, widths[i] as number, i > 0)).join('  ')}${r[0] === p.node ? '  ←' : ''}`;
    lines.push(fmt(header).trimEnd());
    for (const r of rows) lines.push(fmt(r));
  }
  return `${lines.join('\n')}\n`;
}
