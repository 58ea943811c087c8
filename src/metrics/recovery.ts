import type { DisasterRecord } from '../backup/disaster-record.js';
import type { Micros } from '../engine/time.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { ClusterState } from '../model/cluster-state.js';
import { isAvailable } from './availability.js';

/**
 * Watches each disaster's restore to its end: the first instant, from the end of the restore
 * procedure on, at which every workload the disaster took down has all its replicas available again
 * (`podsReadyAt`). It checks only while a restored disaster waits for its pods, so its cost follows
 * the recoveries, not the run.
 */
export class RecoveryTracker {
  constructor(
    private readonly cluster: ClusterState,
    truth: GroundTruth,
    now: () => Micros,
    private readonly disasters: readonly DisasterRecord[],
  ) {
    cluster.watch((event) => {
      if (
        event.type !== 'PodUpdated' &&
        event.type !== 'ContainersUpdated' &&
        event.type !== 'WorkloadUpdated'
      )
        return;
      const t = now();
      for (const d of this.disasters) {
        if (d.restoredAt === undefined || d.podsReadyAt !== undefined || d.restoredAt > t) continue;
        if (this.whole(d, truth)) d.podsReadyAt = t;
      }
    });
  }

  /** Records the disasters with nothing to wait for (no workload hit) at the end of their procedure. */
  finish(): void {
    for (const d of this.disasters)
      if (d.workloads.length === 0 && d.restoredAt !== undefined) d.podsReadyAt = d.restoredAt;
  }

  private whole(d: DisasterRecord, truth: GroundTruth): boolean {
    const want = new Map<string, number>();
    for (const w of d.workloads) want.set(w, this.cluster.workload(w)?.replicas ?? 0);
    const have = new Map<string, number>();
    for (const pod of this.cluster.pods) {
      // A pod's owner key is its workload's "namespace/name".
      const key = pod.owner?.key;
      if (key !== undefined && want.has(key) && isAvailable(pod, truth))
        have.set(key, (have.get(key) ?? 0) + 1);
    }
    for (const [w, n] of want) if ((have.get(w) ?? 0) < n) return false;
    return true;
  }
}
