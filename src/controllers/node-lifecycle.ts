import type { PeriodicTask } from '../engine/simulation.js';
import { MICROS_PER_MS, MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import { leaseRenewTime, type NodeLease, nextLanded } from '../model/lease.js';
import { type Node, nodeZone } from '../model/node.js';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, type Taint } from '../model/taints.js';
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
/** scheduler.EvictionRateLimiterBurst. */
const EVICTION_RATE_LIMITER_BURST = 1;

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** ComputeZoneState upstream: full when no node is Ready, partial when > 2 and ≥ 55 % are not. */
export function computeZoneState(ready: number, notReady: number): ZoneState {
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (ready + notReady) >= UNHEALTHY_ZONE_THRESHOLD) return 'PartialDisruption';
  return 'Normal';
}

/**
 * The eviction rate of a zone in `state` holding `zoneSize` nodes (setLimiterInZone): the healthy rate
 * when Normal or fully disrupted (HealthyQPSFunc), ReducedQPSFunc when partially disrupted.
 */
export function zoneEvictionRate(state: ZoneState, zoneSize: number): number {
  if (state !== 'PartialDisruption') return NODE_EVICTION_RATE;
  return zoneSize > LARGE_CLUSTER_SIZE_THRESHOLD ? SECONDARY_NODE_EVICTION_RATE : 0;
}

/**
 * nodeHealthData upstream: when the controller last saw the node alive, and the Lease it saw; plus
 * whether passes skip the node (`quiet`, see NodeLifecycleController) and what they need to catch up.
 */
interface NodeHealth {
  probeTimestamp: Micros;
  leaseRenewTime: Micros | undefined;
  /** The last pass that reached the node, visiting it or passing it by as quiet: its instant and number. */
  reachedAt: Micros;
  reachedPass: number;
  /** Whether every pass is a no-op for the node until its Node or Lease changes (isQuiet). */
  quiet: boolean;
  /** While quiet: its Lease when it turned quiet, the one every pass since read (records are immutable). */
  quietLease: NodeLease | undefined;
  /** While quiet: its zone and whether it is Ready, as counted in quietCounts. */
  quietZone: string;
  quietReady: boolean;
}

/** A zone's nodes by Ready condition, as handleDisruption counts them. */
interface ZoneCount {
  ready: number;
  notReady: number;
}

/**
 * A zone's NoExecute tainter: a rate-limited unique queue (RateLimitedTimedQueue). A node taken off
 * the queue stays a member until it is marked reachable, so it is not queued twice.
 */
interface ZoneTainter {
  limiter: TokenBucket;
  queue: string[];
  members: Set<string>;
  state: ZoneState;
}

/**
 * The node lifecycle controller. Every 5 s (monitorNodeHealth) it checks each node: a Lease renewal it
 * has not seen before refreshes the node's probe time; with no refresh for the grace period, Ready
 * becomes Unknown, the node gets the unreachable NoSchedule taint and its pods are marked not Ready.
 * Every pass, every node that is not Ready is queued (once) for the unreachable NoExecute taint, which
 * per-zone rate limiters apply at a rate that follows the zone's health (processTaintBaseEviction,
 * handleDisruption); a Ready node loses it. kubesim's kubelet posts no node status, so Ready returns
 * when the controller sees a fresh Lease (upstream, the rebooted kubelet posts Ready itself).
 *
 * Work that cannot change anything is not done (docs/simulation.md, "Periodic work that cannot
 * change anything"). A node whose pass is a no-op until its Node or Lease changes (isQuiet: renewed on
 * a cadence that keeps it fresh, or tainted and silent) turns quiet: passes pass it by, counting it
 * in its zone only. What its visits would have refreshed, its probe time, `catchUp` derives from the
 * Lease it had when it turned quiet, once a change to its Lease or Node wakes it. When every node is
 * quiet and no queue waits, the controller stops polling; any change to a Lease or a Node restarts
 * it on the same 5 s pass grid, as upstream's passes fall.
 */
