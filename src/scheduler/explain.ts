import { MICROS_PER_SECOND } from '../engine/time.js';
import { type ClusterInput, DEFAULT_KUBERNETES_VERSION } from '../model/cluster-input.js';
import type { Node } from '../model/node.js';
import { type Pod, podKey } from '../model/pod.js';
import type { Scenario } from '../model/scenario.js';
import { defaultScenario } from '../sim/default-scenario.js';
import { createRun } from '../sim/run.js';
import { type Diagnosis, fitErrorMessage, type ScoreBreakdown } from './framework/runner.js';
import type { PluginRegistry } from './registry.js';
import type { CycleRecord } from './scheduler.js';

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
  /** The run's seed (the tie-break, the ReplicaSet controller's pod-name suffixes). @default 1 */
  seed?: number;
  /**
   * Which pods get every node's verdict (`weights` and `nodes`): all (true), none (false), or those
   * whose "namespace/name" the function accepts. Only those pods' score tables are kept. @default false
   */
  explain?: boolean | ((pod: string) => boolean);
  /** The plugins the configuration may name. @default inTreeRegistry() */
  registry?: PluginRegistry;
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
 * The longest simulated time explainScheduling advances a run to see every pod's first attempt: long
 * enough for OrderedReady StatefulSets of a few hundred pods to be created one by one (each waits for
 * the previous pod's start-up, 10 s by default). A kubesim choice.
 */
export const EXPLAIN_HORIZON = 3600 * MICROS_PER_SECOND;

/** The message of an OrderedReady StatefulSet's pod that was not created within EXPLAIN_HORIZON. */
export function notCreatedMessage(set: string, previous: string): string {
  return `not created: StatefulSet ${set} is OrderedReady and creates a pod once the one before it (${previous}) is Running and Ready`;
}

/**
 * Schedules the input's pending pods as `kubesim run` does at its start, and says why: a run from
 * createRun (the input's Scenario without its faults and traffic, or defaultScenario() when there is
 * none; no HorizontalPodAutoscalers) is advanced until the scheduler has attempted every pending pod
 * once, and each pod's first attempt is reported. So the pods, their names and the order they are
 * scheduled in are the run's: pods with a nodeName are placed at creation; standalone pods, then the
 * ReplicaSet and StatefulSet controllers' pods, queued by priority then creation; each binding is
 * visible to the next cycle; the tie-break stream is the run's. A pod that fits nowhere gets
 * kube-scheduler's message; preemption is carried out as in the run (victims deleted gracefully, the
 * pod nominated; the message says so). Explained pods are scored even when one node is feasible
 * (upstream skips scoring then). The result lists the pods in creation order.
 */
export function explainScheduling(input: ClusterInput, options: ExplainOptions = {}): ExplainResult {
  const version =
    options.kubernetesVersion ?? input.scenario?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const { traffic: _traffic, ...base } = input.scenario ?? defaultScenario();
  const scenario: Scenario = { ...base, kubernetesVersion: version, faults: [] };
  const run = createRun(
    { ...input, scenario, horizontalPodAutoscalers: [] },
    {
      seed: options.seed ?? 1,
      duration: EXPLAIN_HORIZON / MICROS_PER_SECOND,
      ...(options.registry ? { schedulerRegistry: options.registry } : {}),
    },
  );
  const explain = options.explain ?? false;
  const explained = typeof explain === 'function' ? explain : () => explain;
  const nodes = [...run.cluster.nodes];
  const scheduler = run.scheduler;

  // Pods the scheduler is to attempt: those pending now and those the controllers will create.
  let expected = 0;
  for (const pod of input.pods) {
    if (pod.nodeName === undefined && scheduler.hasProfile(pod.spec.schedulerName)) expected++;
  }
  for (const w of [...input.deployments, ...input.statefulSets]) {
    if (scheduler.hasProfile(w.template.spec.schedulerName)) expected += w.replicas;
  }
  // Pending pods created and not attempted yet (a preempted pod's replacement is one more).
  const waiting = new Set<Pod>();
  run.cluster.watch((e) => {
    if (
      e.type === 'PodAdded' &&
      e.pod.nodeName === undefined &&
      scheduler.hasProfile(e.pod.spec.schedulerName)
    )
      waiting.add(e.pod);
    else if (e.type === 'PodDeleted') waiting.delete(e.pod);
  });
  for (const pod of run.cluster.pods) {
    if (pod.nodeName === undefined && scheduler.hasProfile(pod.spec.schedulerName)) waiting.add(pod);
  }

  const entries = new Map<Pod, PodExplanation>();
  let attempted = 0;
  scheduler.observe({
    explain: (pod) => !entries.has(pod) && explained(podKey(pod)),
    observe(record) {
      if (entries.has(record.pod)) return;
      entries.set(record.pod, explanation(record, nodes, explained(podKey(record.pod))));
      waiting.delete(record.pod);
      attempted++;
      if (attempted >= expected && waiting.size === 0) run.sim.stop();
    },
  });
  // With nothing to attempt, the time-0 events still run (controllers create their pods).
  run.advance(expected > 0 ? run.duration : 1);

  // Pods no profile schedules stay pending without an attempt, as kube-scheduler leaves them.
  for (const pod of run.cluster.pods) {
    if (pod.nodeName !== undefined || entries.has(pod) || scheduler.hasProfile(pod.spec.schedulerName))
      continue;
    entries.set(pod, {
      pod: podKey(pod),
      node: null,
      unschedulable: `no profile for schedulerName "${pod.spec.schedulerName}"`,
    });
  }
  const pods = [...entries.entries()].sort(([a], [b]) => a.uid - b.uid).map(([, e]) => e);
  for (const set of input.statefulSets) {
    if (set.podManagementPolicy !== 'OrderedReady') continue;
    for (let i = 1; i < set.replicas; i++) {
      const name = `${set.namespace}/${set.name}-${i}`;
      if (run.cluster.pod(name)) continue;
      const key = `${set.namespace}/${set.name}`;
      pods.push({ pod: name, node: null, unschedulable: notCreatedMessage(key, `${set.name}-${i - 1}`) });
    }
  }
  return { pods };
}

/** One pod's first attempt as explainScheduling reports it. */
function explanation(record: CycleRecord, nodes: readonly Node[], explainThis: boolean): PodExplanation {
  const { result } = record;
  const entry: PodExplanation = {
    pod: podKey(record.pod),
    node: result.kind === 'scheduled' ? result.node.node.name : null,
    unschedulable: record.message,
  };
  if (record.preemption && result.kind === 'unschedulable') {
    const { node, victims } = record.preemption;
    const post = `preemption: nominated to node ${node}, evicting ${victims.map(podKey).join(', ')}`;
    entry.unschedulable = fitErrorMessage(result.numAllNodes, result.diagnosis, post);
  }
  if (explainThis) {
    const v = verdicts(nodes, result.diagnosis, record.scores);
    entry.weights = v.weights;
    entry.nodes = v.nodes;
  }
  return entry;
}
