import type { Micros } from '../engine/time.js';
import { MICROS_PER_SECOND } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Pod } from '../model/pod.js';
import type { ReplicaSetStatus } from '../model/workloads.js';
import { isActive, setOf } from './owned-pods.js';

/** apps/v1 DefaultDeploymentUniqueLabelKey: the label that ties a pod to its ReplicaSet. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/**
 * The ReplicaSet a Deployment's pod belongs to, "namespace/<deployment>-<hash>", from its owner (the
 * Deployment) and its pod-template-hash label; undefined for other pods.
 */
export function replicaSetKeyOf(pod: Pod): string | undefined {
  if (pod.owner?.kind !== 'ReplicaSet') return undefined;
  const hash = pod.labels[POD_TEMPLATE_HASH_LABEL];
  return hash === undefined ? undefined : `${pod.owner.key}-${hash}`;
}

/**
 * The pods of every ReplicaSet, kept current from watch events (the ReplicaSet controller's pod
 * informer), with what ReplicaSetStatus counts: active pods, ready ones, and when each became Ready
 * (its Ready condition's lastTransitionTime, for minReadySeconds). `onChange` is told the owning
 * Deployment's key and the ReplicaSet's of every pod added, updated or deleted, and whether the pod
 * just became Ready.
 */
export class ReplicaSetPods {
  private readonly all = new Map<string, Set<Pod>>();
  private readonly active = new Map<string, Set<Pod>>();
  private readonly ready = new Map<string, Set<Pod>>();
  private readonly readySince = new Map<Pod, Micros>();

  constructor(
    cluster: ClusterState,
    now: () => Micros,
    onChange: (deploymentKey: string, rsKey: string, becameReady: boolean) => void,
  ) {
    cluster.watch((event) => {
      switch (event.type) {
        case 'PodAdded':
        case 'PodBound':
        case 'PodUpdated':
        case 'PodDeleted': {
          const pod = event.pod;
          const key = replicaSetKeyOf(pod);
          if (key === undefined) return;
          const deleted = event.type === 'PodDeleted';
          if (event.type === 'PodAdded') setOf(this.all, key).add(pod);
          else if (deleted) this.all.get(key)?.delete(pod);
          const active = !deleted && isActive(pod);
          if (active) setOf(this.active, key).add(pod);
          else this.active.get(key)?.delete(pod);
          const wasReady = event.type === 'PodUpdated' ? event.old.ready : false;
          if (active && pod.ready) setOf(this.ready, key).add(pod);
          else this.ready.get(key)?.delete(pod);
          const becameReady = !deleted && pod.ready && !wasReady;
          if (becameReady) this.readySince.set(pod, now());
          else if (deleted || !pod.ready) this.readySince.delete(pod);
          onChange((pod.owner as { key: string }).key, key, becameReady);
          return;
        }
      }
    });
  }

  /** Every pod of the ReplicaSet, terminating ones included. */
  of(rsKey: string): ReadonlySet<Pod> {
    return this.all.get(rsKey) ?? EMPTY;
  }

  /** The ReplicaSet's active pods (not terminating, not finished). */
  activeOf(rsKey: string): ReadonlySet<Pod> {
    return this.active.get(rsKey) ?? EMPTY;
  }

  /**
   * calculateStatus of the ReplicaSet controller: active pods, the ready ones, and the available ones
   * (podutil.IsPodAvailable: ready, and for minReadySeconds > 0 Ready since strictly more than that).
   */
  status(rsKey: string, minReadySeconds: number, now: Micros): ReplicaSetStatus {
    const ready = this.ready.get(rsKey) ?? EMPTY;
    let availableReplicas = ready.size;
    if (minReadySeconds > 0) {
      availableReplicas = 0;
      const threshold = now - minReadySeconds * MICROS_PER_SECOND;
      for (const pod of ready) if ((this.readySince.get(pod) ?? now) < threshold) availableReplicas++;
    }
    return { replicas: this.activeOf(rsKey).size, readyReplicas: ready.size, availableReplicas };
  }
}

const EMPTY: ReadonlySet<Pod> = new Set();
