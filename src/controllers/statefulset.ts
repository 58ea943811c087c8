import { objectKey } from '../model/pod.js';
import type { StatefulSet } from '../model/workloads.js';
import type { ControllerContext } from './context.js';
import { OwnedPods } from './owned-pods.js';
import { podFromTemplate } from './pod-factory.js';
import { WorkQueue } from './work-queue.js';
import { watchWorkloads } from './workload-events.js';

/**
 * The StatefulSet controller: pods named <name>-<ordinal> with stable identity. A missing ordinal is
 * recreated only once its old pod object is gone, so a pod stuck Terminating on an unreachable node is
 * not replaced (pkg/controller/statefulset/stateful_set_control.go). OrderedReady creates ordinals one
 * at a time, each after all lower ones are Running and Ready, and removes from the highest down.
 */
export class StatefulSetController {
  private readonly owned: OwnedPods;
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.sim, (key) => this.reconcile(key));
    this.owned = new OwnedPods(ctx.cluster, 'StatefulSet', (key) => this.queue.add(key));
  }

  start(): void {
    watchWorkloads(this.ctx.cluster, 'StatefulSet', (key) => this.queue.add(key));
  }

  reconcile(key: string): void {
    const { cluster, sim, api } = this.ctx;
    const set = cluster.workload(key);
    if (set?.kind !== 'StatefulSet') return;
    const ordered = set.podManagementPolicy === 'OrderedReady';
    for (let ordinal = 0; ordinal < set.replicas; ordinal++) {
      const pod = cluster.pod(objectKey(set.namespace, podName(set, ordinal)));
      if (!pod) {
        const created = api.createPod(
          podFromTemplate(
            set.template,
            { namespace: set.namespace, name: podName(set, ordinal), owner: { kind: 'StatefulSet', key } },
            sim.now,
          ),
        );
        if (ordered || !created.ok) return;
        continue;
      }
      if (ordered && !(pod.phase === 'Running' && pod.ready && pod.deletionTimestamp === undefined)) return;
    }
    const surplus = [...this.owned.of(key)]
      .filter((p) => ordinalOf(set, p.name) >= set.replicas && p.deletionTimestamp === undefined)
      .sort((a, b) => ordinalOf(set, b.name) - ordinalOf(set, a.name));
    for (const pod of ordered ? surplus.slice(0, 1) : surplus) api.deletePod(pod);
  }
}

function podName(set: StatefulSet, ordinal: number): string {
  return `${set.name}-${ordinal}`;
}

function ordinalOf(set: StatefulSet, podName: string): number {
  return Number(podName.slice(set.name.length + 1));
}
