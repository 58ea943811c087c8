import type { Micros } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import { LABEL_NODE_POOL, type Node, nodeZone } from '../model/node.js';
import { isTerminal, type Pod, type PodSpec } from '../model/pod.js';
import { CPU, MEMORY, podRequests } from '../model/resources.js';
import { TimeWeightedValue } from './time-weighted.js';

export interface NodeUtilisation {
  node: string;
  pool: string;
  zone: string;
  /** Time-average of Σ pod cpu requests / allocatable cpu over the node's life in the window. */
  cpuRequested: number;
  memoryRequested: number;
  maxCpuRequested: number;
  maxMemoryRequested: number;
}

export interface UtilisationMetrics {
  /** Cluster-wide Σ requested / Σ allocatable, time-averaged (mean) and at its peak (max). */
  cpuRequested: { mean: number; max: number };
  memoryRequested: { mean: number; max: number };
  nodes: NodeUtilisation[];
}

export interface CostMetrics {
  /** USD over the window. */
  total: number;
  perHour: number;
  nodeHours: number;
  byPool: Record<string, { nodeHours: number; cost: number }>;
}

interface NodeTrack {
  node: Node;
  cpu: number;
  memory: number;
  cpuRatio: TimeWeightedValue;
  memoryRatio: TimeWeightedValue;
  alive: TimeWeightedValue;
}

/** Requested-resource utilisation per node and cluster, and node cost, integrated exactly over time. */
export class UtilisationTracker {
  private readonly nodes = new Map<string, NodeTrack>();
  private readonly requestsBySpec = new WeakMap<PodSpec, Record<string, number>>();
  private readonly clusterCpu: TimeWeightedValue;
  private readonly clusterMemory: TimeWeightedValue;
  private totals = { cpu: 0, memory: 0, allocCpu: 0, allocMemory: 0 };
  /** Machines paid for before their Node registers (the cluster-autoscaler's provisioning ones). */
  private readonly machines: { pool: string; pricePerHour: number; alive: TimeWeightedValue }[] = [];

  constructor(
    cluster: ClusterState,
    private readonly now: () => Micros,
    private readonly windowStart: Micros,
  ) {
    this.clusterCpu = new TimeWeightedValue(0, now(), windowStart);
    this.clusterMemory = new TimeWeightedValue(0, now(), windowStart);
    for (const node of cluster.nodes) this.addNode(node);
    for (const pod of cluster.pods) if (pod.nodeName !== undefined) this.addPod(pod, 1);
    cluster.watch((event) => {
      switch (event.type) {
        case 'NodeAdded':
          this.addNode(event.node);
          break;
        case 'NodeDeleted':
          this.removeNode(event.node);
          break;
        case 'PodBound':
          this.addPod(event.pod, 1);
          break;
        case 'PodAdded':
          if (event.pod.nodeName !== undefined) this.addPod(event.pod, 1);
          break;
        case 'PodUpdated':
          // A finished pod frees its requests (it stops counting before its object is deleted).
          if (event.pod.nodeName !== undefined && isTerminal(event.pod) && !isTerminal(event.old))
            this.addPod(event.pod, -1);
          break;
        case 'PodDeleted':
          if (event.pod.nodeName !== undefined && !isTerminal(event.pod)) this.addPod(event.pod, -1);
          break;
      }
    });
  }

  private requests(spec: PodSpec): Record<string, number> {
    let r = this.requestsBySpec.get(spec);
    if (!r) {
      r = podRequests(spec.containers, spec.initContainers, spec.overhead);
      this.requestsBySpec.set(spec, r);
    }
    return r;
  }

  private addNode(node: Node): void {
    const t0 = this.now();
    this.nodes.set(node.name, {
      node,
      cpu: 0,
      memory: 0,
      cpuRatio: new TimeWeightedValue(0, t0, this.windowStart),
      memoryRatio: new TimeWeightedValue(0, t0, this.windowStart),
      alive: new TimeWeightedValue(1, t0, this.windowStart),
    });
    this.totals.allocCpu += node.allocatable[CPU] ?? 0;
    this.totals.allocMemory += node.allocatable[MEMORY] ?? 0;
    this.updateCluster();
  }

