import type { PeriodicTask } from '../engine/simulation.js';
import { MICROS_PER_MS, MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import { type Node, nodeZone } from '../model/node.js';
import { TAINT_NODE_UNREACHABLE, type Taint } from '../model/taints.js';
import type { ControllerContext } from './context.js';
import { TokenBucket } from './token-bucket.js';

// kube-controller-manager defaults (cmd/kube-controller-manager/app/options/nodelifecyclecontroller.go,
// pkg/controller/nodelifecycle/node_lifecycle_controller.go).
export const NODE_MONITOR_PERIOD: Micros = 5 * MICROS_PER_SECOND;
/** node-monitor-grace-period: 50 s since 1.32 (PR #126287), 40 s before. */
export function nodeMonitorGracePeriod(kubernetesMinor: number): Micros {
  return (kubernetesMinor >= 32 ? 50 : 40) * MICROS_PER_SECOND;
}
export const NODE_EVICTION_RATE = 0.1;
export const SECONDARY_NODE_EVICTION_RATE = 0.01;
export const LARGE_CLUSTER_SIZE_THRESHOLD = 50;
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
/** How often the NoExecute tainter drains its per-zone queues (NodeEvictionPeriod). */
export const NODE_EVICTION_PERIOD: Micros = 100 * MICROS_PER_MS;

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** ComputeZoneState upstream: full when no node is Ready, partial when > 2 and ≥ 55 % are not. */
export function computeZoneState(ready: number, notReady: number): ZoneState {
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (ready + notReady) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

/** The eviction rate of a zone in `state` holding `zoneSize` nodes (setLimiterInZone / ReducedQPSFunc). */
export function zoneEvictionRate(state: ZoneState, zoneSize: number): number {
  if (state !== 'PartialDisruption') return NODE_EVICTION_RATE;
  return zoneSize > LARGE_CLUSTER_SIZE_THRESHOLD ? SECONDARY_NODE_EVICTION_RATE : 0;
}

/**
 * The node lifecycle controller. Every 5 s it checks each node's Lease: with no renewal for the grace
 * period, Ready becomes Unknown, the node gets the unreachable NoSchedule taint, and its pods are
 * marked not Ready (so they leave Service endpoints). The unreachable NoExecute taint, which starts
 * pod eviction, is applied through per-zone rate limiters whose rate follows the zone's health.
 * A node whose Lease is fresh again becomes Ready and loses both taints.
 */
export class NodeLifecycleController {
  private readonly gracePeriod: Micros;
  private readonly zones = new Map<string, { limiter: TokenBucket; queue: string[]; state: ZoneState }>();
  private tainter: PeriodicTask | undefined;
  private allFullyDisrupted = false;

  constructor(private readonly ctx: ControllerContext) {
    this.gracePeriod = nodeMonitorGracePeriod(ctx.kubernetesMinor);
  }

  start(): void {
    this.ctx.sim.every(NODE_MONITOR_PERIOD, () => this.monitorNodeHealth());
  }

  /** monitorNodeHealth upstream: update Ready from the Lease, then handle zone disruption. */
  private monitorNodeHealth(): void {
    const { cluster, sim } = this.ctx;
    const now = sim.now;
    for (const node of [...cluster.nodes]) {
      const renewed = cluster.leaseRenewTime(node.name) ?? node.createdAt;
      const stale = now - renewed > this.gracePeriod;
      if (stale && node.ready === 'True') this.markUnknown(node);
      else if (!stale && node.ready !== 'True') this.markReady(node);
    }
    this.handleDisruption(now);
  }

  private markUnknown(node: Node): void {
    const { cluster, sim } = this.ctx;
    cluster.updateNode(node.name, (n) => {
      n.ready = 'Unknown';
      // TaintNodesByCondition: applied at once, not rate limited.
      n.taints = [...n.taints, { key: TAINT_NODE_UNREACHABLE, effect: 'NoSchedule', timeAdded: sim.now }];
    });
    // MarkPodsNotReady (pkg/controller/util/node/controller_utils.go).
    for (const pod of cluster.podsOnNode(node.name)) {
      if (pod.ready) cluster.updatePod(pod, (p) => (p.ready = false));
    }
    this.zone(nodeZone(node)).queue.push(node.name);
    this.startTainter();
  }

  private markReady(node: Node): void {
    const zone = this.zone(nodeZone(node));
    zone.queue = zone.queue.filter((n) => n !== node.name);
    this.ctx.cluster.updateNode(node.name, (n) => {
      n.ready = 'True';
      n.taints = n.taints.filter((t) => t.key !== TAINT_NODE_UNREACHABLE);
    });
  }

  /** handleDisruption upstream: set each zone's eviction rate from its state; stop all if every zone is down. */
  private handleDisruption(now: Micros): void {
    const counts = new Map<string, { ready: number; notReady: number }>();
    for (const node of this.ctx.cluster.nodes) {
      const c = counts.get(nodeZone(node)) ?? { ready: 0, notReady: 0 };
      if (node.ready === 'True') c.ready++;
      else c.notReady++;
      counts.set(nodeZone(node), c);
    }
    const states = new Map<string, ZoneState>();
    for (const [zone, c] of counts) states.set(zone, computeZoneState(c.ready, c.notReady));
    const allFull = states.size > 0 && [...states.values()].every((s) => s === 'FullDisruption');
    if (allFull && !this.allFullyDisrupted) {
      // "Controller detected that all Nodes are not-Ready. Entering master disruption mode": no evictions,
      // and the NoExecute taints come off (markNodeAsReachable), since the fault is likely the control plane's.
      for (const node of [...this.ctx.cluster.nodes]) {
        if (node.taints.some(isUnreachableNoExecute)) {
          this.ctx.cluster.updateNode(
            node.name,
            (n) => (n.taints = n.taints.filter((t) => !isUnreachableNoExecute(t))),
          );
        }
      }
    }
    this.allFullyDisrupted = allFull;
    for (const [zoneName, state] of states) {
      const zone = this.zone(zoneName);
      zone.state = state;
      const c = counts.get(zoneName) as { ready: number; notReady: number };
      zone.limiter.setQps(allFull ? 0 : zoneEvictionRate(state, c.ready + c.notReady), now);
    }
  }

  private zone(name: string): { limiter: TokenBucket; queue: string[]; state: ZoneState } {
    let z = this.zones.get(name);
    if (!z) {
      z = { limiter: new TokenBucket(NODE_EVICTION_RATE, 1, this.ctx.sim.now), queue: [], state: 'Normal' };
      this.zones.set(name, z);
    }
    return z;
  }

  private startTainter(): void {
    if (this.tainter) return;
    this.tainter = this.ctx.sim.every(NODE_EVICTION_PERIOD, () => this.doNoExecuteTaintingPass());
  }

  /** doNoExecuteTaintingPass upstream: per zone, taint queued nodes as fast as the limiter admits. */
  private doNoExecuteTaintingPass(): void {
    const { cluster, sim } = this.ctx;
    let waiting = 0;
    for (const zone of this.zones.values()) {
      while (zone.queue.length > 0 && zone.limiter.tryAccept(sim.now)) {
        const name = zone.queue.shift() as string;
        const node = cluster.node(name);
        if (!node || node.ready === 'True' || node.taints.some(isUnreachableNoExecute)) continue;
        const taint: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute', timeAdded: sim.now };
        cluster.updateNode(name, (n) => (n.taints = [...n.taints, taint]));
      }
      waiting += zone.queue.length;
    }
    if (waiting === 0) {
      this.tainter?.cancel();
      this.tainter = undefined;
    }
  }
}

function isUnreachableNoExecute(t: Taint): boolean {
  return t.key === TAINT_NODE_UNREACHABLE && t.effect === 'NoExecute';
}
