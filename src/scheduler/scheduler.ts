import type { ApiServer } from '../api/api-server.js';
import type { RandomStream } from '../engine/random.js';
import type { ScheduledEvent, Simulation } from '../engine/simulation.js';
import { MICROS_PER_SECOND } from '../engine/time.js';
import { kubernetesMinor } from '../model/cluster-input.js';
import type { ClusterEvent, ClusterState } from '../model/cluster-state.js';
import { isTerminal, type Pod } from '../model/pod.js';
import type { KubeSchedulerConfiguration } from '../model/scheduler-config.js';
import { SchedulerCache } from './cache/cache.js';
import { makePodInfo, type SchedulerPodInfo } from './cache/pod-info.js';
import { type ResolvedSchedulerConfiguration, resolveSchedulerConfiguration } from './config/resolve.js';
import {
  POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_SECONDS,
  POP_FROM_BACKOFF_Q_MINOR,
  UNSCHEDULABLE_FLUSH_PERIOD_SECONDS,
} from './defaults.js';
import { type BuiltProfile, buildFramework } from './framework/build.js';
import type { FrameworkHandle } from './framework/interface.js';
import { fitErrorMessage, type ScheduleResult, type ScoreBreakdown } from './framework/runner.js';
import { Code } from './framework/status.js';
import { Names } from './names.js';
import { NOT_ELIGIBLE_TERMINATING, preempt } from './preemption.js';
import { type QueuedPodInfo, SchedulingQueue } from './queue/scheduling-queue.js';
import { inTreeRegistry, type PluginRegistry } from './registry.js';

/** kube-scheduler: ErrNoNodesAvailable (schedule_one.go). */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** What the Scheduler needs: the cluster, the engine, its random stream, and the configuration. */
export interface SchedulerOptions {
  /** The store the scheduler's cache follows. */
  cluster: ClusterState;
  /** Where it writes: bindings, FailedScheduling status, preemption victims' deletion. */
  api: ApiServer;
  sim: Simulation;
  /** The tie-break stream ("scheduler/tie-break"). */
  random: RandomStream;
  /** KubeSchedulerConfiguration as written; defaults filled in once here. @default one default profile */
  configuration?: KubeSchedulerConfiguration;
  /** Kubernetes version ("1.36"), for version-dependent behaviour. */
  kubernetesVersion: string;
  /** The plugins this scheduler can run (out-of-tree ones added with `inTreeRegistry().with(…)`). @default inTreeRegistry() */
  registry?: PluginRegistry;
}

/** Counters for metrics. */
export interface SchedulerStats {
  /** Scheduling cycles run (one pod each). */
  attempts: number;
  /** Pods bound. */
  scheduled: number;
  /** Cycles that found no node. */
  failed: number;
  /** Preemptions carried out (one per preemptor cycle that evicted victims). */
  preemptions: number;
  /** Pods evicted by preemption. */
  victims: number;
}

/** What one scheduling cycle decided, as a CycleObserver sees it. */
export interface CycleRecord {
  readonly pod: Pod;
  readonly result: ScheduleResult;
  /** Each score plugin's scores, when the observer asked to explain this pod and the cycle scored. */
  readonly scores: ScoreBreakdown | undefined;
  /** The FailedScheduling message written on the pod; null when the pod was bound. */
  readonly message: string | null;
  /** Preemption carried out in this cycle: the node the pod is nominated to, and the victims evicted. */
  readonly preemption: { readonly node: string; readonly victims: readonly Pod[] } | undefined;
}

/**
 * Watches the Scheduler's cycles (explainScheduling): `explain` is asked before each cycle whether to
 * keep every node's scores for that pod (and score even a single feasible node, which upstream skips;
 * the decision is the same), `observe` is told the outcome after it.
 */
export interface CycleObserver {
  explain(pod: Pod): boolean;
  observe(record: CycleRecord): void;
}

/**
 * The kube-scheduler, driven by the engine. It watches the cluster (through its cache), queues pending
 * pods whose schedulerName matches a profile, and runs one scheduling cycle per engine event at the
 * current simulated time (scheduling takes no simulated time). A cycle: pop the queue, run the
 * profile's framework, bind with cluster.bindPod, or record the FitError message on the pod, try
 * DefaultPreemption, and requeue. Pods bound at creation (spec.nodeName) are not its business.
 */
export class Scheduler {
  readonly stats: SchedulerStats = { attempts: 0, scheduled: 0, failed: 0, preemptions: 0, victims: 0 };
  /** The resolved configuration (defaults applied). */
  readonly configuration: ResolvedSchedulerConfiguration;
  private readonly cluster: ClusterState;
  private readonly api: ApiServer;
  private readonly sim: Simulation;
  private readonly cache: SchedulerCache;
  private readonly queue: SchedulingQueue;
  private readonly profiles = new Map<string, BuiltProfile>();
  private readonly nominated = new Map<string, SchedulerPodInfo[]>();
  private cycleEvent: ScheduledEvent | undefined;
  private backoffTimer: ScheduledEvent | undefined;
  private flushTimer: ScheduledEvent | undefined;
  private started = false;
  private paused = false;
  private observer: CycleObserver | undefined;

