import { NodePoolSeries } from '../../metrics/node-pool-series.js';
import type { MetricRegistry } from '../../metrics/registry.js';
import type { UtilisationTracker } from '../../metrics/utilisation.js';
import type { ClusterInput } from '../../model/cluster-input.js';
import type { Scenario } from '../../model/scenario.js';
import type { ControllerContext } from '../context.js';
import { ClusterAutoscaler } from './cluster-autoscaler.js';
import { withClusterAutoscalerDefaults } from './defaults.js';
import type { ClusterAutoscalerEvent } from './events.js';

export { ClusterAutoscaler } from './cluster-autoscaler.js';
export { CLUSTER_AUTOSCALER_DEFAULTS, withClusterAutoscalerDefaults } from './defaults.js';
export type { ClusterAutoscalerEvent } from './events.js';

/**
 * The cluster-autoscaler of a run, wired to what it pays and measures through: undefined when no
 * pool of the Scenario has a `max` (nothing to autoscale).
 */
export function clusterAutoscalerFor(
  ctx: ControllerContext,
  scenario: Scenario,
  input: ClusterInput,
  deps: {
    metrics: MetricRegistry;
    utilisation: UtilisationTracker;
    record: (e: ClusterAutoscalerEvent) => void;
  },
): ClusterAutoscaler | undefined {
  const pools = scenario.nodePools.filter((p) => p.max !== undefined);
  if (pools.length === 0) return undefined;
  const series = new NodePoolSeries(
    ctx.cluster,
    deps.metrics,
    pools.map((p) => p.name),
  );
  return new ClusterAutoscaler(ctx, {
    settings: scenario.clusterAutoscaler ?? withClusterAutoscalerDefaults(),
    pools: scenario.nodePools,
    schedulerConfiguration: input.schedulerConfiguration,
    priorityConfig: input.priorityExpander,
    charge: (_name, pool, price) => {
      const stopCost = deps.utilisation.chargeMachine(pool, price);
      const stopSeries = series.provisioning(pool, price);
      return () => {
        stopCost();
        stopSeries();
      };
    },
    record: deps.record,
  });
}
