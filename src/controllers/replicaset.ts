import type { Pod } from '../model/pod.js';
import { objectKey } from '../model/pod.js';
import type { Deployment } from '../model/workloads.js';
import type { ControllerContext } from './context.js';
import { isActive, OwnedPods } from './owned-pods.js';
import { podFromTemplate, randomSuffix, templateHash } from './pod-factory.js';
import { WorkQueue } from './work-queue.js';
import { watchWorkloads } from './workload-events.js';

// pkg/controller/replicaset/replica_set.go: BurstReplicas, the most pods created or deleted per sync.
const BURST_REPLICAS = 500;

/**
 * The Deployment and ReplicaSet controllers, folded into one: keeps `replicas` active pods for each
 * Deployment (one ReplicaSet per Deployment until rolling updates arrive). Terminating pods do not
 * count, so a pod evicted from a dead node is replaced at once, as upstream.
 */
export class ReplicaSetController {
  private readonly owned: OwnedPods;
  private readonly queue: WorkQueue;
  private readonly names;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.sim, (key) => this.reconcile(key));
    this.owned = new OwnedPods(ctx.cluster, 'ReplicaSet', (key) => this.queue.add(key));
    this.names = ctx.random.get('controllers/replicaset/pod-names');
  }

  start(): void {
    watchWorkloads(this.ctx.cluster, 'Deployment', (key) => this.queue.add(key));
  }

  /** Brings the Deployment's active pod count to its replicas (manageReplicas upstream). */
  reconcile(key: string): void {
    const { cluster, sim, api } = this.ctx;
    const deployment = cluster.workload(key);
    if (deployment?.kind !== 'Deployment') return;
    const diff = this.owned.activeCount(key) - deployment.replicas;
    if (diff === 0) return;
    if (diff < 0) {
      const rsName = `${deployment.name}-${templateHash(JSON.stringify(deployment.template))}`;
      for (let i = 0; i < Math.min(-diff, BURST_REPLICAS); i++) {
        const name = this.uniqueName(deployment, rsName);
        const pod = podFromTemplate(
          deployment.template,
          { namespace: deployment.namespace, name, owner: { kind: 'ReplicaSet', key } },
          sim.now,
        );
        if (!api.createPod(pod).ok) return; // refused (no quorum): retried on ControlPlaneChanged
      }
    } else if (diff > 0) {
      const active = [...this.owned.of(key)].filter(isActive);
      for (const pod of podsToDelete(active, Math.min(diff, BURST_REPLICAS))) api.deletePod(pod);
    }
  }

  private uniqueName(deployment: Deployment, rsName: string): string {
    for (;;) {
      const name = `${rsName}-${randomSuffix(() => this.names.next())}`;
      if (!this.ctx.cluster.pod(objectKey(deployment.namespace, name))) return name;
    }
  }
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
