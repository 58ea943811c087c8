import type { ClusterState } from '../model/cluster-state.js';
import type { OwnerKind, Pod } from '../model/pod.js';

/**
 * An index of pods by owning workload, kept current from watch events (the informer's indexer
 * upstream). `onChange` is told the owner key of every pod that was added, updated or deleted.
 */
export class OwnedPods {
  private readonly byOwner = new Map<string, Set<Pod>>();

  constructor(cluster: ClusterState, kind: OwnerKind, onChange: (ownerKey: string) => void) {
    cluster.watch((event) => {
      switch (event.type) {
        case 'PodAdded':
        case 'PodBound':
        case 'PodUpdated':
        case 'PodDeleted': {
          const owner = event.pod.owner;
          if (owner?.kind !== kind) return;
          if (event.type === 'PodAdded') this.set(owner.key).add(event.pod);
          else if (event.type === 'PodDeleted') this.byOwner.get(owner.key)?.delete(event.pod);
          onChange(owner.key);
          return;
        }
      }
    });
  }

  /** The pods owned by `ownerKey`, in creation order. */
  of(ownerKey: string): ReadonlySet<Pod> {
    return this.byOwner.get(ownerKey) ?? EMPTY;
  }

  private set(key: string): Set<Pod> {
    let s = this.byOwner.get(key);
    if (!s) {
      s = new Set();
      this.byOwner.set(key, s);
    }
    return s;
  }
}

const EMPTY: ReadonlySet<Pod> = new Set();

/** A pod the controller counts towards its replicas: not terminating and not finished. */
export function isActive(pod: Pod): boolean {
  return pod.deletionTimestamp === undefined && pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}
