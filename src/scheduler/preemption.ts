import type { ClusterState } from '../model/cluster-state.js';
import { matchesSelector } from '../model/labels.js';
import type { Pod } from '../model/pod.js';
import type { IntOrPercent, PodDisruptionBudget } from '../model/workloads.js';
import type { MutableNodeInfo } from './cache/node-info.js';
import type { SchedulerPodInfo } from './cache/pod-info.js';
import type { MutableSnapshot } from './cache/snapshot.js';
import { CycleState, type PodInfo } from './framework/interface.js';
import { type Diagnosis, type Framework, fitErrorMessage } from './framework/runner.js';
import { Code, Status } from './framework/status.js';

/** Node status when a Filter rejected it as UnschedulableAndUnresolvable (framework/preemption). */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** Node status when it has no lower-priority pod to evict (defaultpreemption SelectVictimsOnNode). */
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';
/** PodEligibleToPreemptOthers: the pod's preemptionPolicy is Never. */
export const NOT_ELIGIBLE_NEVER = 'not eligible due to preemptionPolicy=Never.';
/** PodEligibleToPreemptOthers: a lower-priority pod is still terminating on the nominated node. */
export const NOT_ELIGIBLE_TERMINATING = 'not eligible due to a terminating pod on the nominated node.';

/** The outcome of DefaultPreemption's PostFilter for one pod. */
export interface PreemptionResult {
  /** The node made room on, if any. */
  readonly nominatedNode?: string;
  /** The pods to evict there (lowest priority first). */
  readonly victims: readonly Pod[];
  /** The PostFilter message, "preemption: …", for the FitError. */
  readonly message: string;
}

interface Candidate {
  node: MutableNodeInfo;
  victims: SchedulerPodInfo[];
  pdbViolations: number;
}

function resolveIntOrPercent(v: IntOrPercent, total: number): number {
  if (typeof v === 'number') return v;
  // Percentages round up (intstr.GetScaledValueFromIntOrPercent with roundUp = true).
  return Math.ceil((Number.parseFloat(v) * total) / 100);
}

/**
 * disruptionsAllowed per PDB, as the disruption controller computes it: currentHealthy (Ready pods, not
 * terminating) − desiredHealthy, at least 0. The expected count is the number of matching pods (kubesim
 * approximates the owner's scale with it).
 */
export function pdbDisruptionsAllowed(pdb: PodDisruptionBudget, cluster: ClusterState): number {
  let expected = 0;
  let healthy = 0;
  for (const p of cluster.pods) {
    if (p.namespace !== pdb.namespace || !matchesSelector(pdb.selector, p.labels)) continue;
    expected++;
    if (p.ready && p.deletionTimestamp === undefined) healthy++;
  }
  let desired = 0;
  if (pdb.minAvailable !== undefined) desired = resolveIntOrPercent(pdb.minAvailable, expected);
  else if (pdb.maxUnavailable !== undefined)
    desired = expected - resolveIntOrPercent(pdb.maxUnavailable, expected);
  return Math.max(0, healthy - desired);
}

/**
 * kube-scheduler: DefaultPreemption (framework/plugins/defaultpreemption, framework/preemption).
 * For a pod that failed with Unschedulable on some nodes: on each such node, remove every lower-priority
 * pod, check the pod fits, then reprieve victims (PDB-violating first, higher priority first) while it
 * still fits; pick the node by pickOneNodeForPreemption (fewest PDB violations, lowest highest victim
 * priority, lowest priority sum, fewest victims, latest start of the highest-priority victim).
 *
 * Approximations: every potential node is dry-run (upstream samples max(10 %, 100) of them from a
 * random offset); nominated pods of other preemptors are not added to the what-if NodeInfo.
 */
export function preempt(
  pod: PodInfo,
  framework: Framework,
  snapshot: MutableSnapshot,
  diagnosis: Diagnosis,
  cluster: ClusterState,
): PreemptionResult {
  const spec = pod.pod.spec;
  const none = (msg: string): PreemptionResult => ({ victims: [], message: `preemption: ${msg}` });
  if (spec.preemptionPolicy === 'Never') return none(NOT_ELIGIBLE_NEVER);
  // PodEligibleToPreemptOthers: wait while a lower-priority pod is still terminating on the nominated node.
  const nominated = pod.pod.nominatedNodeName ? snapshot.nodeInfo(pod.pod.nominatedNodeName) : undefined;
  if (nominated) {
    for (const p of nominated.pods) {
      if (p.pod.deletionTimestamp !== undefined && p.pod.spec.priority < spec.priority) {
        return none(NOT_ELIGIBLE_TERMINATING);
      }
    }
  }

  const nodes = snapshot.nodeInfos;
  const statuses = new Map<string, Status>();
  const notHelpful = Status.unresolvable(PREEMPTION_NOT_HELPFUL);
  const pdbs = [...cluster.podDisruptionBudgets].map((pdb) => ({
    pdb,
    allowed: pdbDisruptionsAllowed(pdb, cluster),
  }));
  const candidates: Candidate[] = [];
  const state = new CycleState();
  const preFilterStatus = framework.runPreFilters(state, pod, snapshot);
  for (const node of nodes) {
    const s = diagnosis.nodeToStatus.get(node.node.name);
    if (preFilterStatus || !s || s.code !== Code.Unschedulable) {
      statuses.set(node.node.name, notHelpful);
      continue;
    }
    const c = selectVictimsOnNode(pod, node, framework, snapshot, pdbs);
    if ('status' in c) statuses.set(node.node.name, c.status);
    else candidates.push(c);
  }
  if (candidates.length === 0) {
    const d: Diagnosis = { nodeToStatus: statuses, preFilterMsg: '', unschedulablePlugins: new Set() };
    return none(fitErrorMessage(nodes.length, d));
  }
  const best = pickOneNodeForPreemption(candidates);
  return {
    nominatedNode: best.node.node.name,
    victims: best.victims.map((v) => v.pod),
    message: '',
  };
}