export class NodeLifecycleController {
  private readonly gracePeriod: Micros;
  private readonly health = new Map<string, NodeHealth>();
  private readonly zones = new Map<string, ZoneTainter>();
  private tainter: PeriodicTask | undefined;
  /** When the monitor started: its passes fall at origin + k × NODE_MONITOR_PERIOD, k ≥ 1. */
  private origin: Micros = 0;
  private monitor: PeriodicTask | undefined;
  /** The nodes that are not quiet (and names of nodes since deleted, dropped by the next pass). */
  private readonly awake = new Set<string>();
  /** Quiet nodes per zone, which passes count without visiting them. */
  private readonly quietCounts = new Map<string, ZoneCount>();
  /** Passes run so far; the number of the one running. */
  private passes = 0;
  /** During a pass's loop over the nodes: quietCounts as it began, less the nodes woken before it reached them. */
  private passQuiet: Map<string, ZoneCount> | undefined;

  constructor(private readonly ctx: ControllerContext) {
    this.gracePeriod = ctx.nodeMonitorGracePeriod ?? nodeMonitorGracePeriod(ctx.kubernetesMinor);
  }

  start(): void {
    const { sim, cluster } = this.ctx;
    this.origin = sim.now;
    for (const node of cluster.nodes) this.awake.add(node.name);
    this.monitor = sim.every(NODE_MONITOR_PERIOD, () => this.monitorPass());
    cluster.watch((event) => {
      switch (event.type) {
        case 'LeaseUpdated':
          this.wake(event.nodeName);
          break;
        case 'NodeAdded':
        case 'NodeUpdated':
        case 'NodeDeleted':
          this.wake(event.node.name);
          break;
        case 'ControlPlaneChanged':
          // Without etcd quorum kube-controller-manager cannot renew its leader-election Lease: it gives
          // up leadership after --leader-elect-renew-deadline (10 s, client-go tools/leaderelection) and
          // exits; the new leader's controller assumes "now" for every node it has no timestamp for
          // (tryUpdateNodeHealth: "Missing timestamp for Node"), so each node gets a fresh grace period.
          if (!event.writable) break;
          this.wakeAll();
          this.poll();
          for (const h of this.health.values()) h.probeTimestamp = sim.now;
      }
    });
  }

  /** One pass, then quietens the nodes it leaves with nothing to do; stops polling once all are. */
  private monitorPass(): void {
    this.monitorNodeHealth();
    const { cluster } = this.ctx;
    let settled = true;
    for (const zone of this.zones.values()) if (zone.queue.length > 0) settled = false;
    for (const name of this.awake) {
      const node = cluster.node(name);
      const h = this.health.get(name);
      if (!node) this.awake.delete(name);
      else if (h && this.isQuiet(node, h)) this.quieten(node, h);
      else settled = false;
    }
    if (settled) {
      this.monitor?.cancel();
      this.monitor = undefined;
    }
  }

  /**
   * Whether no pass can change anything for the node until its Lease or Node changes. A pass after
   * one that saw the same nodes leaves the zones as they are (same counts, same states), so it only
   * remains that the node's own step is a no-op:
   * - a Ready node is out of the queues, without the controller's NoExecute taint, and renewed on a
   *   landing cadence whose next renewal the controller sees before the grace period runs out (later
   *   renewals are seen 10 s apart, well within it);
   * - a node not Ready is tainted or queued already, and its Lease cannot turn fresh: no landing
   *   cadence, and no renewal the controller has not seen.
   */
  private isQuiet(node: Node, h: NodeHealth): boolean {
    const { cluster, sim } = this.ctx;
    const lease = cluster.lease(node.name);
    const next = lease?.cadence && nextLanded(lease.cadence, sim.now);
    const queued = this.zones.get(nodeZone(node))?.members.has(node.name) === true;
    const tainted = node.taints.some(isNoExecuteByController);
    if (node.ready === 'True') {
      if (queued || tainted || next === undefined) return false;
      // The passes before the one that sees `next` find no fresh Lease: none may find the node stale.
      return (
        (lease ? this.firstPassSeeing(next, lease) : next) - NODE_MONITOR_PERIOD <=
        h.probeTimestamp + this.gracePeriod
      );
    }
    return (queued || tainted) && next === undefined && lease?.renewTime === h.leaseRenewTime;
  }

  /**
   * The node's Lease or Node changed: it is no longer quiet, and the controller polls again if it had
   * stopped. A change at the instant of a pass is taken to come before that pass (as a fault
   * scheduled in advance does), unless that pass has reached the node already.
   */
  private wake(name: string): void {
    const h = this.health.get(name);
    if (h?.quiet) this.catchUp(h);
    this.awake.add(name);
    this.poll();
  }

