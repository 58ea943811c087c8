import { formatDuration, type Micros } from '../../engine/time.js';
import type { ClusterAutoscalerSettings, PriorityExpanderConfig } from '../../model/cluster-autoscaler.js';
import type { Pod } from '../../model/pod.js';
import type { NodePool } from '../../model/scenario.js';
import type { KubeSchedulerConfiguration } from '../../model/scheduler-config.js';
import type { ControllerContext } from '../context.js';
import { type DeletionOutcome, ScaleDownActuator } from './actuator.js';
import { balanceScaleUp, similarOptions } from './balancing.js';
import { estimateNodes } from './binpacking.js';
import {
  type ChargeMachine,
  type ProvisioningFailure,
  provisioningFailureMessage,
  SimulatedCloud,
} from './cloud.js';
import { MAX_DRAIN_PARALLELISM, MAX_SCALE_DOWN_PARALLELISM } from './defaults.js';
import { type ClusterAutoscalerEvent, groupTarget } from './events.js';
import { buildExpander, type Expander } from './expanders/chain.js';
import type { ScaleUpOption } from './expanders/option.js';
import { type NodeGroup, nodeGroupsFromPools } from './node-groups.js';
import { ScaleDownPlanner, type UnneededNode } from './scale-down-planner.js';
import { SchedulingSimulator } from './simulator.js';

/** What the cluster-autoscaler is given besides the controller context. */
export interface ClusterAutoscalerOptions {
  settings: ClusterAutoscalerSettings;
  /** The Scenario's node pools; those with a `max` are its node groups. */
  pools: readonly NodePool[];
  schedulerConfiguration?: KubeSchedulerConfiguration | undefined;
  priorityConfig?: PriorityExpanderConfig | undefined;
  /** Pays for provisioning machines (registered nodes are paid for from their Node). */
  charge: ChargeMachine;
  record: (event: ClusterAutoscalerEvent) => void;
}

/**
 * The cluster-autoscaler (kubernetes/autoscaler cluster-autoscaler, core/static_autoscaler.go
 * RunOnce), every scan interval:
 *
 *   unschedulable pods ─► drop those that fit existing or upcoming nodes ─► options per node group
 *   (binpacking on template nodes with the scheduler's filters) ─► expander ─► IncreaseSize
 *   no scale-up ─► unneeded nodes (utilisation, drainability, pods fit elsewhere) ─► after the
 *   unneeded time and outside the cool-downs: delete empty nodes, drain one non-empty node
 *
 * It reads the store and writes through the API server; while the control plane cannot write it
 * does nothing, as its list calls would fail.
 */
