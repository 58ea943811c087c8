import type { Micros } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { ConditionStatus } from '../model/node.js';
import { TAINT_NODE_UNREACHABLE } from '../model/taints.js';

export interface TimelineEntry {
  at: Micros;
  what: string;
}

/** The most entries a report keeps; the rest are counted, so a long run cannot bloat the report. */
export const TIMELINE_LIMIT = 500;

/**
 * Notable cluster events in time order, in words: what a teacher points at when showing how a cluster
 * heals (node crashes, NotReady, taints, evictions, replacements scheduled).
 */
export class Timeline {
  readonly entries: TimelineEntry[] = [];
  dropped = 0;
  private readonly readyBefore = new Map<string, ConditionStatus>();
  private readonly upBefore = new Map<string, boolean>();
  private readonly taintedBefore = new Map<string, boolean>();
  private readonly evicted = new Set<number>();

  constructor(
    cluster: ClusterState,
    private readonly now: () => Micros,
  ) {
    cluster.watch((event) => {
      if (event.type === 'NodeAdded') {
        this.readyBefore.set(event.node.name, event.node.ready);
        this.upBefore.set(event.node.name, event.node.up);
      } else if (event.type === 'NodeUpdated') {
        const { node } = event;
        if (this.upBefore.get(node.name) !== node.up) {
          this.add(
            node.up ? `node ${node.name} is back up (kubelet running)` : `node ${node.name} went down`,
          );
          this.upBefore.set(node.name, node.up);
        }
        if (this.readyBefore.get(node.name) !== node.ready) {
          this.add(`node ${node.name} Ready=${node.ready}`);
          this.readyBefore.set(node.name, node.ready);
        }
        const tainted = node.taints.some((t) => t.key === TAINT_NODE_UNREACHABLE && t.effect === 'NoExecute');
        if ((this.taintedBefore.get(node.name) ?? false) !== tainted) {
          this.add(
            `node ${node.name} ${tainted ? 'tainted' : 'untainted'} ${TAINT_NODE_UNREACHABLE}:NoExecute`,
          );
          this.taintedBefore.set(node.name, tainted);
        }
      } else if (event.type === 'PodUpdated' && event.pod.deletionTimestamp !== undefined) {
        const node = event.pod.nodeName === undefined ? undefined : cluster.node(event.pod.nodeName);
        if (!node || node.ready === 'True' || this.evicted.has(event.pod.uid)) return;
        this.evicted.add(event.pod.uid);
        this.add(`pod ${event.pod.namespace}/${event.pod.name} evicted from ${node.name}`);
      } else if (event.type === 'PodBound' && event.pod.createdAt > 0) {
        this.add(`pod ${event.pod.namespace}/${event.pod.name} scheduled to ${event.pod.nodeName}`);
      }
    });
  }

  add(what: string, at: Micros = this.now()): void {
    if (this.entries.length >= TIMELINE_LIMIT) {
      this.dropped++;
      return;
    }
    this.entries.push({ at, what });
  }
}
