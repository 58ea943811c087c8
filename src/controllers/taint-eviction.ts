import type { ScheduledEvent } from '../engine/simulation.js';
import { MICROS_PER_SECOND } from '../engine/time.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import { podKey } from '../model/pod.js';
import { type Taint, type Toleration, toleratesTaint } from '../model/taints.js';
import type { ControllerContext } from './context.js';

/**
 * How long a pod may stay on a node with these NoExecute taints (pkg/controller/tainteviction/
 * taint_eviction.go): each taint is matched by the first toleration that tolerates it
 * (v1helper.GetMatchingTolerations), then getMinTolerationTime takes the smallest tolerationSeconds of
 * those (≤ 0 means at once). Returns 0 if some taint is not tolerated, Infinity if tolerated forever.
 */
export function minTolerationSeconds(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const taint of taints) {
    const used = tolerations.find((t) => toleratesTaint(t, taint));
    if (used === undefined) return 0;
    if (used.tolerationSeconds !== undefined) {
      if (used.tolerationSeconds <= 0) return 0;
      min = Math.min(min, used.tolerationSeconds);
    }
  }
  return min;
}

/**
 * The taint eviction controller: evicts pods from nodes with NoExecute taints they do not tolerate, at
 * once or when their tolerationSeconds run out, counted from when it noticed the taint. Eviction by
 * taint does not consult PodDisruptionBudgets. A taint removed in time cancels the eviction.
 */
export class TaintEvictionController {
  private readonly scheduled = new Map<string, ScheduledEvent>();

  constructor(private readonly ctx: ControllerContext) {}

  start(): void {
    this.ctx.cluster.watch((event) => {
      if (event.type === 'NodeAdded' || event.type === 'NodeUpdated') this.processNode(event.node);
      else if (event.type === 'PodBound' || (event.type === 'PodAdded' && event.pod.nodeName !== undefined)) {
        const node = this.ctx.cluster.node(event.pod.nodeName as string);
        if (node) this.processPod(event.pod, noExecuteTaints(node));
      } else if (event.type === 'PodDeleted') this.cancel(event.pod);
    });
  }

  private processNode(node: Node): void {
    const taints = noExecuteTaints(node);
    for (const pod of this.ctx.cluster.podsOnNode(node.name)) this.processPod(pod, taints);
  }

  private processPod(pod: Pod, taints: readonly Taint[]): void {
    if (pod.deletionTimestamp !== undefined) return;
    if (taints.length === 0) {
      this.cancel(pod);
      return;
    }
    const key = podKey(pod);
    const seconds = minTolerationSeconds(taints, pod.spec.tolerations);
    if (seconds === Number.POSITIVE_INFINITY) {
      this.cancel(pod);
      return;
    }
    if (this.scheduled.has(key)) return; // already counting down from the first notice
    const { sim, cluster, api } = this.ctx;
    this.scheduled.set(
      key,
      sim.schedule(seconds * MICROS_PER_SECOND, () => {
        this.scheduled.delete(key);
        // Taint eviction deletes without consulting PodDisruptionBudgets.
        if (cluster.pod(key) === pod) api.deletePod(pod);
      }),
    );
  }

  private cancel(pod: Pod): void {
    const key = podKey(pod);
    this.scheduled.get(key)?.cancel();
    this.scheduled.delete(key);
  }
}

function noExecuteTaints(node: Node): Taint[] {
  return node.taints.filter((t) => t.effect === 'NoExecute');
}