/** Whether `pod` passes every Filter on `node` (fresh cycle state, PreFilter re-run). */
function fits(
  pod: PodInfo,
  node: MutableNodeInfo,
  framework: Framework,
  snapshot: MutableSnapshot,
): Status | null {
  const state = new CycleState();
  const pre = framework.runPreFilters(state, pod, snapshot);
  if (pre) return pre;
  return framework.runFilters(state, pod, node);
}

function selectVictimsOnNode(
  pod: PodInfo,
  node: MutableNodeInfo,
  framework: Framework,
  snapshot: MutableSnapshot,
  pdbs: { pdb: PodDisruptionBudget; allowed: number }[],
): Candidate | { status: Status } {
  const priority = pod.pod.spec.priority;
  const copy = node.clone();
  const potential: SchedulerPodInfo[] = [];
  for (const p of node.pods) {
    if (p.pod.spec.priority < priority && p.pod.deletionTimestamp === undefined) {
      potential.push(p);
      copy.removePod(p.pod.uid);
    }
  }
  if (potential.length === 0) {
    return { status: Status.unresolvable(NO_PREEMPTION_VICTIMS) };
  }
  const first = fits(pod, copy, framework, snapshot);
  if (first) return { status: first };
  // MoreImportantPod: higher priority first, then earlier start.
  potential.sort(
    (a, b) =>
      b.pod.spec.priority - a.pod.spec.priority ||
      (a.pod.startedAt ?? a.pod.createdAt) - (b.pod.startedAt ?? b.pod.createdAt),
  );
  const allowed = pdbs.map((p) => p.allowed);
  const violating: SchedulerPodInfo[] = [];
  const nonViolating: SchedulerPodInfo[] = [];
  for (const p of potential) {
    let violates = false;
    pdbs.forEach(({ pdb }, i) => {
      if (pdb.namespace !== p.pod.namespace || !matchesSelector(pdb.selector, p.pod.labels)) return;
      allowed[i] = (allowed[i] as number) - 1;
      if ((allowed[i] as number) < 0) violates = true;
    });
    (violates ? violating : nonViolating).push(p);
  }
  const victims: SchedulerPodInfo[] = [];
  let pdbViolations = 0;
  const reprieve = (p: SchedulerPodInfo, isViolating: boolean): void => {
    copy.addPod(p);
    if (fits(pod, copy, framework, snapshot) !== null) {
      copy.removePod(p.pod.uid);
      victims.push(p);
      if (isViolating) pdbViolations++;
    }
  };
  for (const p of violating) reprieve(p, true);
  for (const p of nonViolating) reprieve(p, false);
  if (victims.length === 0) {
    return { status: Status.unresolvable(NO_PREEMPTION_VICTIMS) };
  }
  // Evict the least important first.
  victims.sort((a, b) => a.pod.spec.priority - b.pod.spec.priority);
  return { node, victims, pdbViolations };
}

/** kube-scheduler: pickOneNodeForPreemption (framework/preemption/preemption.go). */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate {
  const highest = (c: Candidate): number => Math.max(...c.victims.map((v) => v.pod.spec.priority));
  const sum = (c: Candidate): number =>
    // Shifted by MaxInt32+1 upstream so negative priorities still add up to ≥ 0; ordering is the same.
    c.victims.reduce((s, v) => s + v.pod.spec.priority + 2147483648, 0);
  const earliestStartOfHighest = (c: Candidate): number => {
    const h = highest(c);
    let t = Number.POSITIVE_INFINITY;
    for (const v of c.victims) {
      if (v.pod.spec.priority === h) t = Math.min(t, v.pod.startedAt ?? v.pod.createdAt);
    }
    return t;
  };
  const criteria: ((c: Candidate) => number)[] = [
    (c) => c.pdbViolations,
    highest,
    sum,
    (c) => c.victims.length,
    // The latest start time wins: negate so "lower is better" holds for every criterion.
    (c) => -earliestStartOfHighest(c),
  ];
  let pool = [...candidates];
  for (const f of criteria) {
    if (pool.length === 1) break;
    const best = Math.min(...pool.map(f));
    pool = pool.filter((c) => f(c) === best);
  }
  return pool[0] as Candidate;
}
