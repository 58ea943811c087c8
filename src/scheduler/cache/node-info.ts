import type { Node } from '../../model/node.js';
import type { NodeInfo } from '../framework/interface.js';
import type { NodeChangeLog } from './node-changes.js';
import type { NodeVectorStore, VectorOwner } from './node-vectors.js';
import type { SchedulerPodInfo } from './pod-info.js';
import { type DynamicResourceIndex, ensureLength } from './resource-index.js';

/**
 * The scheduler's per-node aggregate (upstream framework.NodeInfo): allocatable and summed requests as
 * views of the node's slot in the snapshot's NodeVectorStore (re-taken when the store grows), the pods
 * and the derived lists InterPodAffinity needs. Mutated only by the cache (addPod/removePod/setNode).
 */
export class MutableNodeInfo implements NodeInfo, VectorOwner {
  // Assigned by bindVectors in the constructor.
  allocatable!: Float64Array;
  requested!: Float64Array;
  nonZeroRequested!: Float64Array;
  /** The store holding its vectors; undefined for clones and removed nodes, which own theirs. */
  private store: NodeVectorStore | undefined;
  readonly pods: SchedulerPodInfo[] = [];
  readonly podsWithAffinity: SchedulerPodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: SchedulerPodInfo[] = [];
  readonly usedPorts = new Set<string>();
  /** Bumped on every change (through touch()); lets callers cache per-node derived data. */
  generation = 0;
  /** The stamp of the last change in `changes` (see NodeInfo.changeStamp); set by touch(). */
  changeStamp = 0;

  /** `index` must be a zeroed slot of `store` (see MutableSnapshot.addNode). */
  constructor(
    public index: number,
    public node: Node,
    private readonly resources: DynamicResourceIndex,
    store: NodeVectorStore,
    /** The snapshot's change log, which every touch() is recorded in (clones share it). */
    readonly changes: NodeChangeLog,
  ) {
    this.store = store;
    this.bindVectors(store);
    this.setNode(node);
  }

  /** Points the vectors at slot `index` of `store` (after construction, a move or a relayout). */
  bindVectors(store: NodeVectorStore): void {
    const begin = this.index * store.stride;
    const end = begin + store.stride;
    this.allocatable = store.allocatable.subarray(begin, end);
    this.requested = store.requested.subarray(begin, end);
    this.nonZeroRequested = store.nonZeroRequested.subarray(begin, end);
  }

  /** Gives the node copies of its vectors, off the store (it was removed; its slot is reused). */
  detach(): void {
    this.allocatable = this.allocatable.slice();
    this.requested = this.requested.slice();
    this.nonZeroRequested = this.nonZeroRequested.slice();
    this.store = undefined;
  }

  /** What scheduling reads from the node object; a change in it is what can make pods fit. */
  schedulingFingerprint = '';

  /**
   * Replaces the node object (NodeUpdated): allocatable is re-read, pods stay. Returns whether anything
   * scheduling reads (labels, taints, allocatable, unschedulable) changed, which stands in for
   * upstream's QueueingHints on node updates (a heartbeat or condition change moves no pod).
   */
  setNode(node: Node): boolean {
    this.node = node;
    const fingerprint = JSON.stringify([node.labels, node.taints, node.allocatable, node.unschedulable]);
    const changed = fingerprint !== this.schedulingFingerprint;
    this.schedulingFingerprint = fingerprint;
    for (const name in node.allocatable) this.resources.indexOf(name);
    this.grow();
    this.allocatable.fill(0);
    for (const name in node.allocatable) {
      this.allocatable[this.resources.indexOf(name)] = node.allocatable[name] as number;
    }
    this.touch();
    return changed;
  }

  /** Counts `pod` on this node. */
  addPod(pod: SchedulerPodInfo): void {
    this.grow();
    addInto(this.requested, pod.requests);
    addInto(this.nonZeroRequested, pod.nonZeroRequests);
    this.pods.push(pod);
    if (pod.hasAffinity) this.podsWithAffinity.push(pod);
    if (pod.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pod);
    for (const p of pod.hostPorts) this.usedPorts.add(p);
    this.touch();
  }

  /** Stops counting the pod with this uid; returns whether it was there. */
  removePod(uid: number): boolean {
    const i = this.pods.findIndex((p) => p.pod.uid === uid);
    if (i < 0) return false;
    const pod = this.pods[i] as SchedulerPodInfo;
    this.pods.splice(i, 1);
    subtractFrom(this.requested, pod.requests);
    subtractFrom(this.nonZeroRequested, pod.nonZeroRequests);
    if (pod.hasAffinity) removeByUid(this.podsWithAffinity, uid);
    if (pod.hasRequiredAntiAffinity) removeByUid(this.podsWithRequiredAntiAffinity, uid);
    if (pod.hostPorts.length > 0) {
      // Two pods may hold the same port (both forced here by nodeName): rebuild rather than count.
      this.usedPorts.clear();
      for (const p of this.pods) for (const key of p.hostPorts) this.usedPorts.add(key);
    }
    this.touch();
    return true;
  }

  /** Bumps the generation and records the change in the snapshot's change log. */
  touch(): void {
    this.generation++;
    this.changeStamp = this.changes.record(this);
  }

  /** A copy with its own vectors and lists (for preemption's what-if and nominated pods). */
  clone(): MutableNodeInfo {
    const c = Object.create(MutableNodeInfo.prototype) as MutableNodeInfo;
    Object.assign(c, this);
    c.store = undefined;
    c.allocatable = this.allocatable.slice();
    c.requested = this.requested.slice();
    c.nonZeroRequested = this.nonZeroRequested.slice();
    (c as { pods: SchedulerPodInfo[] }).pods = this.pods.slice();
    (c as { podsWithAffinity: SchedulerPodInfo[] }).podsWithAffinity = this.podsWithAffinity.slice();
    (c as { podsWithRequiredAntiAffinity: SchedulerPodInfo[] }).podsWithRequiredAntiAffinity =
      this.podsWithRequiredAntiAffinity.slice();
    (c as { usedPorts: Set<string> }).usedPorts = new Set(this.usedPorts);
    return c;
  }

  private grow(): void {
    const cap = this.resources.capacity;
    if (this.allocatable.length >= cap) return;
    if (this.store) {
      // Widens every node's slot; this node may not be in the store's owner list yet (constructor).
      this.store.reserve(0);
      this.bindVectors(this.store);
      return;
    }
    this.allocatable = ensureLength(this.allocatable, cap);
    this.requested = ensureLength(this.requested, cap);
    this.nonZeroRequested = ensureLength(this.nonZeroRequested, cap);
  }
}

function addInto(target: Float64Array, add: Float64Array): void {
  const n = Math.min(target.length, add.length);
  for (let i = 0; i < n; i++) target[i] = (target[i] as number) + (add[i] as number);
}

function subtractFrom(target: Float64Array, sub: Float64Array): void {
  const n = Math.min(target.length, sub.length);
  for (let i = 0; i < n; i++) target[i] = (target[i] as number) - (sub[i] as number);
}

function removeByUid(list: SchedulerPodInfo[], uid: number): void {
  const i = list.findIndex((p) => p.pod.uid === uid);
  if (i >= 0) list.splice(i, 1);
}
