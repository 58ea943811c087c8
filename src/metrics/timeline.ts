import { formatDuration, type Micros } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Taint } from '../model/taints.js';

/**
 * One notable change, as data: what changed (`kind`) on which `object` ("node/p-0",
 * "pod/default/web-abc"), from what to what, and why when it is not obvious. The report turns entries
 * into sentences.
 */
export interface TimelineEntry {
  at: Micros;
  kind:
    | 'Fault'
    | 'MachineDown'
    | 'MachineUp'
    | 'NodeReady'
    | 'NodeTainted'
    | 'NodeUntainted'
    | 'Operation'
    | 'PodEvicted'
    | 'PodScheduled'
    | 'ReplicaSetScaled'
    | 'DeploymentProgressing';
  object: string;
  from?: string;
  to?: string;
  reason?: string;
}

/** The most entries a report keeps; the rest are counted, so a long run cannot bloat the report. */
export const TIMELINE_LIMIT = 500;

function taintText(t: Taint): string {
  return `${t.key}:${t.effect}`;
}

/**
 * Notable cluster events in time order: what a teacher points at when showing how a cluster heals
 * (machines going down, Ready changes, taints, evictions, replacements scheduled).
 */
export class Timeline {
  readonly entries: TimelineEntry[] = [];
  dropped = 0;
  private readonly evicted = new Set<number>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly now: () => Micros,
    private readonly gracePeriod: Micros,
  ) {
    cluster.watch((event) => {
      switch (event.type) {
        case 'MachineUpdated':
          this.add({
            kind: event.machine.up ? 'MachineUp' : 'MachineDown',
            object: `node/${event.machine.name}`,
          });
          break;
        case 'NodeUpdated': {
          const { node, old } = event;
          if (old.ready !== node.ready) {
            this.add({
              kind: 'NodeReady',
              object: `node/${node.name}`,
              from: old.ready,
              to: node.ready,
              reason: node.ready === 'Unknown' ? this.staleLeaseReason(node.name) : undefined,
            });
          }
          const before = new Set(old.taints.map(taintText));
          const after = new Set(node.taints.map(taintText));
          for (const t of after)
            if (!before.has(t)) this.add({ kind: 'NodeTainted', object: `node/${node.name}`, to: t });
          for (const t of before)
            if (!after.has(t)) this.add({ kind: 'NodeUntainted', object: `node/${node.name}`, from: t });
          break;
        }
        case 'PodUpdated': {
          const { pod, old } = event;
          if (pod.deletionTimestamp === undefined || old.deletionTimestamp !== undefined) break;
          const node = pod.nodeName === undefined ? undefined : cluster.node(pod.nodeName);
          if (!node || node.ready === 'True' || this.evicted.has(pod.uid)) break;
          this.evicted.add(pod.uid);
          this.add({
            kind: 'PodEvicted',
            object: `pod/${pod.namespace}/${pod.name}`,
            from: node.name,
            reason: `node ${node.name} is tainted and the pod's toleration ran out`,
          });
          break;
        }
        case 'PodBound':
          if (event.pod.createdAt > 0)
            this.add({
              kind: 'PodScheduled',
              object: `pod/${event.pod.namespace}/${event.pod.name}`,
              to: event.pod.nodeName,
            });
          break;
      }
    });
  }

  /** Why a node went Unknown: no Lease renewal seen for longer than the grace period. */
  private staleLeaseReason(nodeName: string): string {
    const renewed = this.cluster.leaseRenewTime(nodeName, this.now());
    const grace = `node-monitor-grace-period ${formatDuration(this.gracePeriod)}, checked every 5s`;
    if (renewed === undefined) return `no Lease renewal yet; ${grace}`;
    return `last Lease renewal at ${formatDuration(renewed)}; ${grace}`;
  }

  add(entry: Omit<TimelineEntry, 'at'>, at: Micros = this.now()): void {
    if (this.entries.length >= TIMELINE_LIMIT) {
      this.dropped++;
      return;
    }
    const e: TimelineEntry = { at, kind: entry.kind, object: entry.object };
    if (entry.from !== undefined) e.from = entry.from;
    if (entry.to !== undefined) e.to = entry.to;
    if (entry.reason !== undefined) e.reason = entry.reason;
    this.entries.push(e);
  }
}
