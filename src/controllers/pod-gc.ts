import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import { type Pod, podKey } from '../model/pod.js';
import type { ControllerContext } from './context.js';

// pkg/controller/podgc/gc_controller.go: gcCheckPeriod 20 s, quarantineTime 40 s.
export const GC_CHECK_PERIOD: Micros = 20 * MICROS_PER_SECOND;
export const QUARANTINE_TIME: Micros = 40 * MICROS_PER_SECOND;

/**
 * The pod garbage collector's gcOrphaned: a pod bound to a node that does not exist is, once the node
 * has been missing for the quarantine (seen at a check, confirmed at a check ≥ 40 s later), marked
 * Failed and force-deleted (grace period 0), so its controller can replace it. Checks run on the
 * 20 s grid of the run's clock, and only while some pod may be orphaned, so an idle run schedules
 * nothing. Terminated-pod and unscheduled-terminating collection are not simulated (nothing in
 * kubesim leaves such pods behind).
 */
export class PodGarbageCollector {
  /** Missing node → the check that first saw it missing (nodeQueue.AddAfter(node, quarantineTime)). */
  private readonly missingSince = new Map<string, Micros>();
  private checkScheduled = false;
  private suspect = false;

  constructor(private readonly ctx: ControllerContext) {}

  start(): void {
    const { cluster } = this.ctx;
    cluster.watch((event) => {
      if (event.type === 'NodeDeleted') this.wake();
      else if (
        event.type === 'PodAdded' &&
        event.pod.nodeName !== undefined &&
        !cluster.node(event.pod.nodeName)
      )
        this.wake();
    });
    for (const pod of cluster.pods)
      if (pod.nodeName !== undefined && !cluster.node(pod.nodeName)) this.wake();
  }

  /** Something may be orphaned: check at the next point of the 20 s grid. */
  private wake(): void {
    this.suspect = true;
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    const { sim } = this.ctx;
    const next = (Math.floor(sim.now / GC_CHECK_PERIOD) + 1) * GC_CHECK_PERIOD;
    sim.scheduleAt(next, () => this.check());
  }

  private check(): void {
    const { sim, cluster, api } = this.ctx;
    this.checkScheduled = false;
    this.suspect = false;
    const orphans = new Map<string, Pod[]>();
    for (const pod of cluster.pods) {
      if (pod.nodeName === undefined || cluster.node(pod.nodeName)) continue;
      const list = orphans.get(pod.nodeName) ?? [];
      list.push(pod);
      orphans.set(pod.nodeName, list);
    }
    for (const node of [...this.missingSince.keys()]) if (!orphans.has(node)) this.missingSince.delete(node);
    for (const [node, pods] of orphans) {
      const since = this.missingSince.get(node);
      if (since === undefined) {
        this.missingSince.set(node, sim.now);
        continue;
      }
      if (sim.now - since < QUARANTINE_TIME) continue;
      for (const pod of pods.sort((a, b) => (podKey(a) < podKey(b) ? -1 : 1))) {
        // markFailedAndDeletePodWithCondition: phase Failed (DisruptionTarget DeletionByPodGC), then delete.
        api.updatePod(pod, (p) => {
          p.phase = 'Failed';
          p.ready = false;
        });
        api.deletePod(pod, 0);
      }
      this.missingSince.delete(node);
    }
    if (this.missingSince.size > 0 || this.suspect) this.wake();
  }
}
