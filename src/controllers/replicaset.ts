import { MICROS_PER_SECOND } from '../engine/time.js';
import type { Pod } from '../model/pod.js';
import { objectKey } from '../model/pod.js';
import type { Deployment, ReplicaSet, ReplicaSetStatus } from '../model/workloads.js';
import type { ControllerContext } from './context.js';
import { podFromTemplate, randomSuffix } from './pod-factory.js';
import { ReplicaSetPods } from './replicaset-pods.js';
import { WorkQueue } from './work-queue.js';
import { watchWorkloads } from './workload-events.js';

// pkg/controller/replicaset/replica_set.go: BurstReplicas, the most pods created or deleted per sync.
const BURST_REPLICAS = 500;

/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go) for the ReplicaSets the
 * Deployment controller keeps on each Deployment: keeps `replicas` active pods per ReplicaSet, labelled
 * with its pod-template-hash, and writes each ReplicaSet's status (replicas, ready, available).
 * Terminating pods do not count, so a pod evicted from a dead node is replaced at once, as upstream.
 * Reconciles per Deployment, all its ReplicaSets together.
 */
export class ReplicaSetController {
  private readonly pods: ReplicaSetPods;
  private readonly queue: WorkQueue;
  private readonly names;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.sim, (key) => this.reconcile(key));
    this.pods = new ReplicaSetPods(
      ctx.cluster,
      () => ctx.sim.now,
      (key, rsKey, becameReady) => {
        this.queue.add(key);
        if (becameReady) this.recheckAvailability(key, rsKey);
      },
    );
    this.names = ctx.random.get('controllers/replicaset/pod-names');
  }

  start(): void {
    watchWorkloads(this.ctx.cluster, 'Deployment', (key) => this.queue.add(key));
  }

  /** Brings each ReplicaSet's active pods to its replicas (manageReplicas), then writes the statuses. */
  reconcile(key: string): void {
    const { cluster, api } = this.ctx;
    const deployment = cluster.workload(key);
    if (deployment?.kind !== 'Deployment' || !deployment.replicaSets) return;
    for (const rs of deployment.replicaSets) {
      if (!this.manageReplicas(deployment, rs)) return; // refused (no quorum): retried on ControlPlaneChanged
    }
    const changed: [ReplicaSet, ReplicaSetStatus][] = [];
    for (const rs of deployment.replicaSets) {
      const status = this.pods.status(
        objectKey(deployment.namespace, rs.name),
        rs.minReadySeconds,
        this.ctx.sim.now,
      );
      if (!sameStatus(rs.status, status)) changed.push([rs, status]);
    }
    if (changed.length === 0) return;
    api.updateDeploymentStatus(key, () => {
      for (const [rs, status] of changed) rs.status = status;
    });
  }

  /** Creates or deletes pods of one ReplicaSet; false when the API server refused a write. */
  private manageReplicas(deployment: Deployment, rs: ReplicaSet): boolean {
    const { sim, api } = this.ctx;
    const rsKey = objectKey(deployment.namespace, rs.name);
    const active = this.pods.activeOf(rsKey);
    const diff = active.size - rs.replicas;
    if (diff < 0) {
      const owner = { kind: 'ReplicaSet', key: objectKey(deployment.namespace, deployment.name) } as const;
      for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) {
        const name = this.uniqueName(deployment.namespace, rs.name);
        const pod = podFromTemplate(rs.template, { namespace: deployment.namespace, name, owner }, sim.now);
        if (!api.createPod({ ...pod, labels: rs.podLabels }).ok) return false;
      }
    } else if (diff > 0) {
      for (const pod of podsToDelete([...active], Math.min(diff, BURST_REPLICAS))) api.deletePod(pod);
    }
    return true;
  }

  /**
   * A pod just became Ready: with minReadySeconds its ReplicaSet is synced again minReadySeconds + 1 s
   * later, when the pod counts as available (replica_set.go updatePod, enqueueRSAfter).
   */
  private recheckAvailability(key: string, rsKey: string): void {
    const deployment = this.ctx.cluster.workload(key);
    if (deployment?.kind !== 'Deployment') return;
    const rs = deployment.replicaSets?.find((r) => objectKey(deployment.namespace, r.name) === rsKey);
    const minReady = rs?.minReadySeconds ?? 0;
    if (minReady > 0) this.ctx.sim.schedule((minReady + 1) * MICROS_PER_SECOND, () => this.queue.add(key));
  }

  private uniqueName(namespace: string, rsName: string): string {
    for (;;) {
      const name = `${rsName}-${randomSuffix(() => this.names.next())}`;
      if (!this.ctx.cluster.pod(objectKey(namespace, name))) return name;
    }
  }
}

function sameStatus(a: ReplicaSetStatus, b: ReplicaSetStatus): boolean {
  return (
    a.replicas === b.replicas &&
    a.readyReplicas === b.readyReplicas &&
    a.availableReplicas === b.availableReplicas
  );
}

/**
 * The pods to delete first when scaling down, by upstream's ActivePods ordering
 * (pkg/controller/controller_utils.go): unassigned before assigned, Pending before Running,
 * not ready before ready, then the newest first.
 */
export function podsToDelete(pods: readonly Pod[], count: number): Pod[] {
  const rank = (p: Pod): number[] => [
    p.nodeName === undefined ? 0 : 1,
    p.phase === 'Pending' ? 0 : 1,
    p.ready ? 1 : 0,
    -(p.startedAt ?? p.createdAt),
    -p.uid,
  ];
  const ranked = pods.map((p) => ({ p, r: rank(p) }));
  ranked.sort((a, b) => {
    for (let i = 0; i < a.r.length; i++) {
      const d = (a.r[i] as number) - (b.r[i] as number);
      if (d !== 0) return d;
    }
    return 0;
  });
  return ranked.slice(0, count).map((x) => x.p);
}