  private removeNode(node: Node): void {
    const t = this.nodes.get(node.name);
    if (!t) return;
    t.alive.set(0, this.now());
    this.totals.allocCpu -= node.allocatable[CPU] ?? 0;
    this.totals.allocMemory -= node.allocatable[MEMORY] ?? 0;
    this.totals.cpu -= t.cpu;
    this.totals.memory -= t.memory;
    t.cpu = 0;
    t.memory = 0;
    this.updateCluster();
  }

  private addPod(pod: Pod, sign: 1 | -1): void {
    const t = this.nodes.get(pod.nodeName as string);
    if (!t || t.alive.current === 0) return;
    const r = this.requests(pod.spec);
    const cpu = sign * (r[CPU] ?? 0);
    const memory = sign * (r[MEMORY] ?? 0);
    t.cpu += cpu;
    t.memory += memory;
    this.totals.cpu += cpu;
    this.totals.memory += memory;
    const now = this.now();
    t.cpuRatio.set(ratio(t.cpu, t.node.allocatable[CPU]), now);
    t.memoryRatio.set(ratio(t.memory, t.node.allocatable[MEMORY]), now);
    this.updateCluster();
  }

  private updateCluster(): void {
    const now = this.now();
    this.clusterCpu.set(ratio(this.totals.cpu, this.totals.allocCpu), now);
    this.clusterMemory.set(ratio(this.totals.memory, this.totals.allocMemory), now);
  }

  /** Pays for a machine that has no Node yet, from now until the returned function is called. */
  chargeMachine(pool: string, pricePerHour: number): () => void {
    const alive = new TimeWeightedValue(1, this.now(), this.windowStart);
    this.machines.push({ pool, pricePerHour, alive });
    return () => alive.set(0, this.now());
  }

  finish(end: Micros): { utilisation: UtilisationMetrics; cost: CostMetrics } {
    const nodes: NodeUtilisation[] = [];
    const byPool: Record<string, { nodeHours: number; cost: number }> = {};
    let total = 0;
    let nodeHours = 0;
    for (const t of this.nodes.values()) {
      const pool = t.node.pool ?? t.node.labels[LABEL_NODE_POOL] ?? '';
      const hours = t.alive.area(end) / 3.6e9;
      const cost = hours * t.node.pricePerHour;
      const entry = byPool[pool] ?? { nodeHours: 0, cost: 0 };
      entry.nodeHours += hours;
      entry.cost += cost;
      byPool[pool] = entry;
      total += cost;
      nodeHours += hours;
      const cpu = t.cpuRatio.summary(end);
      const memory = t.memoryRatio.summary(end);
      if (!cpu || !memory) continue;
      nodes.push({
        node: t.node.name,
        pool,
        zone: nodeZone(t.node),
        cpuRequested: cpu.mean,
        memoryRequested: memory.mean,
        maxCpuRequested: cpu.max,
        maxMemoryRequested: memory.max,
      });
    }
    for (const m of this.machines) {
      const hours = m.alive.area(end) / 3.6e9;
      const entry = byPool[m.pool] ?? { nodeHours: 0, cost: 0 };
      entry.nodeHours += hours;
      entry.cost += hours * m.pricePerHour;
      byPool[m.pool] = entry;
      total += hours * m.pricePerHour;
      nodeHours += hours;
    }
    const windowHours = Math.max(0, end - this.windowStart) / 3.6e9;
    const cpu = this.clusterCpu.summary(end) ?? { mean: 0, max: 0 };
    const memory = this.clusterMemory.summary(end) ?? { mean: 0, max: 0 };
    return {
      utilisation: {
        cpuRequested: { mean: cpu.mean, max: cpu.max },
        memoryRequested: { mean: memory.mean, max: memory.max },
        nodes,
      },
      cost: { total, perHour: windowHours > 0 ? total / windowHours : 0, nodeHours, byPool },
    };
  }
}

function ratio(used: number, allocatable: number | undefined): number {
  return allocatable ? used / allocatable : 0;
}
