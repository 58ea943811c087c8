import type { ControllerContext } from '../controllers/context.js';
import { Kubelets } from '../controllers/kubelet.js';
import { NodeLifecycleController } from '../controllers/node-lifecycle.js';
import { ReplicaSetController } from '../controllers/replicaset.js';
import { StatefulSetController } from '../controllers/statefulset.js';
import { TaintEvictionController } from '../controllers/taint-eviction.js';
import { constant } from '../engine/distributions.js';
import { RandomStreams } from '../engine/random.js';
import { Simulation } from '../engine/simulation.js';
import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import { type FaultRecord, scheduleFaults } from '../faults/index.js';
import { AvailabilityTracker, type WorkloadAvailability } from '../metrics/availability.js';
import { type SchedulingMetrics, SchedulingTracker } from '../metrics/scheduling.js';
import { Timeline, type TimelineEntry } from '../metrics/timeline.js';
import { type CostMetrics, type UtilisationMetrics, UtilisationTracker } from '../metrics/utilisation.js';
import { type ClusterInput, kubernetesMinor } from '../model/cluster-input.js';
import { ClusterState } from '../model/cluster-state.js';
import type { Scenario } from '../model/scenario.js';
import type { WorkloadBehaviour } from '../model/workloads.js';
import { Scheduler } from '../scheduler/index.js';
import { nodeFromPool } from './node-pools.js';

/** Start-up time of pods whose workload the Scenario does not describe: image pull + container start. */
export const DEFAULT_BEHAVIOUR: WorkloadBehaviour = { startupTime: constant(10 * MICROS_PER_SECOND) };

export interface SimulateOptions {
  /** Overrides the Scenario's seed. */
  seed?: number;
  /** Overrides the Scenario's duration (µs). */
  duration?: Micros;
  /** Called with the fraction done (0–1) a hundred times over the run, for progress bars. */
  onProgress?: (fraction: number) => void;
}

/** Everything one run measured; the report layer turns it into JSON and Markdown. */
export interface SimulationResult {
  scenario: Scenario;
  seed: number;
  duration: Micros;
  nodes: { initial: number; atEnd: number };
  scheduling: SchedulingMetrics & { attempts: number; failedAttempts: number; preemptions: number };
  utilisation: UtilisationMetrics;
  cost: CostMetrics;
  availability: { overall: number; workloads: WorkloadAvailability[] };
  faults: FaultRecord[];
  timeline: { entries: TimelineEntry[]; dropped: number };
  eventsFired: number;
}

/**
 * Runs one simulation of `input` (which must hold a Scenario).
 *
 *   manifests ─► ClusterState ─► controllers + scheduler + faults on the engine ─► metrics ─► result
 *
 * 1. Build the cluster state: services, workloads, PDBs, nodes from pools and manifests.
 * 2. Attach the metric trackers first, so they see every change.
 * 3. Start the kubelets, controllers and scheduler, add standalone pods, queue the faults.
 * 4. Run the engine to the horizon in slices (for progress), then summarise.
 */
export function simulate(input: ClusterInput, options: SimulateOptions = {}): SimulationResult {
  const scenario = input.scenario;
  if (!scenario) throw new Error('invariant: simulate() needs a Scenario; the loader checks requireScenario');
  const seed = options.seed ?? scenario.seed;
  const duration = options.duration ?? scenario.duration;
  const sim = new Simulation();
  const random = new RandomStreams(seed);
  const cluster = new ClusterState();

  // 1. Cluster objects.
  for (const service of input.services) cluster.addService(service);
  for (const workload of [...input.deployments, ...input.statefulSets]) cluster.addWorkload(workload);
  for (const pdb of input.podDisruptionBudgets) cluster.addPodDisruptionBudget(pdb);

  // 2. Metrics.
  const now = (): Micros => sim.now;
  const windowStart = Math.min(scenario.warmup, duration);
  const availability = new AvailabilityTracker(cluster, now, windowStart);
  const scheduling = new SchedulingTracker(cluster);
  const utilisation = new UtilisationTracker(cluster, now, windowStart);
  const timeline = new Timeline(cluster, now);

  // 3. Control plane and nodes.
  const ctx: ControllerContext = {
    sim,
    cluster,
    random,
    kubernetesMinor: kubernetesMinor(scenario.kubernetesVersion),
    behaviour: (name) => scenario.services[name] ?? DEFAULT_BEHAVIOUR,
  };
  new Kubelets(ctx).start();
  new NodeLifecycleController(ctx).start();
  new TaintEvictionController(ctx).start();
  const scheduler = new Scheduler({
    cluster,
    sim,
    random: random.get('scheduler/tie-break'),
    configuration: input.schedulerConfiguration,
    kubernetesVersion: scenario.kubernetesVersion,
  });
  scheduler.start();
  for (const pool of scenario.nodePools) {
    for (let i = 0; i < pool.count; i++) cluster.addNode(nodeFromPool(pool, i, 0));
  }
  for (const node of input.nodes)
    cluster.addNode({ ...node, labels: { ...node.labels }, taints: [...node.taints] });
  const initialNodes = cluster.nodeCount;
  new ReplicaSetController(ctx).start();
  new StatefulSetController(ctx).start();
  for (const pod of input.pods) cluster.addPod({ ...pod });
  const faults: FaultRecord[] = [];
  scheduleFaults(sim, cluster, scenario.faults, (record) => {
    faults.push(record);
    timeline.add(
      `fault ${record.kind}: ${record.nodes.join(', ') || 'no node'}${record.note ? ` (${record.note})` : ''}`,
    );
  });

  // 4. Run.
  const slices = options.onProgress ? 100 : 1;
  for (let i = 1; i <= slices; i++) {
    sim.run(Math.round((duration * i) / slices));
    options.onProgress?.(i / slices);
  }

  const end = sim.now;
  const { utilisation: util, cost } = utilisation.finish(end);
  const stats = scheduler.stats;
  return {
    scenario,
    seed,
    duration,
    nodes: { initial: initialNodes, atEnd: cluster.nodeCount },
    scheduling: {
      ...scheduling.finish(end),
      attempts: stats.attempts,
      failedAttempts: stats.failed,
      preemptions: stats.preemptions,
    },
    utilisation: util,
    cost,
    availability: availability.finish(end),
    faults,
    timeline: { entries: timeline.entries, dropped: timeline.dropped },
    eventsFired: sim.eventsFired,
  };
}
