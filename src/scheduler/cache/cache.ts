import type { ClusterEvent, ClusterState } from '../../model/cluster-state.js';
import { isTerminal } from '../../model/pod.js';
import { MutableSnapshot } from './snapshot.js';

/**
 * The scheduler cache (upstream pkg/scheduler/backend/cache): a MutableSnapshot kept current from the
 * cluster's watch events. A bound pod counts on its node from PodBound (or PodAdded with a nodeName)
 * until PodDeleted, including while it is terminating (deletionTimestamp set), as upstream — or until
 * it turns Succeeded or Failed: the scheduler's pod informer lists only non-terminal pods
 * (pkg/scheduler/scheduler.go newPodInformer, field selector status.phase!=Succeeded,Failed), so a
 * finished pod is a delete to it.
 */
export class SchedulerCache {
  readonly snapshot = new MutableSnapshot();
  /** uid → node the pod is counted on; guards against double counting. */
  private readonly placed = new Map<number, string>();

  /** Loads the current state of `cluster`; call `handle` with each later event (or use `attach`). */
  constructor(private readonly cluster: ClusterState) {
    for (const node of cluster.nodes) this.snapshot.addNode(node);
    for (const pod of cluster.pods)
      if (pod.nodeName !== undefined && !isTerminal(pod)) this.place(pod.uid, pod, pod.nodeName);
  }

  /** Registers the cache as a watcher of its cluster. */
  attach(): this {
    this.cluster.watch((e) => this.handle(e));
    return this;
  }

  /**
   * Applies one cluster event. Returns false for a NodeUpdated that changed nothing scheduling reads
   * (so the scheduler need not retry unschedulable pods), true otherwise.
   */
  handle(event: ClusterEvent): boolean {
    switch (event.type) {
      case 'NodeAdded': {
        this.snapshot.addNode(event.node);
        for (const pod of this.cluster.podsOnNode(event.node.name)) this.place(pod.uid, pod, event.node.name);
        break;
      }
      case 'NodeUpdated':
        return this.snapshot.updateNode(event.node);
      case 'NodeDeleted': {
        this.snapshot.removeNode(event.node.name);
        for (const [uid, nodeName] of this.placed) if (nodeName === event.node.name) this.placed.delete(uid);
        break;
      }
      case 'PodAdded':
      case 'PodBound':
      case 'PodUpdated':
        if (isTerminal(event.pod)) this.unplace(event.pod);
        else if (event.pod.nodeName !== undefined) this.place(event.pod.uid, event.pod, event.pod.nodeName);
        break;
      case 'PodDeleted':
        this.unplace(event.pod);
        break;
    }
    return true;
  }

  /** The pod no longer counts on its node (deleted, or finished). */
  private unplace(pod: Parameters<MutableSnapshot['removePod']>[0] & { uid: number }): void {
    const nodeName = this.placed.get(pod.uid);
    if (nodeName !== undefined) {
      this.snapshot.removePod(pod, nodeName);
      this.placed.delete(pod.uid);
    }
  }

  private place(uid: number, pod: Parameters<MutableSnapshot['addPod']>[0], nodeName: string): void {
    if (this.placed.get(uid) === nodeName) {
      // Already counted: a status change (deletionTimestamp) still changes what plugins count on the
      // node (PodTopologySpread skips terminating pods).
      this.snapshot.updatePod(pod, nodeName);
      return;
    }
    if (!this.snapshot.nodeInfo(nodeName)) return;
    this.snapshot.addPod(pod, nodeName);
    this.placed.set(uid, nodeName);
  }
}