  /** Resolves the configuration (throws SchedulerConfigError when invalid) and builds the profiles. */
  constructor(options: SchedulerOptions) {
    this.cluster = options.cluster;
    this.api = options.api;
    this.sim = options.sim;
    const registry = options.registry ?? inTreeRegistry();
    this.configuration = resolveSchedulerConfiguration(options.configuration, registry);
    const minor = kubernetesMinor(options.kubernetesVersion);
    this.cache = new SchedulerCache(options.cluster);
    const snapshot = this.cache.snapshot;
    const handle: FrameworkHandle = {
      snapshot: () => snapshot,
      cluster: options.cluster,
      random: options.random,
    };
    for (const p of this.configuration.profiles) {
      const built = buildFramework(
        p,
        registry,
        { handle, resources: snapshot.resources, kubernetesMinor: minor },
        options.random,
      );
      built.framework.nominatedPods = this.nominated;
      this.profiles.set(p.schedulerName, built);
    }
    // The cache follows the cluster from construction, so nodes added before start() are known.
    this.cluster.watch((e) => {
      const relevant = this.cache.handle(e);
      if (this.started && relevant) this.onEvent(e);
    });
    this.queue = new SchedulingQueue({
      podInitialBackoffSeconds: this.configuration.podInitialBackoffSeconds,
      podMaxBackoffSeconds: this.configuration.podMaxBackoffSeconds,
      popFromBackoffQ: minor >= POP_FROM_BACKOFF_Q_MINOR,
      maxInUnschedulableSeconds: POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_SECONDS,
    });
  }

  /** Starts watching the cluster and queues the pods already pending. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const pod of this.cluster.pods) if (this.responsibleFor(pod)) this.queue.add(pod, this.sim.now);
    this.kick();
  }

  /** Stops scheduling (control plane down); the cache and queue keep following the cluster. */
  pause(): void {
    this.paused = true;
    this.cycleEvent?.cancel();
    this.cycleEvent = undefined;
  }

