import type { RandomStream } from '../../engine/random.js';
import { MutableNodeInfo } from '../cache/node-info.js';
import type { SchedulerPodInfo } from '../cache/pod-info.js';
import {
  CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type Snapshot,
} from './interface.js';
import { Code, type Status } from './status.js';

/** A Score plugin with its weight in the profile. */
export interface WeightedScorePlugin {
  readonly plugin: ScorePlugin;
  readonly weight: number;
}

/** The plugins of one profile, per extension point, in run order. */
export interface FrameworkPlugins {
  readonly preFilter: readonly PreFilterPlugin[];
  readonly filter: readonly FilterPlugin[];
  readonly preScore: readonly PreScorePlugin[];
  readonly score: readonly WeightedScorePlugin[];
}

/** Why the pod fits nowhere: the per-node rejections (upstream framework.Diagnosis). */
export interface Diagnosis {
  /** Node name → the status of the first Filter plugin that rejected it. */
  readonly nodeToStatus: Map<string, Status>;
  /** Set when a PreFilter plugin rejected the pod for every node. */
  preFilterMsg: string;
  /** Plugins that rejected the pod somewhere (UnschedulablePlugins). */
  readonly unschedulablePlugins: Set<string>;
}

/** One scheduling attempt's outcome (upstream ScheduleResult / FitError). */
export type ScheduleResult =
  | {
      readonly kind: 'scheduled';
      readonly node: NodeInfo;
      /** The nodes Filter rejected on the way (explain shows them). */
      readonly diagnosis: Diagnosis;
      /** Nodes examined by Filter (feasible + rejected). */
      readonly evaluatedNodes: number;
      readonly feasibleNodes: number;
    }
  | {
      readonly kind: 'unschedulable';
      readonly numAllNodes: number;
      readonly diagnosis: Diagnosis;
      /** Unschedulable (preemption may help) or UnschedulableAndUnresolvable (nowhere) or Error. */
      readonly code: Code;
    };

/** Per-plugin scores of the last scored cycle, for the explain API. */
export interface ScoreBreakdown {
  readonly nodes: readonly NodeInfo[];
  /** plugin name → Score's score per node, before NormalizeScore (same order as nodes). */
  readonly raw: ReadonlyMap<string, Float64Array>;
  /** plugin name → normalized score per node (same order as nodes). */
  readonly byPlugin: ReadonlyMap<string, Float64Array>;
  readonly weights: ReadonlyMap<string, number>;
  readonly totals: Float64Array;
}

// pkg/scheduler/schedule_one.go: minFeasibleNodesToFind, minFeasibleNodesPercentageToFind.
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * kube-scheduler: numFeasibleNodesToFind (schedule_one.go). How many feasible nodes to find before
 * filtering stops. percentage 0 = adaptive: 50 − N/125 (integer division), at least 5 %. Never fewer
 * than 100 nodes; all nodes when the cluster has fewer than 100.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
      percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}

/**
 * kube-scheduler: FitError.Error() (framework/types.go). "0/N nodes are available: " then either the
 * PreFilter message or the per-reason node counts ("3 Insufficient cpu"), sorted as strings, joined by
 * ", ", then "." and, when preemption ran, " preemption: …".
 */