  private wakeAll(): void {
    for (const [name, h] of this.health) {
      if (!h.quiet) continue;
      this.catchUp(h);
      this.awake.add(name);
    }
  }

  /** Passes pass the node by from now on, counting it in its zone as it is now. */
  private quieten(node: Node, h: NodeHealth): void {
    h.quiet = true;
    h.quietLease = this.ctx.cluster.lease(node.name);
    h.quietZone = nodeZone(node);
    h.quietReady = node.ready === 'True';
    let c = this.quietCounts.get(h.quietZone);
    if (!c) {
      c = { ready: 0, notReady: 0 };
      this.quietCounts.set(h.quietZone, c);
    }
    if (h.quietReady) c.ready++;
    else c.notReady++;
    this.awake.delete(node.name);
  }

  /** Polls from the first pass at or after now, unless polling already. */
  private poll(): void {
    if (this.monitor) return;
    const { sim } = this.ctx;
    this.monitor = sim.every(NODE_MONITOR_PERIOD, () => this.monitorPass(), this.passAtOrAfter(sim.now));
  }

  /**
   * Ends a node's quiet spell: brings its probe time to what the passes since would have left (each
   * saw the latest renewal of the Lease it had, so the probe time is the first pass at or after that
   * renewal) up to the last pass that has happened for it: the pass at this instant if it reached the
   * node, the one before otherwise.
   */
  private catchUp(h: NodeHealth): void {
    const now = this.ctx.sim.now;
    const lastPass = h.reachedAt === now ? now : this.passAtOrAfter(now) - NODE_MONITOR_PERIOD;
    const lease = h.quietLease;
    h.quiet = false;
    h.quietLease = undefined;
    uncount(this.quietCounts.get(h.quietZone), h.quietReady);
    // A pass under way counts the node where it reaches it, as it is then, unless it is past it.
    if (h.reachedPass !== this.passes) uncount(this.passQuiet?.get(h.quietZone), h.quietReady);
    const renewed = lease && observedRenewal(lease, lastPass);
    if (!lease || renewed === undefined) return;
    if (h.leaseRenewTime === undefined || renewed > h.leaseRenewTime) {
      h.leaseRenewTime = renewed;
      h.probeTimestamp = this.firstPassSeeing(renewed, lease);
    }
  }

  /** The first pass that sees a renewal at `renewal`: one due at a pass's instant lands after it when its loop is not slower. */
  private firstPassSeeing(renewal: Micros, lease: NodeLease): Micros {
    const pass = this.passAtOrAfter(renewal);
    return pass === renewal && !renewsBeforePasses(lease) && renewal !== lease.renewTime
      ? pass + NODE_MONITOR_PERIOD
      : pass;
  }

  /** The first monitor pass at or after `t`. */
  private passAtOrAfter(t: Micros): Micros {
    const k = Math.max(1, Math.ceil((t - this.origin) / NODE_MONITOR_PERIOD));
    return this.origin + k * NODE_MONITOR_PERIOD;
  }

  /** monitorNodeHealth upstream: update each node's health, taint or untaint it, then zone disruption. */
  private monitorNodeHealth(): void {
    const { cluster, sim } = this.ctx;
    const now = sim.now;
    const zoneCounts = new Map<string, ZoneCount>();
    const pass = ++this.passes;
    const passQuiet = new Map<string, ZoneCount>();
    for (const [zone, c] of this.quietCounts) passQuiet.set(zone, { ...c });
    this.passQuiet = passQuiet;
    for (const node of cluster.nodes) {
      const h = this.health.get(node.name);
      if (h) {
        h.reachedAt = now;
        h.reachedPass = pass;
        if (h.quiet) continue;
      }
      const observed = this.tryUpdateNodeHealth(node, now, pass);
      const zone = nodeZone(node);
      const c = zoneCounts.get(zone) ?? { ready: 0, notReady: 0 };
      if (node.ready === 'True') c.ready++;
      else c.notReady++;
      zoneCounts.set(zone, c);
      // Upstream passes the Ready condition as observed before this pass changed it, so a node that
      // just went Unknown is queued for the NoExecute taint on the next pass, 5 s later.
      this.processTaintBaseEviction(node, observed);
    }
    this.passQuiet = undefined;
    // Quiet nodes count last: a zone new to the controller holds none, so the zones it creates in
    // handleDisruption come in the order of their first nodes, as when every node is counted in turn.
    for (const [zone, q] of passQuiet) {
      if (q.ready + q.notReady === 0) continue;
      const c = zoneCounts.get(zone);
      if (c) {
        c.ready += q.ready;
        c.notReady += q.notReady;
      } else {
        zoneCounts.set(zone, q);
      }
    }
    this.handleDisruption(zoneCounts, now);
  }

