import type { ClusterState } from '../model/cluster-state.js';
import type { OwnerKind, Pod } from '../model/pod.js';

/**
 * An index of pods by owning workload, kept current from watch events (the informer's indexer
 * upstream). `onChange` is told the owner key of every pod that was added, updated or deleted.
 */
export class OwnedPods {
  private readonly byOwner = new Map<string, Set<Pod>>();
  /**
   * Active pods per owner, kept from the events so a reconcile with nothing to do costs O(1). A set
   * re-checked against the live pod (not a counter of old → new deltas), so two updates delivered
   * after both happened count once.
   */
  private readonly active = new Map<string, Set<Pod>>();

  constructor(cluster: ClusterState, kind: OwnerKind, onChange: (ownerKey: string) => void) {
    cluster.watch((event) => {
      switch (event.type) {
        case 'PodAdded':
        case 'PodBound':
        case 'PodUpdated':
        case 'PodDeleted': {
          const owner = event.pod.owner;
          if (owner?.kind !== kind) return;
          if (event.type === 'PodAdded') setOf(this.byOwner, owner.key).add(event.pod);
          else if (event.type === 'PodDeleted') this.byOwner.get(owner.key)?.delete(event.pod);
          if (event.type !== 'PodDeleted' && isActive(event.pod))
            setOf(this.active, owner.key).add(event.pod);
          else this.active.get(owner.key)?.delete(event.pod);
          onChange(owner.key);
          return;
        }
      }
    });
  }

  /** How many of the owner's pods are active (not terminating, not finished). */
  activeCount(ownerKey: string): number {
    return this.active.get(ownerKey)?.size ?? 0;
  }

  /** The pods owned by `ownerKey`, in creation order. */
  of(ownerKey: string): ReadonlySet<Pod> {
    return this.byOwner.get(ownerKey) ?? EMPTY;
  }
}

/** The set of pods under `key`, made on first use. */
export function setOf(map: Map<string, Set<Pod>>, key: string): Set<Pod> {
  let s = map.get(key);
  if (!s) {
    s = new Set();
    map.set(key, s);
  }
  return s;
}

const EMPTY: ReadonlySet<Pod> = new Set();

/** A pod the controller counts towards its replicas: not terminating and not finished. */
export function isActive(pod: Pod): boolean {
  return pod.deletionTimestamp === undefined && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}
