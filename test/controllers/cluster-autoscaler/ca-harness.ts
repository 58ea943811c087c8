import { withClusterAutoscalerDefaults } from '../../../src/controllers/cluster-autoscaler/defaults.js';
import { constant } from '../../../src/engine/distributions.js';
import type {
  ClusterAutoscalerSettings,
  PriorityExpanderConfig,
} from '../../../src/model/cluster-autoscaler.js';
import type { NodePool, Scenario } from '../../../src/model/scenario.js';
import type { Deployment, PodDisruptionBudget } from '../../../src/model/workloads.js';
import { createRun } from '../../../src/sim/run.js';
import { S } from '../harness.js';

/** A run with the cluster-autoscaler: `pools` (give them `max`), Deployments, budgets and settings. */
export function caRun(options: {
  pools: NodePool[];
  deployments?: Deployment[];
  pdbs?: PodDisruptionBudget[];
  settings?: Partial<ClusterAutoscalerSettings>;
  priority?: PriorityExpanderConfig;
  seed?: number;
  durationSeconds?: number;
  startupSeconds?: number;
}) {
  const deployments = options.deployments ?? [];
  const startup = { startupTime: constant((options.startupSeconds ?? 10) * S) };
  const scenario: Scenario = {
    name: 'ca',
    file: 'ca.yaml',
    seed: options.seed ?? 1,
    duration: (options.durationSeconds ?? 7200) * S,
    warmup: 0,
    kubernetesVersion: '1.36',
    zones: [],
    nodePools: options.pools,
    services: Object.fromEntries(deployments.map((d) => [d.name, startup])),
    faults: [],
    clusterAutoscaler: withClusterAutoscalerDefaults(options.settings),
  };
  return createRun({
    scenario,
    nodes: [],
    pods: [],
    deployments,
    statefulSets: [],
    services: [],
    podDisruptionBudgets: options.pdbs ?? [],
    priorityClasses: [],
    ...(options.priority ? { priorityExpander: options.priority } : {}),
  });
}

/** Registered nodes of each pool now. */
export function nodesByPool(run: ReturnType<typeof caRun>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of run.cluster.nodes) out[n.pool ?? ''] = (out[n.pool ?? ''] ?? 0) + 1;
  return out;
}