export class ClusterAutoscaler {
  readonly groups: NodeGroup[];
  private readonly sim: SchedulingSimulator;
  private readonly expander: Expander;
  private readonly cloud: SimulatedCloud;
  private readonly planner: ScaleDownPlanner;
  private readonly actuator: ScaleDownActuator;
  private lastScaleUpAt = Number.NEGATIVE_INFINITY;
  private lastDeleteAt = Number.NEGATIVE_INFINITY;
  private lastFailureAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly options: ClusterAutoscalerOptions,
  ) {
    const s = options.settings;
    this.groups = nodeGroupsFromPools(options.pools);
    this.sim = new SchedulingSimulator(
      ctx.cluster,
      options.schedulerConfiguration,
      ctx.kubernetesMinor,
      ctx.random.get('cluster-autoscaler/scheduler-filters'),
    );
    this.expander = buildExpander(
      s.expanders,
      ctx.random.get('cluster-autoscaler/expander'),
      options.priorityConfig,
    );
    this.cloud = new SimulatedCloud(ctx, s.maxNodeProvisionTime, options.charge, (f) =>
      this.provisioningFailed(f),
    );
    this.planner = new ScaleDownPlanner(ctx.cluster, s);
    this.actuator = new ScaleDownActuator(ctx, this.cloud, s.maxGracefulTerminationSec, (o) =>
      this.deletionDone(o),
    );
  }

  start(): void {
    if (this.groups.length === 0) return;
    this.ctx.sim.every(this.options.settings.scanInterval, () => this.runOnce());
  }

  /** One loop (RunOnce). */
  runOnce(): void {
    if (!this.ctx.api.isWritable) return;
    const now = this.ctx.sim.now;
    const pending = this.unschedulablePods();
    if (pending.length > 0 && this.scaleUp(pending, now)) {
      this.lastScaleUpAt = now;
      return;
    }
    const s = this.options.settings;
    if (!s.scaleDownEnabled) return;
    const unneeded = this.planner.update(this.sim, this.groups, now);
    // isScaleDownInCooldown: the unneeded clocks run on, deletions wait.
    const afterDelete = Math.max(s.scaleDownDelayAfterDelete, s.scanInterval);
    if (
      now < this.lastScaleUpAt + s.scaleDownDelayAfterAdd ||
      now < this.lastDeleteAt + afterDelete ||
      now < this.lastFailureAt + s.scaleDownDelayAfterFailure
    )
      return;
    this.scaleDown(unneeded, now);
  }

  /** Pending pods the scheduler marked PodScheduled=False (reason Unschedulable), by priority. */
  private unschedulablePods(): Pod[] {
    const out: Pod[] = [];
    for (const p of this.ctx.cluster.pods) {
      if (
        p.nodeName === undefined &&
        p.phase === 'Pending' &&
        p.unschedulableMessage !== undefined &&
        p.deletionTimestamp === undefined
      )
        out.push(p);
    }
    return out.sort((a, b) => b.spec.priority - a.spec.priority);
  }

  /**
   * ScaleUp (core/scaleup/orchestrator): pods that fit a node that exists or is on its way are left
   * to the scheduler (FilterOutSchedulable, upcoming nodes as templates); for the rest each group
   * not backed off and below max gets an option from the binpacking estimate; the expander picks one.
   */
  private scaleUp(pending: readonly Pod[], now: Micros): boolean {
    const { cluster } = this.ctx;
    this.sim.reset();
    for (const g of this.groups) for (const u of g.upcoming.values()) this.sim.addNode(u.node);
    const everyNode = this.sim.snapshot.nodeInfos.map((n) => n.node.name);
    const helpless: Pod[] = [];
    for (const pod of pending) {
      const at = this.sim.findNode(pod, everyNode);
      if (at === undefined) helpless.push(pod);
      else this.sim.addPod(pod, at);
    }
    if (helpless.length === 0) return false;
    const options: ScaleUpOption[] = [];
    for (const group of this.groups) {
      if (group.isBackedOff(now)) continue;
      const size = group.targetSize(cluster);
      if (size >= group.max) continue;
      const estimate = estimateNodes(this.sim, group, helpless, group.max - size, now);
      if (estimate.nodeCount > 0)
        options.push({
          group,
          nodeCount: estimate.nodeCount,
          pods: estimate.pods,
          template: group.template(now),
        });
    }
    const best = this.expander(options, { clusterNodes: cluster.nodeCount });
    if (!best) return false;
    const chosen =
      options.length > 1
        ? `; ${this.options.settings.expanders.join(',')} chose it among ${options.length} groups`
        : '';
    const shares = this.options.settings.balanceSimilarNodeGroups
      ? similarOptions(best, options).map((o) => ({ group: o.group, size: o.group.targetSize(cluster) }))
      : [{ group: best.group, size: best.group.targetSize(cluster) }];
    const increases = balanceScaleUp(shares, best.nodeCount);
    const balanced = shares.length > 1 ? `; balanced across ${shares.length} similar node groups` : '';
    for (const { group, from, to } of increases) {
      this.cloud.increaseSize(group, to - from);
      this.options.record({
        at: now,
        target: groupTarget(group.id),
        from,
        to,
        reason: `TriggeredScaleUp: ${best.pods.length} unschedulable pod(s) fit ${best.nodeCount} new node(s)${chosen}${balanced}`,
      });
    }
    return increases.length > 0;
  }

  /**
   * TryToScaleDown: unneeded long enough (the unready time for unready nodes), the group above its
   * min; empty nodes at most max-scale-down-parallelism at once, one non-empty drain at a time.
   */
  private scaleDown(unneeded: readonly UnneededNode[], now: Micros): void {
    const s = this.options.settings;
    const sizes = new Map<NodeGroup, number>();
    let empty = 0;
    let drains = this.actuator.drainsInProgress;
    for (const u of unneeded) {
      const wait = u.node.ready === 'True' ? s.scaleDownUnneededTime : s.scaleDownUnreadyTime;
      if (now - u.since < wait) continue;
      const size = sizes.get(u.group) ?? u.group.targetSize(this.ctx.cluster);
      if (size - 1 < u.group.min) continue;
      if (u.pods.length === 0) {
        if (empty >= MAX_SCALE_DOWN_PARALLELISM) continue;
        empty++;
      } else {
        if (drains >= MAX_DRAIN_PARALLELISM) continue;
        drains++;
      }
      sizes.set(u.group, size - 1);
      const what =
        u.pods.length === 0
          ? `ScaleDownEmpty: removing empty node ${u.node.name}`
          : `ScaleDown: draining node ${u.node.name} (${u.pods.length} pod(s) fit elsewhere)`;
      this.options.record({
        at: now,
        target: groupTarget(u.group.id),
        from: size,
        to: size - 1,
        reason: `${what}, utilization ${u.utilization.toFixed(2)} below ${s.scaleDownUtilizationThreshold} for ${formatDuration(now - u.since)}`,
      });
      this.actuator.delete(u.group, u.node.name, u.pods);
    }
  }

  private deletionDone(o: DeletionOutcome): void {
    const now = this.ctx.sim.now;
    this.planner.forget(o.node);
    if (o.ok) {
      this.lastDeleteAt = now;
      return;
    }
    this.lastFailureAt = now;
    const size = o.group.targetSize(this.ctx.cluster);
    this.options.record({
      at: now,
      target: groupTarget(o.group.id),
      from: size - 1,
      to: size,
      reason: `ScaleDownFailed: node ${o.node} kept: ${o.reason}`,
    });
  }

  private provisioningFailed(f: ProvisioningFailure): void {
    const size = f.group.targetSize(this.ctx.cluster);
    this.options.record({
      at: this.ctx.sim.now,
      target: groupTarget(f.group.id),
      from: size + 1,
      to: size,
      reason: provisioningFailureMessage(f, this.options.settings.maxNodeProvisionTime),
    });
  }
}