  /** Resumes scheduling after pause(). */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.kick();
  }

  /** Reports every following cycle to `observer` (one at a time: a new one replaces the previous; undefined stops). */
  observe(observer: CycleObserver | undefined): void {
    this.observer = observer;
  }

  /** Whether a profile schedules pods of this schedulerName. */
  hasProfile(schedulerName: string): boolean {
    return this.profiles.has(schedulerName);
  }

  /** Pending pods the queue holds (active, backing off, unschedulable or in flight). */
  get pendingPods(): number {
    return this.queue.size;
  }

  private responsibleFor(pod: Pod): boolean {
    return (
      pod.nodeName === undefined &&
      pod.deletionTimestamp === undefined &&
      this.profiles.has(pod.spec.schedulerName)
    );
  }

  private onEvent(e: ClusterEvent): void {
    const now = this.sim.now;
    switch (e.type) {
      case 'PodAdded':
        if (this.responsibleFor(e.pod)) {
          this.queue.add(e.pod, now);
          this.kick();
        } else if (e.pod.nodeName !== undefined) {
          this.onAssignedPodAdded();
        }
        return;
      case 'PodBound':
        this.queue.delete(e.pod);
        this.clearNomination(e.pod);
        this.onAssignedPodAdded();
        return;
      case 'PodUpdated':
        if (e.pod.nodeName === undefined && !this.responsibleFor(e.pod)) {
          this.queue.delete(e.pod);
          this.clearNomination(e.pod);
        }
        // A bound pod that finished is a delete to the scheduler's informer (see SchedulerCache).
        if (e.pod.nodeName !== undefined && isTerminal(e.pod) && !isTerminal(e.old)) this.moveAll();
        return;
      case 'PodDeleted':
        this.queue.delete(e.pod);
        this.clearNomination(e.pod);
        // AssignedPodDelete frees room: every unschedulable pod may fit now.
        if (e.pod.nodeName !== undefined) this.moveAll();
        return;
      case 'NodeAdded':
      case 'NodeUpdated':
        this.moveAll();
        return;
      case 'NodeDeleted':
        return;
    }
  }

  /** AssignedPodAdd helps only pods rejected by inter-pod constraints (affinity, topology spread). */
  private onAssignedPodAdded(): void {
    if (this.queue.unschedulableLength === 0) return;
    const moved = this.queue.moveAllToActiveOrBackoff(
      this.sim.now,
      (q) =>
        q.unschedulablePlugins.has(Names.InterPodAffinity) ||
        q.unschedulablePlugins.has(Names.PodTopologySpread),
    );
    if (moved > 0) this.kick();
  }

  private moveAll(): void {
    if (this.queue.moveAllToActiveOrBackoff(this.sim.now) > 0) this.kick();
  }

  private clearNomination(pod: Pod): void {
    const node = pod.nominatedNodeName;
    if (node === undefined) return;
    const list = this.nominated.get(node);
    if (!list) return;
    const i = list.findIndex((p) => p.pod.uid === pod.uid);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.nominated.delete(node);
  }

  /** Ensures a cycle is queued on the engine when there is work, and timers for backoff and flushing. */
  private kick(): void {
    if (!this.started || this.paused) return;
    const now = this.sim.now;
    if (this.cycleEvent === undefined && (this.queue.activeLength > 0 || this.canPopBackoff())) {
      this.cycleEvent = this.sim.schedule(0, () => {
        this.cycleEvent = undefined;
        this.scheduleOne();
        this.kick();
      });
    }
    const expiry = this.queue.nextBackoffExpiry();
    if (expiry !== undefined && (this.backoffTimer === undefined || this.backoffTimer.time > expiry)) {
      this.backoffTimer?.cancel();
      this.backoffTimer = this.sim.scheduleAt(Math.max(now, expiry), () => {
        this.backoffTimer = undefined;
        this.queue.flushBackoffCompleted(this.sim.now);
        this.kick();
      });
    }
    if (this.flushTimer === undefined && this.queue.unschedulableLength > 0) {
      this.flushTimer = this.sim.schedule(UNSCHEDULABLE_FLUSH_PERIOD_SECONDS * MICROS_PER_SECOND, () => {
        this.flushTimer = undefined;
        this.queue.flushUnschedulableLeftover(this.sim.now);
        this.kick();
      });
    }
  }

  private canPopBackoff(): boolean {
    return this.queue.backoffLength > 0 && this.queue.popsFromBackoffQ;
  }

  /** One scheduling cycle (upstream ScheduleOne): pop, schedule, bind or record failure and requeue. */
  private scheduleOne(): void {
    const q = this.queue.pop();
    if (!q) return;
    const pod = q.pod;
    if (!this.responsibleFor(pod) || this.cluster.pod(`${pod.namespace}/${pod.name}`) !== pod) {
      this.queue.done(q);
      return;
    }
    const built = this.profiles.get(pod.spec.schedulerName) as BuiltProfile;
    const now = this.sim.now;
    this.stats.attempts++;
    const podInfo = makePodInfo(pod, this.cache.snapshot.resources);
    const framework = built.framework;
    const observer = this.observer;
    if (observer !== undefined) {
      const explain = observer.explain(pod);
      framework.recordScores = explain;
      framework.alwaysScore = explain;
    }
    const result = framework.schedulePod(podInfo, this.cache.snapshot);
    if (result.kind === 'scheduled') {
      this.queue.done(q);
      this.clearNomination(pod);
      this.stats.scheduled++;
      observer?.observe({ pod, result, scores: framework.lastScores, message: null, preemption: undefined });
      // A refused binding (no quorum) leaves the pod pending; the queue retries it after backoff.
      if (!this.api.bind(pod, result.node.node.name).ok) this.queue.requeueFailed(q, now, new Set());
      return;
    }
    this.stats.failed++;
    let postFilterMsg = '';
    let nominatedNode: string | undefined;
    let victims: readonly Pod[] = [];
    // Upstream clears a stale nomination when preemption finds nothing (PostFilterResult with an empty
    // nominated node), but keeps it while the pod waits for its victims to terminate.
    let clearNominated = false;
    if (built.preemption && result.code !== Code.Error && result.numAllNodes > 0) {
      const p = preempt(podInfo, built.framework, this.cache.snapshot, result.diagnosis, this.cluster);
      postFilterMsg = p.message;
      if (p.nominatedNode !== undefined && p.victims.length > 0) {
        nominatedNode = p.nominatedNode;
        victims = p.victims;
        this.stats.preemptions++;
        this.stats.victims += p.victims.length;
        // prepareCandidate upstream: victims are deleted gracefully through the API.
        for (const v of p.victims) this.api.deletePod(v);
      } else if (p.message !== `preemption: ${NOT_ELIGIBLE_TERMINATING}`) {
        clearNominated = true;
      }
    }
    const message =
      result.numAllNodes === 0
        ? ERR_NO_NODES_AVAILABLE
        : fitErrorMessage(result.numAllNodes, result.diagnosis, postFilterMsg);
    observer?.observe({
      pod,
      result,
      scores: framework.lastScores,
      message,
      preemption: nominatedNode === undefined ? undefined : { node: nominatedNode, victims },
    });
    this.clearNomination(pod);
    this.api.updatePod(pod, (x) => {
      x.unschedulableMessage = message;
      if (nominatedNode !== undefined) x.nominatedNodeName = nominatedNode;
      else if (clearNominated) x.nominatedNodeName = undefined;
    });
    if (pod.nominatedNodeName !== undefined) {
      const list = this.nominated.get(pod.nominatedNodeName) ?? [];
      list.push(podInfo);
      this.nominated.set(pod.nominatedNodeName, list);
    }
    this.queue.requeueFailed(q, now, result.diagnosis.unschedulablePlugins);
  }

  /** For tests: the queue entry of a pod. */
  queued(pod: Pod): QueuedPodInfo | undefined {
    return this.queue.get(pod);
  }
}