  /**
   * tryUpdateNodeHealth upstream: a Lease newer than the one seen refreshes the probe time; past the
   * grace period Ready becomes Unknown. Returns Ready as observed before that change. A fresh Lease on a
   * node that is not Ready stands in for the kubelet posting Ready, which kubesim's kubelet does not.
   */
  private tryUpdateNodeHealth(node: Node, now: Micros, pass: number): Node['ready'] {
    const lease = this.ctx.cluster.lease(node.name);
    const renewed = lease && observedRenewal(lease, now);
    let h = this.health.get(node.name);
    if (!h) {
      h = {
        probeTimestamp: node.createdAt,
        leaseRenewTime: undefined,
        reachedAt: now,
        reachedPass: pass,
        quiet: false,
        quietLease: undefined,
        quietZone: '',
        quietReady: false,
      };
      this.health.set(node.name, h);
    }
    const freshLease =
      renewed !== undefined && (h.leaseRenewTime === undefined || renewed > h.leaseRenewTime);
    if (freshLease) {
      h.leaseRenewTime = renewed;
      h.probeTimestamp = now;
    }
    // Only a renewal seen now stands for the kubelet's Ready: a probe time merely reset on leaving
    // full disruption gives the node a new grace period, not a Ready condition.
    if (freshLease && node.ready !== 'True') this.markReady(node);
    const stale = now > h.probeTimestamp + this.gracePeriod;
    const observed = node.ready;
    if (stale && node.ready === 'True') this.markUnknown(node);
    return observed;
  }

  private markUnknown(node: Node): void {
    const { api, cluster, sim } = this.ctx;
    const result = api.updateNode(node.name, (n) => {
      n.ready = 'Unknown';
      // TaintNodesByCondition: applied at once, not rate limited.
      n.taints = [...n.taints, { key: TAINT_NODE_UNREACHABLE, effect: 'NoSchedule', timeAdded: sim.now }];
    });
    if (!result.ok) return;
    // MarkPodsNotReady (pkg/controller/util/node/controller_utils.go).
    for (const pod of cluster.podsOnNode(node.name)) {
      if (pod.ready) api.updatePod(pod, (p) => (p.ready = false));
    }
  }

  private markReady(node: Node): void {
    this.ctx.api.updateNode(node.name, (n) => {
      n.ready = 'True';
      n.taints = n.taints.filter((t) => !(t.key === TAINT_NODE_UNREACHABLE && t.effect === 'NoSchedule'));
    });
  }

  /** processTaintBaseEviction upstream: queue a not-Ready node for the NoExecute taint; untaint a Ready one. */
  private processTaintBaseEviction(node: Node, observed: Node['ready']): void {
    if (observed === 'True') {
      this.markNodeAsReachable(node);
      return;
    }
    if (node.taints.some(isNoExecuteByController)) return;
    const zone = this.zone(nodeZone(node));
    if (zone.members.has(node.name)) return;
    zone.members.add(node.name);
    zone.queue.push(node.name);
    this.startTainter();
  }

  /** markNodeAsReachable upstream: remove the NoExecute taints and drop the node from its zone's queue. */
  private markNodeAsReachable(node: Node): void {
    const zone = this.zones.get(nodeZone(node));
    if (zone?.members.delete(node.name)) zone.queue = zone.queue.filter((n) => n !== node.name);
    if (node.taints.some(isNoExecuteByController)) {
      this.ctx.api.updateNode(
        node.name,
        (n) => (n.taints = n.taints.filter((t) => !isNoExecuteByController(t))),
      );
    }
  }

