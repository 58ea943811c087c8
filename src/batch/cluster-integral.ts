import type { Micros } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Node } from '../model/node.js';
import { CPU } from '../model/resources.js';

/**
 * The cluster's allocatable CPU and node cost, integrated over time from the Node events, queryable
 * over any interval: F(b) − F(a) of the piecewise-linear cumulative functions (checkpoints at every
 * change). CPU in millicore-seconds, cost in the pools' currency.
 */
export class ClusterIntegral {
  private readonly times: Micros[] = [];
  private readonly cpu: number[] = [];
  private readonly cost: number[] = [];
  private cpuRate = 0;
  private costRate = 0;

  constructor(cluster: ClusterState, now: () => Micros) {
    const change = (node: Node, sign: 1 | -1): void => {
      this.checkpoint(now());
      this.cpuRate += sign * (node.allocatable[CPU] ?? 0);
      this.costRate += (sign * node.pricePerHour) / 3600;
    };
    this.checkpoint(now());
    for (const node of cluster.nodes) change(node, 1);
    cluster.watch((event) => {
      if (event.type === 'NodeAdded') change(event.node, 1);
      else if (event.type === 'NodeDeleted') change(event.node, -1);
    });
  }

  private checkpoint(t: Micros): void {
    const n = this.times.length;
    if (n === 0) {
      this.times.push(t);
      this.cpu.push(0);
      this.cost.push(0);
      return;
    }
    const dt = (t - (this.times[n - 1] as number)) / 1e6;
    const cpu = (this.cpu[n - 1] as number) + this.cpuRate * dt;
    const cost = (this.cost[n - 1] as number) + this.costRate * dt;
    if (t === this.times[n - 1]) {
      this.cpu[n - 1] = cpu;
      this.cost[n - 1] = cost;
    } else {
      this.times.push(t);
      this.cpu.push(cpu);
      this.cost.push(cost);
    }
  }

  /** Allocatable millicore-seconds and node cost over [from, to] (to ≤ now). */
  over(from: Micros, to: Micros): { cpuMilliSeconds: number; cost: number } {
    return {
      cpuMilliSeconds: this.at(to, this.cpu, this.cpuRate) - this.at(from, this.cpu, this.cpuRate),
      cost: this.at(to, this.cost, this.costRate) - this.at(from, this.cost, this.costRate),
    };
  }

  /** The cumulative value at `t`: the last checkpoint at or before it, plus the rate that followed. */
  private at(t: Micros, cumulative: readonly number[], currentRate: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    if (hi < 0 || t <= (this.times[0] as number)) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.times[mid] as number) <= t) lo = mid;
      else hi = mid - 1;
    }
    const base = cumulative[lo] as number;
    const nextT = this.times[lo + 1];
    const rate =
      nextT === undefined
        ? currentRate
        : ((cumulative[lo + 1] as number) - base) / (((nextT as number) - (this.times[lo] as number)) / 1e6);
    return base + rate * ((t - (this.times[lo] as number)) / 1e6);
  }
}