export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis, postFilterMsg = ''): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMsg !== '') {
    msg += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const status of diagnosis.nodeToStatus.values()) {
      for (const r of status.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    const parts: string[] = [];
    for (const [reason, n] of counts) parts.push(`${n} ${reason}`);
    // Go's sort.Strings: byte order, so "10 …" sorts before "2 …" as upstream.
    parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (postFilterMsg !== '') msg += ` ${postFilterMsg}.`;
  return msg;
}

/**
 * One profile's scheduling framework: runs PreFilter → Filter → PreScore → Score → NormalizeScore and
 * picks a host, in the shape of upstream schedule_one.go (schedulePod / findNodesThatFitPod /
 * prioritizeNodes / selectHost). Single-threaded, so the scratch arrays (feasible list, score rows) are
 * allocated once and reused: the per-node loops allocate nothing unless a plugin rejects a node.
 */
export class Framework {
  /** Where the next cycle's Filter loop starts (upstream nextStartNodeIndex). */
  private nextStartNodeIndex = 0;
  private feasible: NodeInfo[] = [];
  private readonly activeFilters: FilterPlugin[] = [];
  private readonly feasibleView: NodeInfo[] = [];
  private scoreRows: Float64Array[];
  private totals = new Float64Array(0);
  /** Keep per-plugin scores of the last cycle (explain API); off in simulations. */
  recordScores = false;
  /** Score even when a single node is feasible (upstream skips scoring then); for explain. */
  alwaysScore = false;
  private lastBreakdown: ScoreBreakdown | undefined;
  /**
   * Pods nominated to nodes by preemption, by node name. Filter counts those of equal or higher
   * priority on their node (upstream addNominatedPods), so others do not take the room made for them.
   */
  nominatedPods: ReadonlyMap<string, readonly SchedulerPodInfo[]> = new Map();

  constructor(
    readonly profileName: string,
    readonly plugins: FrameworkPlugins,
    /** The profile's percentageOfNodesToScore (0 = adaptive). */
    readonly percentageOfNodesToScore: number,
    private readonly random: RandomStream,
  ) {
    this.scoreRows = plugins.score.map(() => new Float64Array(0));
  }

  /** The per-plugin scores of the most recent cycle that scored (when recordScores is on). */
  get lastScores(): ScoreBreakdown | undefined {
    return this.lastBreakdown;
  }

  /**
   * Schedules `pod` against `snapshot`: returns the chosen node, or why none fits. Does not bind.
   * upstream: schedulePod (schedule_one.go).
   */
  schedulePod(pod: PodInfo, snapshot: Snapshot, state: CycleState = new CycleState()): ScheduleResult {
    this.lastBreakdown = undefined;
    const numAllNodes = snapshot.nodeInfos.length;
    const diagnosis: Diagnosis = {
      nodeToStatus: new Map(),
      preFilterMsg: '',
      unschedulablePlugins: new Set(),
    };
    if (numAllNodes === 0) {
      return { kind: 'unschedulable', numAllNodes, diagnosis, code: Code.UnschedulableAndUnresolvable };
    }
    const feasibleCount = this.findNodesThatFitPod(pod, snapshot, state, diagnosis);
    if (feasibleCount < 0) {
      return { kind: 'unschedulable', numAllNodes, diagnosis, code: -feasibleCount as Code };
    }
    if (feasibleCount === 0) {
      let code = Code.UnschedulableAndUnresolvable;
      for (const s of diagnosis.nodeToStatus.values()) {
        if (s.code === Code.Unschedulable) {
          code = Code.Unschedulable;
          break;
        }
      }
      return { kind: 'unschedulable', numAllNodes, diagnosis, code };
    }
    const evaluatedNodes = feasibleCount + diagnosis.nodeToStatus.size;
    // When only one node fits, upstream returns it without scoring.
    if (feasibleCount === 1 && !this.alwaysScore) {
      return {
        kind: 'scheduled',
        node: this.feasible[0] as NodeInfo,
        diagnosis,
        evaluatedNodes,
        feasibleNodes: 1,
      };
    }
    const best = this.prioritizeAndSelect(pod, snapshot, state, feasibleCount);
    return { kind: 'scheduled', node: best, diagnosis, evaluatedNodes, feasibleNodes: feasibleCount };
  }

  /**
   * PreFilter, then Filter over the nodes from the rotating start index until numFeasibleNodesToFind
   * nodes fit. Returns the number of feasible nodes (in this.feasible), or −code when PreFilter rejected
   * the pod outright.
   */
  private findNodesThatFitPod(
    pod: PodInfo,
    snapshot: Snapshot,
    state: CycleState,
    diagnosis: Diagnosis,
  ): number {
    // PreFilter: a rejection applies to every node.
    const rejected = this.runPreFilters(state, pod, snapshot);
    if (rejected !== null) {
      diagnosis.preFilterMsg = rejected.reasons.join(', ');
      diagnosis.unschedulablePlugins.add(rejected.plugin);
      for (const n of snapshot.nodeInfos) diagnosis.nodeToStatus.set(n.node.name, rejected);
      return rejected.isRejection ? -rejected.code : -Code.Error;
    }

    const nodes = snapshot.nodeInfos;
    const n = nodes.length;
    if (this.feasible.length < n) this.feasible = new Array<NodeInfo>(n);
    const feasible = this.feasible;
    let count = 0;

    // A pod with a nominated node (set by preemption) tries that node first (evaluateNominatedNode).
    const nominated = pod.pod.nominatedNodeName;
    if (nominated !== undefined) {
      const info = snapshot.nodeInfo(nominated);
      if (info && this.runFilters(state, pod, info) === null) {
        feasible[0] = info;
        return 1;
      }
    }

    const toFind = numFeasibleNodesToFind(this.percentageOfNodesToScore, n);
    // The filters that run this cycle (PreFilter may have skipped some), gathered once.
    const filters = this.activeFilters;
    filters.length = 0;
    for (const f of this.plugins.filter) if (!state.skipFilterPlugins.has(f.name)) filters.push(f);
    const numFilters = filters.length;
    const withNominated = this.nominatedPods.size > 0;
    const start = this.nextStartNodeIndex % n;
    let examined = 0;
    for (; examined < n && count < toFind; examined++) {
      let i = start + examined;
      if (i >= n) i -= n;
      const node = nodes[i] as NodeInfo;
      const info = withNominated ? this.withNominatedPods(pod, node) : node;
      let rejected: Status | null = null;
      for (let f = 0; f < numFilters; f++) {
        const plugin = filters[f] as FilterPlugin;
        const s = plugin.filter(state, pod, info);
        if (s !== null && s.code !== Code.Success) {
          if (s.plugin === '') s.plugin = plugin.name;
          rejected = s;
          break;
        }
      }
      if (rejected === null) {
        feasible[count++] = node;
      } else {
        diagnosis.nodeToStatus.set(node.node.name, rejected);
        diagnosis.unschedulablePlugins.add(rejected.plugin);
      }
    }
    // upstream: nextStartNodeIndex = (nextStartNodeIndex + processedNodes) % len(allNodes).
    this.nextStartNodeIndex = (start + examined) % n;
    return count;
  }

  /** `info`, or a copy with the nominated pods of priority ≥ the pod's added (rare: allocates). */
  private withNominatedPods(pod: PodInfo, info: NodeInfo): NodeInfo {
    const nominated = this.nominatedPods.get(info.node.name);
    if (!nominated || !(info instanceof MutableNodeInfo)) return info;
    let copy: MutableNodeInfo | undefined;
    for (const n of nominated) {
      if (n.pod.uid === pod.pod.uid || n.pod.spec.priority < pod.pod.spec.priority) continue;
      copy ??= info.clone();
      copy.addPod(n);
    }
    return copy ?? info;
  }

  /** Runs every Filter plugin on one node; null when it fits. */
  runFilters(state: CycleState, pod: PodInfo, info: NodeInfo): Status | null {
    for (const plugin of this.plugins.filter) {
      if (state.skipFilterPlugins.has(plugin.name)) continue;
      const s = plugin.filter(state, pod, info);
      if (s !== null && s.code !== Code.Success) {
        if (s.plugin === '') s.plugin = plugin.name;
        return s;
      }
    }
    return null;
  }

  /**
   * Runs the PreFilter plugins, recording the ones that skip; returns the first rejection (with its
   * plugin set) or null when all pass or skip. Used by each cycle and by preemption's what-if.
   */
  runPreFilters(state: CycleState, pod: PodInfo, snapshot: Snapshot): Status | null {
    for (const p of this.plugins.preFilter) {
      const s = p.preFilter(state, pod, snapshot);
      if (s === null) continue;
      if (s.code === Code.Skip) {
        state.skipFilterPlugins.add(p.name);
        continue;
      }
      if (s.plugin === '') s.plugin = p.name;
      return s;
    }
    return null;
  }

  /**
   * PreScore, Score, NormalizeScore, weighting, then selectHost's reservoir sampling among the top
   * totals. upstream: prioritizeNodes + selectHost (schedule_one.go).
   */
  private prioritizeAndSelect(pod: PodInfo, snapshot: Snapshot, state: CycleState, count: number): NodeInfo {
    const feasible = this.feasible;
    // A reused array of exactly `count` nodes for the plugins that take the feasible list.
    const feasibleView = this.feasibleView;
    feasibleView.length = count;
    for (let i = 0; i < count; i++) feasibleView[i] = feasible[i] as NodeInfo;
    for (const p of this.plugins.preScore) {
      const s = p.preScore(state, pod, feasibleView);
      if (s !== null && s.code === Code.Skip) state.skipScorePlugins.add(p.name);
    }
    if (this.totals.length < count) this.totals = new Float64Array(Math.max(count, this.totals.length * 2));
    const totals = this.totals;
    totals.fill(0, 0, count);
    const record = this.recordScores;
    const raw = record ? new Map<string, Float64Array>() : undefined;
    const byPlugin = record ? new Map<string, Float64Array>() : undefined;
    const weights = record ? new Map<string, number>() : undefined;
    const scorePlugins = this.plugins.score;
    for (let k = 0; k < scorePlugins.length; k++) {
      const { plugin, weight } = scorePlugins[k] as WeightedScorePlugin;
      if (state.skipScorePlugins.has(plugin.name)) continue;
      let row = this.scoreRows[k] as Float64Array;
      if (row.length < count) {
        row = new Float64Array(Math.max(count, row.length * 2));
        this.scoreRows[k] = row;
      }
      if (plugin.scoreAll) plugin.scoreAll(state, pod, feasibleView, snapshot, row);
      else for (let i = 0; i < count; i++) row[i] = plugin.score(state, pod, feasible[i] as NodeInfo);
      raw?.set(plugin.name, row.slice(0, count));
      if (plugin.normalizeScore) {
        const view = row.length === count ? row : row.subarray(0, count);
        plugin.normalizeScore(state, pod, feasibleView, view);
      }
      for (let i = 0; i < count; i++) totals[i] = (totals[i] as number) + weight * (row[i] as number);
      if (byPlugin && weights) {
        byPlugin.set(plugin.name, row.slice(0, count));
        weights.set(plugin.name, weight);
      }
    }
    if (raw && byPlugin && weights) {
      this.lastBreakdown = {
        nodes: feasible.slice(0, count),
        raw,
        byPlugin,
        weights,
        totals: totals.slice(0, count),
      };
    }
    // selectHost: every node tied at the top total is equally likely. Upstream draws once per tie
    // (reservoir sampling); one draw among the counted ties gives the same uniform choice and keeps
    // the cost flat when hundreds of identical nodes tie.
    let maxScore = totals[0] as number;
    let ties = 1;
    for (let i = 1; i < count; i++) {
      const t = totals[i] as number;
      if (t > maxScore) {
        maxScore = t;
        ties = 1;
      } else if (t === maxScore) {
        ties++;
      }
    }
    let pick = ties > 1 ? this.random.int(ties) : 0;
    let selected = 0;
    for (let i = 0; i < count; i++) {
      if ((totals[i] as number) === maxScore && pick-- === 0) {
        selected = i;
        break;
      }
    }
    return feasible[selected] as NodeInfo;
  }
}