  /**
   * handleDisruption upstream: set each zone's eviction rate from its state. When every zone is fully
   * disrupted, stop all evictions and untaint every node ("master disruption mode"); when leaving that
   * mode, restart every node's grace period from now and reset the limiters.
   */
  private handleDisruption(counts: Map<string, ZoneCount>, now: Micros): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [name, c] of counts) {
      const state = computeZoneState(c.ready, c.notReady);
      if (state !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(name, state);
      this.zone(name); // a zone seen for the first time starts in Initial
    }
    let allWasFullyDisrupted = true;
    for (const [name, zone] of this.zones) {
      if (!counts.has(name)) {
        this.zones.delete(name);
        continue;
      }
      if (zone.state !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      // Every node's queue membership and taints change, some without a Node event.
      this.wakeAll();
      for (const node of [...this.ctx.cluster.nodes]) this.markNodeAsReachable(node);
      for (const zone of this.zones.values()) {
        zone.limiter = zone.limiter.swap(0, now);
        zone.state = 'FullDisruption';
      }
      return;
    }
    if (allWasFullyDisrupted) {
      this.wakeAll();
      for (const h of this.health.values()) h.probeTimestamp = now;
      for (const [name, zone] of this.zones)
        this.setLimiterInZone(zone, counts.get(name), newStates.get(name), now);
      return;
    }
    for (const [name, zone] of this.zones) {
      const state = newStates.get(name) as ZoneState;
      if (zone.state !== state) this.setLimiterInZone(zone, counts.get(name), state, now);
    }
  }

  private setLimiterInZone(
    zone: ZoneTainter,
    count: ZoneCount | undefined,
    state: ZoneState | undefined,
    now: Micros,
  ): void {
    if (!count || !state) return;
    zone.limiter = zone.limiter.swap(zoneEvictionRate(state, count.ready + count.notReady), now);
    zone.state = state;
  }

  private zone(name: string): ZoneTainter {
    let z = this.zones.get(name);
    if (!z) {
      z = {
        limiter: new TokenBucket(NODE_EVICTION_RATE, EVICTION_RATE_LIMITER_BURST, this.ctx.sim.now),
        queue: [],
        members: new Set(),
        state: 'Initial',
      };
      this.zones.set(name, z);
    }
    return z;
  }

  private startTainter(): void {
    if (this.tainter) return;
    this.tainter = this.ctx.sim.every(NODE_EVICTION_PERIOD, () => this.doNoExecuteTaintingPass());
  }

  /**
   * doNoExecuteTaintingPass upstream: per zone, taint queued nodes as fast as the limiter admits (each
   * item spends a token, even one that needs nothing now). The pass runs every 100 ms while any queue
   * holds a node, which is when upstream's always-running pass can do anything.
   */
  private doNoExecuteTaintingPass(): void {
    const { cluster, sim, api } = this.ctx;
    let waiting = 0;
    for (const zone of this.zones.values()) {
      while (zone.queue.length > 0 && zone.limiter.tryAccept(sim.now)) {
        const name = zone.queue.shift() as string;
        const node = cluster.node(name);
        if (!node || node.ready === 'True' || node.taints.some(isNoExecuteByController)) continue;
        // "unreachable" and "not-ready" are mutually exclusive, mirroring the Ready condition.
        const key = node.ready === 'Unknown' ? TAINT_NODE_UNREACHABLE : TAINT_NODE_NOT_READY;
        const taint: Taint = { key, effect: 'NoExecute', timeAdded: sim.now };
        api.updateNode(name, (n) => (n.taints = [...n.taints, taint]));
      }
      waiting += zone.queue.length;
    }
    if (waiting === 0) {
      this.tainter?.cancel();
      this.tainter = undefined;
    }
  }
}

/** Takes a node out of a zone's count. */
function uncount(c: ZoneCount | undefined, ready: boolean): void {
  if (!c) return;
  if (ready) c.ready--;
  else c.notReady--;
}

function isNoExecuteByController(t: Taint): boolean {
  return (t.key === TAINT_NODE_UNREACHABLE || t.key === TAINT_NODE_NOT_READY) && t.effect === 'NoExecute';
}

/**
 * Whether a renewal of the Lease's loop due at the instant of a monitor pass lands before that pass,
 * as polling orders them: its timer was re-armed one renew interval earlier, the pass's one period
 * (5 s) earlier, so the renewal comes first only when its interval is the longer (10 s by default; a
 * KubeletConfiguration with nodeLeaseDurationSeconds ≤ 20 renews every 5 s or faster).
 */
function renewsBeforePasses(lease: NodeLease): boolean {
  return lease.cadence === undefined || lease.cadence.interval > NODE_MONITOR_PERIOD;
}

/** spec.renewTime as the monitor pass at `pass` reads it. */
function observedRenewal(lease: NodeLease, pass: Micros): Micros | undefined {
  return leaseRenewTime(lease, renewsBeforePasses(lease) ? pass : pass - 1);
}
