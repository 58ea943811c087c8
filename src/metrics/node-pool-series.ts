import type { ClusterState } from '../model/cluster-state.js';
import type { Node } from '../model/node.js';
import type { MetricRegistry } from './registry.js';

/**
 * Nodes per pool and the cost rate over time, for runs with the cluster-autoscaler: registered
 * Node objects and machines still provisioning (paid for, no Node yet), and Σ their prices per hour.
 */
export class NodePoolSeries {
  private readonly nodes;
  private readonly cost;

  constructor(cluster: ClusterState, registry: MetricRegistry, pools: readonly string[]) {
    this.nodes = registry.gauge(
      'kubesim_node_pool_nodes',
      'Nodes of each pool: registered (a Node object) or provisioning (a machine paid for, not registered yet).',
    );
    this.cost = registry.gauge('kubesim_cost_per_hour', 'USD per hour of every machine paid for now.');
    for (const pool of pools) {
      this.nodes.set({ pool, state: 'registered' }, 0);
      this.nodes.set({ pool, state: 'provisioning' }, 0);
    }
    this.cost.set({}, 0);
    for (const n of cluster.nodes) this.node(n, 1);
    cluster.watch((e) => {
      if (e.type === 'NodeAdded') this.node(e.node, 1);
      else if (e.type === 'NodeDeleted') this.node(e.node, -1);
    });
  }

  /** A machine starts provisioning; the returned function ends it (registered or given up). */
  provisioning(pool: string, pricePerHour: number): () => void {
    this.nodes.add({ pool, state: 'provisioning' }, 1);
    this.cost.add({}, pricePerHour);
    return () => {
      this.nodes.add({ pool, state: 'provisioning' }, -1);
      this.cost.add({}, -pricePerHour);
    };
  }

  private node(n: Node, sign: 1 | -1): void {
    if (n.pool !== undefined) this.nodes.add({ pool: n.pool, state: 'registered' }, sign);
    this.cost.add({}, sign * n.pricePerHour);
  }
}
