import type { Node } from '../../model/node.js';
import type { Pod } from '../../model/pod.js';
import type { NodeInfo, PodSelector, PodSelectorMatches, Snapshot } from '../framework/interface.js';
import { NodeChangeLog } from './node-changes.js';
import { MutableNodeInfo } from './node-info.js';
import { NodeVectorStore } from './node-vectors.js';
import { makePodInfo, type SchedulerPodInfo } from './pod-info.js';
import { PodLabelIndex } from './pod-label-index.js';
import { DynamicResourceIndex } from './resource-index.js';

/**
 * The node list the scheduler works on, kept current incrementally. Upstream copies a Snapshot out of
 * its cache each cycle; kubesim is single-threaded and the cluster changes only between plugin calls, so
 * the cache itself serves as the snapshot (no copy per cycle).
 *
 * Node order: insertion order; deleting a node moves the last node into its slot (O(1)), which is
 * deterministic and only shifts where the next cycle's round-robin start lands.
 */
export class MutableSnapshot implements Snapshot {
  readonly resources: DynamicResourceIndex;
  private readonly list: MutableNodeInfo[] = [];
  /** The NodeInfos' resource vectors, slot i = list[i]. */
  readonly nodeVectors: NodeVectorStore;
  private readonly byName = new Map<string, MutableNodeInfo>();
  /** Every NodeInfo change, for memos that catch up incrementally (NodeMemo). */
  readonly changes = new NodeChangeLog();
  /** The live pods by label, and per selector asked for, the matching pods per node. */
  private readonly podLabels: PodLabelIndex;
  private affinityDirty = true;
  private withAffinity: MutableNodeInfo[] = [];
  private withRequiredAnti: MutableNodeInfo[] = [];

  constructor(resources: DynamicResourceIndex = new DynamicResourceIndex()) {
    this.resources = resources;
    this.nodeVectors = new NodeVectorStore(resources, this.list);
    this.podLabels = new PodLabelIndex(this.list);
  }

  get nodeInfos(): readonly MutableNodeInfo[] {
    return this.list;
  }

  nodeInfo(name: string): MutableNodeInfo | undefined {
    return this.byName.get(name);
  }

  matchingPods(namespace: string, selector: PodSelector): PodSelectorMatches {
    return this.podLabels.matches(namespace, selector);
  }

  get havePodsWithAffinity(): readonly NodeInfo[] {
    this.refreshAffinityLists();
    return this.withAffinity;
  }

  get havePodsWithRequiredAntiAffinity(): readonly NodeInfo[] {
    this.refreshAffinityLists();
    return this.withRequiredAnti;
  }

  /** Adds a node (or replaces its object if already present). */
  addNode(node: Node): MutableNodeInfo {
    const existing = this.byName.get(node.name);
    if (existing) {
      existing.setNode(node);
      return existing;
    }
    const index = this.list.length;
    this.nodeVectors.reserve(index + 1);
    this.nodeVectors.clear(index);
    const info = new MutableNodeInfo(index, node, this.resources, this.nodeVectors, this.changes);
    this.list.push(info);
    this.byName.set(node.name, info);
    return info;
  }

  /**
   * Re-reads the node object (labels, taints, allocatable, unschedulable); returns whether any of those
   * changed (always true for a node not seen before).
   */
  updateNode(node: Node): boolean {
    // Which nodes hold pods with affinity terms does not change: the affinity lists stay valid.
    const existing = this.byName.get(node.name);
    if (!existing) {
      this.addNode(node);
      return true;
    }
    return existing.setNode(node);
  }

  /** Drops the node and the pods counted on it. */
  removeNode(name: string): void {
    const info = this.byName.get(name);
    if (!info) return;
    this.byName.delete(name);
    for (const p of info.pods) this.podLabels.remove(p.pod.uid);
    // Whoever still holds the removed NodeInfo keeps its numbers; its slot goes to the last node.
    info.detach();
    const last = this.list.pop() as MutableNodeInfo;
    if (last !== info) {
      this.nodeVectors.move(last.index, info.index);
      last.index = info.index;
      last.bindVectors(this.nodeVectors);
      this.list[info.index] = last;
      // It moved: memos catching up through the change log must revisit its new position.
      last.touch();
    }
    this.affinityDirty = true;
  }

  /** Counts `pod` on node `nodeName` (ignored when the node is unknown, e.g. already deleted). */
  addPod(pod: Pod, nodeName: string): SchedulerPodInfo | undefined {
    const info = this.byName.get(nodeName);
    if (!info) return undefined;
    const podInfo = makePodInfo(pod, this.resources);
    info.addPod(podInfo);
    this.podLabels.add(pod, info);
    if (podInfo.hasAffinity) this.affinityDirty = true;
    return podInfo;
  }

  /**
   * The pod, counted on `nodeName`, changed status: a terminating pod stays on its node but no longer
   * counts for label selectors. Bumps the node's generation, which per-node memos check.
   */
  updatePod(pod: Pod, nodeName: string): void {
    const info = this.byName.get(nodeName);
    if (!info) return;
    this.podLabels.update(pod);
    info.touch();
  }

  /** Stops counting the pod on `nodeName`. */
  removePod(pod: Pod, nodeName: string): void {
    const info = this.byName.get(nodeName);
    if (!info) return;
    if (!info.removePod(pod.uid)) return;
    this.podLabels.remove(pod.uid);
    if (pod.spec.affinity) this.affinityDirty = true;
  }

  private refreshAffinityLists(): void {
    if (!this.affinityDirty) return;
    this.withAffinity = this.list.filter((n) => n.podsWithAffinity.length > 0);
    this.withRequiredAnti = this.list.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
    this.affinityDirty = false;
  }
}

/**
 * A snapshot of `nodes` with every pod that has a nodeName counted on its node (pods on unknown nodes
 * and pods without a nodeName are ignored). For tests and the explain API.
 */
export function buildSnapshot(nodes: Node[], pods: Pod[]): MutableSnapshot {
  const snapshot = new MutableSnapshot();
  for (const n of nodes) snapshot.addNode(n);
  for (const p of pods) if (p.nodeName !== undefined) snapshot.addPod(p, p.nodeName);
  return snapshot;
}
