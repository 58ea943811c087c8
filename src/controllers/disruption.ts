import { disruptionBudgetStatus, expectedScale, podsCoveredBy } from '../api/disruption.js';
import { matchesSelector } from '../model/labels.js';
import { objectKey, type Pod } from '../model/pod.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from '../model/workloads.js';
import type { ControllerContext } from './context.js';
import { WorkQueue } from './work-queue.js';

/**
 * The disruption controller (pkg/controller/disruption/disruption.go): keeps each
 * PodDisruptionBudget's status (expected pods, currently and desired healthy, disruptions allowed)
 * current, recomputing a budget whenever a pod it selects or the scale of a workload whose pods it
 * selects changes. The status is written through the API server onto the budget, where reports read
 * it. The eviction API computes the same arithmetic at the moment of each eviction (api/disruption.ts),
 * which is what upstream's status plus its DisruptedPods bookkeeping amounts to.
 */
export class DisruptionController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.sim, (key) => this.sync(key));
  }

  start(): void {
    const { cluster } = this.ctx;
    cluster.watch((event) => {
      switch (event.type) {
        case 'PodDisruptionBudgetAdded':
          this.queue.add(keyOf(event.pdb));
          break;
        case 'PodAdded':
        case 'PodBound':
        case 'PodUpdated':
        case 'PodDeleted':
          this.enqueueFor(event.pod);
          break;
        case 'WorkloadUpdated':
          if (event.workload.replicas !== event.old.replicas)
            for (const pdb of cluster.podDisruptionBudgets)
              if (
                pdb.namespace === event.workload.namespace &&
                matchesSelector(pdb.selector, event.workload.template.labels)
              )
                this.queue.add(keyOf(pdb));
          break;
        case 'ControlPlaneChanged':
          if (event.writable) for (const pdb of cluster.podDisruptionBudgets) this.queue.add(keyOf(pdb));
          break;
      }
    });
    for (const pdb of cluster.podDisruptionBudgets) this.queue.add(keyOf(pdb));
  }

  private enqueueFor(pod: Pod): void {
    for (const pdb of this.ctx.cluster.podDisruptionBudgets)
      if (pdb.namespace === pod.namespace && matchesSelector(pdb.selector, pod.labels))
        this.queue.add(keyOf(pdb));
  }

  /** trySync: the budget's pods, their expected count and health, written only when changed. */
  private sync(key: string): void {
    const { cluster, api } = this.ctx;
    const pdb = cluster.podDisruptionBudget(key);
    if (!pdb) return;
    const status = budgetStatus(pdb, cluster);
    if (pdb.status && sameStatus(pdb.status, status)) return;
    // Refused without quorum: synced again on ControlPlaneChanged.
    api.updatePodDisruptionBudgetStatus(key, status);
  }
}

/** The status of `pdb` over the store now. */
export function budgetStatus(
  pdb: PodDisruptionBudget,
  cluster: ControllerContext['cluster'],
): PodDisruptionBudgetStatus {
  const pods = podsCoveredBy(pdb, cluster.pods);
  return disruptionBudgetStatus(
    pdb,
    pods,
    expectedScale(pods, (k) => cluster.workload(k)?.replicas),
  );
}

function sameStatus(a: PodDisruptionBudgetStatus, b: PodDisruptionBudgetStatus): boolean {
  return (
    a.expectedPods === b.expectedPods &&
    a.currentHealthy === b.currentHealthy &&
    a.desiredHealthy === b.desiredHealthy &&
    a.disruptionsAllowed === b.disruptionsAllowed
  );
}

function keyOf(pdb: PodDisruptionBudget): string {
  return objectKey(pdb.namespace, pdb.name);
}
