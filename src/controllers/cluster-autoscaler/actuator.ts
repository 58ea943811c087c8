import { formatDuration, type Micros, seconds } from '../../engine/time.js';
import type { Pod } from '../../model/pod.js';
import type { ControllerContext } from '../context.js';
import type { SimulatedCloud } from './cloud.js';
import { EVICTION_RETRY_TIME, MAX_POD_EVICTION_TIME, POD_EVICTION_HEADROOM } from './defaults.js';
import { TO_BE_DELETED_TAINT } from './drainability.js';
import type { NodeGroup } from './node-groups.js';

/** How a deletion ended, for the controller's bookkeeping and the report. */
export type DeletionOutcome =
  | { ok: true; node: string; group: NodeGroup; evicted: number }
  | { ok: false; node: string; group: NodeGroup; reason: string };

/** How often a drain looks whether the evicted pods are gone. */
const POD_GONE_CHECK: Micros = seconds(5);

/**
 * Removes nodes (core/scaledown/actuation/actuator.go, drain.go): taints the node
 * ToBeDeletedByClusterAutoscaler:NoSchedule so nothing new lands, evicts its pods through the
 * eviction API (PodDisruptionBudgets answer 429; retried every 10 s for at most 2 min), waits for
 * them to go (their grace period, at most max-graceful-termination-sec, plus 30 s), then deletes the
 * node. A drain that cannot evict every pod in time is a failure: the taint is removed again.
 */
export class ScaleDownActuator {
  private drains = 0;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly cloud: SimulatedCloud,
    private readonly maxGracefulTerminationSec: number,
    private readonly done: (outcome: DeletionOutcome) => void,
  ) {}

  /** Drains running now (max-drain-parallelism counts them). */
  get drainsInProgress(): number {
    return this.drains;
  }

  /** Starts removing `nodeName` of `group`, evicting `pods` (empty for an empty node). */
  delete(group: NodeGroup, nodeName: string, pods: readonly Pod[]): void {
    const { api, sim } = this.ctx;
    group.deleting.add(nodeName);
    const tainted = api.updateNode(nodeName, (n) => {
      n.taints = [
        ...n.taints,
        { key: TO_BE_DELETED_TAINT, value: String(Math.floor(sim.now / 1e6)), effect: 'NoSchedule' },
      ];
    });
    if (!tainted.ok) {
      this.fail(group, nodeName, `could not taint the node: ${tainted.message}`);
      return;
    }
    if (pods.length === 0) {
      this.finish(group, nodeName, 0);
      return;
    }
    this.drains++;
    const started = sim.now;
    let left = [...pods];
    let lastRefusal = '';
    const evictRound = (): void => {
      const still: Pod[] = [];
      for (const pod of left) {
        if (this.ctx.cluster.pod(`${pod.namespace}/${pod.name}`) !== pod) continue; // gone already
        const r = api.evict(pod);
        if (!r.ok) {
          still.push(pod);
          lastRefusal = r.message;
        }
      }
      left = still;
      if (left.length === 0) {
        this.waitForPods(group, nodeName, pods, sim.now);
        return;
      }
      if (sim.now - started + EVICTION_RETRY_TIME > MAX_POD_EVICTION_TIME) {
        this.drains--;
        this.fail(
          group,
          nodeName,
          `failed to evict ${left.length} pod(s) within ${formatDuration(MAX_POD_EVICTION_TIME)}: ${lastRefusal}`,
        );
        return;
      }
      sim.schedule(EVICTION_RETRY_TIME, evictRound);
    };
    evictRound();
  }

  private waitForPods(group: NodeGroup, nodeName: string, pods: readonly Pod[], evictedAt: Micros): void {
    const { sim, cluster } = this.ctx;
    const grace = Math.min(
      this.maxGracefulTerminationSec,
      Math.max(0, ...pods.map((p) => p.spec.terminationGracePeriodSeconds)),
    );
    const deadline = evictedAt + seconds(grace) + POD_EVICTION_HEADROOM;
    const check = (): void => {
      const remaining = pods.some((p) => cluster.pod(`${p.namespace}/${p.name}`) === p);
      if (!remaining || sim.now >= deadline) {
        this.drains--;
        this.finish(group, nodeName, pods.length);
        return;
      }
      sim.schedule(Math.min(POD_GONE_CHECK, deadline - sim.now), check);
    };
    check();
  }

  private finish(group: NodeGroup, nodeName: string, evicted: number): void {
    if (this.cloud.deleteNode(group, nodeName)) this.done({ ok: true, node: nodeName, group, evicted });
    else this.fail(group, nodeName, 'the API server refused to delete the node');
  }

  private fail(group: NodeGroup, nodeName: string, reason: string): void {
    group.deleting.delete(nodeName);
    this.ctx.api.updateNode(nodeName, (n) => {
      n.taints = n.taints.filter((t) => t.key !== TO_BE_DELETED_TAINT);
    });
    this.done({ ok: false, node: nodeName, group, reason });
  }
}
