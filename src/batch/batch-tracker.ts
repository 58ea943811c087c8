import type { Micros } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import { isTerminal, type Pod, type PodSpec } from '../model/pod.js';
import { CPU, podRequests } from '../model/resources.js';
import { ClusterIntegral } from './cluster-integral.js';

/** What one group of batch pods (a Job's, or the trace's) did over the run. */
export interface BatchGroupResult {
  /** "Job" with the Job's "namespace/name", or "PodTrace" with the trace file. */
  kind: 'Job' | 'PodTrace';
  name: string;
  pods: number;
  succeeded: number;
  /** Failed, or deleted before finishing. */
  failed: number;
  /** Still Pending (never started) at the end. */
  pendingAtEnd: number;
  /** Time in phase Pending (created → containers running) of each pod that started, sorted, µs. */
  pendingTimes: Micros[];
  firstCreatedAt: Micros | null;
  lastFinishedAt: Micros | null;
  /** Σ cpu requests × time bound and not finished, millicore-seconds. */
  requestedCpuMilliSeconds: number;
  /** The cluster's allocatable millicore-seconds and node cost over [firstCreatedAt, lastFinishedAt]. */
  allocatableCpuMilliSeconds: number;
  cost: number;
}

interface Group {
  kind: BatchGroupResult['kind'];
  name: string;
  pods: number;
  succeeded: number;
  failed: number;
  pendingTimes: Micros[];
  firstCreatedAt: Micros | null;
  lastFinishedAt: Micros | null;
  cpuMilliSeconds: number;
  /** Bound, not finished pods: when their requests started counting. */
  holding: Map<Pod, Micros>;
  waiting: Set<Pod>;
}

/**
 * Watches the pods of Jobs and of the pod trace and measures each group: outcomes, pending times
 * (phase Pending: creation → containers running, so it includes the start-up time), makespan (first
 * pod created → last pod finished), the CPU they requested while bound and what the cluster had and
 * cost over the makespan (docs/batch.md).
 */
export class BatchTracker {
  private readonly groups = new Map<string, Group>();
  private readonly requestsBySpec = new WeakMap<PodSpec, number>();
  private readonly integral: ClusterIntegral;

  constructor(
    cluster: ClusterState,
    private readonly now: () => Micros,
    /** The group of a pod (Job pods, trace pods), or undefined for pods that are not batch work. */
    private readonly groupOf: (pod: Pod) => { kind: BatchGroupResult['kind']; name: string } | undefined,
  ) {
    this.integral = new ClusterIntegral(cluster, now);
    cluster.watch((event) => {
      switch (event.type) {
        case 'PodAdded':
          this.added(event.pod);
          return;
        case 'PodBound':
          this.bound(event.pod);
          return;
        case 'PodUpdated':
          if (event.pod.startedAt !== undefined && event.old.startedAt === undefined) this.started(event.pod);
          if (isTerminal(event.pod) && !isTerminal(event.old))
            this.ended(event.pod, event.pod.phase === 'Succeeded');
          return;
        case 'PodDeleted':
          if (!isTerminal(event.pod)) this.ended(event.pod, false);
          return;
      }
    });
  }

  /** Registers a group so it is reported even if no pod of it was created. */
  declare(kind: BatchGroupResult['kind'], name: string): void {
    this.group({ kind, name });
  }

  private group(id: { kind: BatchGroupResult['kind']; name: string }): Group {
    const key = `${id.kind}/${id.name}`;
    let g = this.groups.get(key);
    if (!g) {
      g = {
        ...id,
        pods: 0,
        succeeded: 0,
        failed: 0,
        pendingTimes: [],
        firstCreatedAt: null,
        lastFinishedAt: null,
        cpuMilliSeconds: 0,
        holding: new Map(),
        waiting: new Set(),
      };
      this.groups.set(key, g);
    }
    return g;
  }

  private find(pod: Pod): Group | undefined {
    const id = this.groupOf(pod);
    return id && this.group(id);
  }

  private added(pod: Pod): void {
    const g = this.find(pod);
    if (!g) return;
    g.pods++;
    g.firstCreatedAt ??= pod.createdAt;
    g.waiting.add(pod);
    if (pod.nodeName !== undefined) g.holding.set(pod, this.now());
  }

  private bound(pod: Pod): void {
    this.find(pod)?.holding.set(pod, this.now());
  }

  private started(pod: Pod): void {
    const g = this.find(pod);
    if (!g?.waiting.delete(pod)) return;
    g.pendingTimes.push((pod.startedAt as Micros) - pod.createdAt);
  }

  private ended(pod: Pod, succeeded: boolean): void {
    const g = this.find(pod);
    if (!g) return;
    if (succeeded) g.succeeded++;
    else g.failed++;
    g.waiting.delete(pod);
    const now = this.now();
    g.lastFinishedAt = Math.max(g.lastFinishedAt ?? now, now);
    this.release(g, pod, now);
  }

  private release(g: Group, pod: Pod, now: Micros): void {
    const since = g.holding.get(pod);
    if (since === undefined) return;
    g.holding.delete(pod);
    g.cpuMilliSeconds += (this.cpuOf(pod.spec) * (now - since)) / 1e6;
  }

  private cpuOf(spec: PodSpec): number {
    let cpu = this.requestsBySpec.get(spec);
    if (cpu === undefined) {
      cpu = podRequests(spec.containers, spec.initContainers, spec.overhead)[CPU] ?? 0;
      this.requestsBySpec.set(spec, cpu);
    }
    return cpu;
  }

  /** Every group, in the order first seen; pods still bound at `end` count their requests up to it. */
  finish(end: Micros): BatchGroupResult[] {
    return [...this.groups.values()].map((g) => {
      for (const pod of [...g.holding.keys()]) this.release(g, pod, end);
      const window =
        g.firstCreatedAt === null
          ? { cpuMilliSeconds: 0, cost: 0 }
          : this.integral.over(g.firstCreatedAt, g.lastFinishedAt ?? end);
      return {
        kind: g.kind,
        name: g.name,
        pods: g.pods,
        succeeded: g.succeeded,
        failed: g.failed,
        pendingAtEnd: g.waiting.size,
        pendingTimes: [...g.pendingTimes].sort((a, b) => a - b),
        firstCreatedAt: g.firstCreatedAt,
        lastFinishedAt: g.lastFinishedAt,
        requestedCpuMilliSeconds: g.cpuMilliSeconds,
        allocatableCpuMilliSeconds: window.cpuMilliSeconds,
        cost: window.cost,
      };
    });
  }
}
