import { ApiServer } from '../api/api-server.js';
import { type DisasterRecoveryResult, startDisasterRecovery } from '../backup/index.js';
import { type BatchRunResult, createBatchRun } from '../batch/batch-run.js';
import {
  type ClusterAutoscalerEvent,
  clusterAutoscalerFor,
} from '../controllers/cluster-autoscaler/index.js';
import type { ControllerContext } from '../controllers/context.js';
import { DeploymentController } from '../controllers/deployment.js';
import { DisruptionController } from '../controllers/disruption.js';
import { EndpointSliceController } from '../controllers/endpointslice.js';
import { HorizontalPodAutoscalerController, type HpaRescale } from '../controllers/hpa-controller.js';
import { JobController } from '../controllers/job.js';
import { Kubelets } from '../controllers/kubelet.js';
import { NodeLifecycleController, nodeMonitorGracePeriod } from '../controllers/node-lifecycle.js';
import { PodGarbageCollector } from '../controllers/pod-gc.js';
import { ReplicaSetController } from '../controllers/replicaset.js';
import { StatefulSetController } from '../controllers/statefulset.js';
import { TaintEvictionController } from '../controllers/taint-eviction.js';
import { constant } from '../engine/distributions.js';
import { RandomStreams } from '../engine/random.js';
import { Simulation } from '../engine/simulation.js';
import { MICROS_PER_MS, MICROS_PER_SECOND, type Micros, parseDuration } from '../engine/time.js';
import {
  DEFAULT_CONTROL_PLANE,
  defaultFaultKinds,
  type FaultRecord,
  scheduleFault,
  scheduleFaults,
  startControlPlane,
} from '../faults/index.js';
import { GroundTruth } from '../ground-truth/ground-truth.js';
import { HpaMetricSources } from '../metrics/autoscaling-metric-sources.js';
import { AutoscalingSeries } from '../metrics/autoscaling-series.js';
import { type ScaleUpSlo, scaleUpSlos } from '../metrics/autoscaling-slo.js';
import { AvailabilityTracker, type WorkloadAvailability } from '../metrics/availability.js';
import { ClusterSeriesTracker } from '../metrics/cluster-series.js';
import { type Incident, IncidentTracker } from '../metrics/incidents.js';
import { PodCpuMetrics, trafficCpuSources } from '../metrics/pod-metrics.js';
import { MetricRegistry, type SampledSeries } from '../metrics/registry.js';
import { type RolloutSummary, rolloutSummaries } from '../metrics/rollouts.js';
import { type SchedulingMetrics, SchedulingTracker } from '../metrics/scheduling.js';
import { Timeline, type TimelineEntry } from '../metrics/timeline.js';
import { type CostMetrics, type UtilisationMetrics, UtilisationTracker } from '../metrics/utilisation.js';
import { type ClusterInput, kubernetesMinor } from '../model/cluster-input.js';
import { ClusterState } from '../model/cluster-state.js';
import type { Operation } from '../model/operations.js';
import type { Fault, Scenario } from '../model/scenario.js';
import type { PodDisruptionBudget, WorkloadBehaviour } from '../model/workloads.js';
import { type AlertEvaluation, alertingMonitoringOptions, evaluateRules } from '../monitoring/alerts.js';
import { MonitoringCollector, type MonitoringOptions } from '../monitoring/collector.js';
import type { SeriesStore } from '../monitoring/series-store.js';
import {
  defaultOperationKinds,
  type OperationRecord,
  scheduleOperation,
  scheduleOperations,
} from '../operations/index.js';
import { operationContext } from '../operations/run-context.js';
import { type PluginRegistry, Scheduler } from '../scheduler/index.js';
import { TrafficBridge } from '../traffic/cluster-bridge.js';
import { FluidTrafficModel, TrafficModel, type TrafficResult } from '../traffic/index.js';
import type { TrafficSimulator } from '../traffic/traffic-simulator.js';
import { defaultScenario } from './default-scenario.js';
import { nodeFromPool } from './node-pools.js';

/** Start-up time of pods whose workload the Scenario does not describe: image pull + container start. */
export const DEFAULT_BEHAVIOUR: WorkloadBehaviour = { startupTime: constant(10 * MICROS_PER_SECOND) };

/** A duration given to the library: a Kubernetes/Go duration string ("6h", "90s") or a number of seconds. */
export type DurationInput = string | number;

/** Turns a DurationInput into µs; anything else (negative, non-finite, unparsable, another type) is a RangeError. */
export function toMicros(value: DurationInput, what: string): Micros {
  if (typeof value === 'string') {
    const us = parseDuration(value);
    if (us === undefined || us < 0)
      throw new RangeError(
        `Cannot use ${what}: expected a duration like "90s" or "6h": current value is "${value}"`,
      );
    return us;
  }
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0)
    return Math.round(value * MICROS_PER_SECOND);
  throw new RangeError(
    `Cannot use ${what}: expected a duration string ("6h") or a number of seconds >= 0: current value is ${String(value)}`,
  );
}

export interface RunOptions {
  /** Overrides the Scenario's seed. */
  seed?: number;
  /** Overrides the Scenario's duration: a duration string ("6h") or seconds. */
  duration?: DurationInput;
  /** The plugins the scheduler configuration may name. @default inTreeRegistry() */
  schedulerRegistry?: PluginRegistry;
  /** false: the HorizontalPodAutoscalers and the cluster-autoscaler do not run (a fixed cluster). @default true */
  autoscaling?: boolean;
  /** Collect the Prometheus series (docs/monitoring.md) into `SimulationResult.monitoring`. @default off */
  monitoring?: MonitoringOptions;
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
  availability: { overall: number; allWorkloadsServing: number; workloads: WorkloadAvailability[] };
  /** What the loader warned about (fields and faults not simulated, likely mistakes), in input order. */
  warnings: { file: string; line: number; column: number; path: string; message: string }[];
  /** Requests through Services; null when the Scenario has no workload. */
  traffic: TrafficResult | null;
  faults: FaultRecord[];
  /** Each fault, or group of overlapping faults, with Kubernetes' repair steps (metrics/incidents.ts). */
  incidents: Incident[];
  /** What each operation did, and the budgets' status at the end; null when the Scenario has none. */
  operations: { records: OperationRecord[]; budgets: PodDisruptionBudget[] } | null;
  /**
   * The HPAs' rescales and the cluster-autoscaler's node-group changes, each in time order; null when
   * neither ran (no HorizontalPodAutoscaler, no pool with `max`, or autoscaling off).
   */
  autoscaling: {
    events: HpaRescale[];
    clusterAutoscaler: ClusterAutoscalerEvent[];
    /** Each HPA and its target, "namespace/name", in input order. */
    hpas: { hpa: string; workload: string }[];
    /** Each HPA scale-up episode with its Service's requests against the SLO (metrics/autoscaling-slo.ts). */
    scaleUps: ScaleUpSlo[];
  } | null;
  /** Deployments that rolled out (more than one revision) as they stand at the end (docs/deployments.md). */
  rollouts: RolloutSummary[];
  /** Backups, etcd snapshots and disasters with their restores; null when the input has none. */
  disasterRecovery: DisasterRecoveryResult | null;
  /** Jobs and the pod trace (docs/batch.md); null when the run has neither. */
  batch: BatchRunResult | null;
  timeline: { entries: TimelineEntry[]; dropped: number };
  series: { step: Micros; times: Micros[]; series: SampledSeries[] };
  eventsFired: number;
  /** The scraped series, when `RunOptions.monitoring` asked for them (not part of the report). */
  monitoring?: SeriesStore;
  /** The alert rules' firing intervals over those series, when the Scenario has spec.monitoring. */
  alerts?: AlertEvaluation;
}

/** A part of a run (controller, scheduler, tracker) with its place in the wiring. */
export interface RunComponent {
  readonly name: string;
  start(): void;
}

/** One run, steppable: advance it, look at it through `api`, `cluster` and `truth`, then finish it. */
export interface Run {
  readonly scenario: Scenario;
  readonly seed: number;
  /** The horizon (µs). */
  readonly duration: Micros;
  readonly sim: Simulation;
  readonly api: ApiServer;
  readonly cluster: ClusterState;
  readonly truth: GroundTruth;
  readonly random: RandomStreams;
  readonly metrics: MetricRegistry;
  readonly scheduler: Scheduler;
  /** Every component, in start order. */
  readonly components: readonly RunComponent[];
  /** Requests through Services; undefined when the Scenario has no workload. */
  readonly traffic: TrafficSimulator | undefined;
  /** Simulated time now (µs). */
  readonly now: Micros;
  /** Runs every event before `until` (µs; clamped to the horizon). */
  advance(until: Micros): void;
  /**
   * Puts `fault` on the run's fault timeline through the fault registry, as if the Scenario had
   * listed it after its own faults (its random stream is "faults/<n>/<kind>", n counting on), at its
   * `at` or now if that has passed (the playground's Kill buttons).
   */
  injectFault(fault: Fault): void;
  /** Starts `op` through the operation registry, at its `at` or now if that has passed (kubectl now). */
  startOperation(op: Operation): void;
  /** Runs to the horizon and returns what the run measured. */
  finish(): SimulationResult;
}

/** At most this many samples per series in a report: the step grows with the horizon. */
const MAX_SERIES_POINTS = 500;

/** The sampling step: one minute, or coarser (whole minutes) so a long run keeps ≤ 500 points. */
export function seriesStep(duration: Micros): Micros {
  const minute = 60 * MICROS_PER_SECOND;
  return Math.max(1, Math.ceil(duration / minute / MAX_SERIES_POINTS)) * minute;
}

/**
 * Builds one run of `input`, ready to advance. An input without a Scenario (bare manifests, as
 * `kubesim schedule` takes) runs with defaultScenario(): its Node objects, seed 1, one hour.
 *
 *   manifests ─► API server + ground truth ─► controllers, scheduler, faults on the engine ─► metrics
 *
 * 1. The store, the ground truth and the API server, sharing one ordered event stream.
 * 2. Trackers first, so they see every change.
 * 3. Controllers and the scheduler (the components), then the cluster's objects through the API
 *    server (machines before their nodes), then the faults, each on its own random stream.
 */
export function createRun(input: ClusterInput, options: RunOptions = {}): Run {
  const scenario = input.scenario ?? defaultScenario();
  const seed = options.seed ?? scenario.seed;
  if (!Number.isSafeInteger(seed))
    throw new RangeError(`Cannot run: seed must be an integer: current value is ${seed}`);
  const duration =
    options.duration === undefined ? scenario.duration : toMicros(options.duration, 'duration');
  const sim = new Simulation();
  const random = new RandomStreams(seed);
  const cluster = new ClusterState();
  const truth = new GroundTruth(cluster.stream);
  const now = (): Micros => sim.now;
  const api = new ApiServer(cluster, now);
  const metrics = new MetricRegistry(now);
  const minor = kubernetesMinor(scenario.kubernetesVersion);

  // 1. Objects that exist before anything runs (read by the trackers' constructors).
  for (const service of input.services) cluster.addService(service);
  for (const workload of [...input.deployments, ...input.statefulSets]) cluster.addWorkload({ ...workload });
  for (const pdb of input.podDisruptionBudgets) cluster.addPodDisruptionBudget(pdb);
  const jobs = input.jobs ?? [];
  for (const job of jobs) cluster.addJob({ ...job });

  // 2. Trackers.
  const windowStart = Math.min(scenario.warmup, duration);
  const availability = new AvailabilityTracker(cluster, truth, now, windowStart);
  const scheduling = new SchedulingTracker(cluster);
  const utilisation = new UtilisationTracker(cluster, now, windowStart);
  const gracePeriod = input.clusterConfiguration?.nodeMonitorGracePeriod ?? nodeMonitorGracePeriod(minor);
  const timeline = new Timeline(cluster, now, gracePeriod);
  new ClusterSeriesTracker(cluster, truth, metrics);
  const incidents = new IncidentTracker(cluster, truth, now, availability);
  const batch = createBatchRun({ cluster, api, sim, jobs, config: scenario.batch });

  // 3. Components, then nodes, pods and faults.
  const ctx: ControllerContext = {
    sim,
    api,
    cluster,
    truth,
    random,
    kubernetesMinor: minor,
    nodeMonitorGracePeriod: gracePeriod,
    leaseRenewInterval: input.kubeletConfiguration?.leaseRenewInterval,
    behaviour: (name) => {
      const base = scenario.services[name] ?? batch?.tracePod(name) ?? DEFAULT_BEHAVIOUR;
      const completion = batch?.completion(name);
      return completion ? { ...base, completion } : base;
    },
  };
  const scheduler = new Scheduler({
    cluster,
    api,
    sim,
    random: random.get('scheduler/tie-break'),
    configuration: input.schedulerConfiguration,
    kubernetesVersion: scenario.kubernetesVersion,
    registry: options.schedulerRegistry,
  });
  const components: RunComponent[] = [
    named('kubelet', new Kubelets(ctx)),
    named('node-lifecycle-controller', new NodeLifecycleController(ctx)),
    named('taint-eviction-controller', new TaintEvictionController(ctx)),
    named('endpointslice-controller', new EndpointSliceController(ctx)),
    named('disruption-controller', new DisruptionController(ctx)),
    named('pod-garbage-collector', new PodGarbageCollector(ctx)),
    named('kube-scheduler', scheduler),
  ];
  for (const c of components) c.start();
  // Without quorum the scheduler cannot bind: it pauses until the control plane can write again.
  cluster.watch((e) => {
    if (e.type !== 'ControlPlaneChanged') return;
    if (e.writable) scheduler.resume();
    else scheduler.pause();
  });
  for (const pool of scenario.nodePools) {
    for (let i = 0; i < pool.count; i++) addNode(nodeFromPool(pool, i, 0));
  }
  for (const node of input.nodes) addNode({ ...node, labels: { ...node.labels }, taints: [...node.taints] });
  const initialNodes = cluster.nodeCount;
  const workloadControllers: RunComponent[] = [
    named('deployment-controller', new DeploymentController(ctx, (step) => timeline.add(step))),
    named('replicaset-controller', new ReplicaSetController(ctx)),
    named('statefulset-controller', new StatefulSetController(ctx)),
    ...(jobs.length > 0 ? [named('job-controller', new JobController(ctx))] : []),
  ];
  for (const c of workloadControllers) c.start();
  components.push(...workloadControllers);
  for (const pod of input.pods) api.createPod({ ...pod });
  if (batch) {
    const replay = named('batch-pod-trace', batch);
    replay.start();
    components.push(replay);
  }
  const Traffic = scenario.traffic?.fidelity === 'fluid' ? FluidTrafficModel : TrafficModel;
  const traffic = scenario.traffic ? new Traffic({ sim, random, config: scenario.traffic }) : undefined;
  if (traffic && scenario.traffic) {
    const bridge = named(
      'traffic-bridge',
      new TrafficBridge(cluster, sim, traffic, scenario.traffic.endpointPropagationDelay, truth),
    );
    bridge.start();
    components.push(bridge);
  }
  const autoscale = options.autoscaling !== false;
  const hpas = autoscale ? (input.horizontalPodAutoscalers ?? []) : [];
  const rescales: HpaRescale[] = [];
  const hpaSeries =
    hpas.length > 0 ? new AutoscalingSeries(cluster, metrics, availability, hpas, now) : undefined;
  if (hpaSeries) {
    const cpu = trafficCpuSources(traffic, scenario.traffic);
    const podMetrics = new PodCpuMetrics(cluster, truth, sim, cpu, random.get('metrics-server/scrape-phase'));
    const hpaController = new HorizontalPodAutoscalerController(
      ctx,
      hpas,
      podMetrics,
      new HpaMetricSources(cluster, podMetrics, scenario.traffic, scenario.workloadMetrics),
      (r) => {
        rescales.push(r);
        hpaSeries.rescale(r.hpa, r.workload, r.from, r.to);
      },
      (hpa, observation) => hpaSeries.sync(hpa, observation),
    );
    const autoscaling = [
      named('metrics-server', podMetrics),
      named('horizontal-pod-autoscaler', hpaController),
    ];
    for (const c of autoscaling) c.start();
    components.push(...autoscaling);
  }
  // Alert rules need the series: collect them even when nothing asked to write them.
  const monitoringOptions: MonitoringOptions | undefined =
    options.monitoring || scenario.monitoring
      ? {
          ...(scenario.monitoring ? alertingMonitoringOptions(scenario.monitoring) : {}),
          ...options.monitoring,
        }
      : undefined;
  const monitoring = monitoringOptions
    ? new MonitoringCollector(
        {
          sim,
          cluster,
          truth,
          registry: metrics,
          traffic,
          cpu: trafficCpuSources(traffic, scenario.traffic),
          hpas,
          hpaDesired: (key) => rescales.findLast((r) => r.hpa === key)?.to,
        },
        monitoringOptions,
      )
    : undefined;
  if (monitoring) {
    const component = named('monitoring', monitoring);
    component.start();
    components.push(component);
  }
  startControlPlane(scenario.controlPlane ?? DEFAULT_CONTROL_PLANE, { truth, api, cluster });
  const caEvents: ClusterAutoscalerEvent[] = [];
  const ca = autoscale
    ? clusterAutoscalerFor(ctx, scenario, input, { metrics, utilisation, record: (e) => caEvents.push(e) })
    : undefined;
  if (ca) {
    const component = named('cluster-autoscaler', ca);
    component.start();
    components.push(component);
  }
  const recovery = input.disasterRecovery
    ? startDisasterRecovery(input.disasterRecovery, { sim, api, cluster, truth, now })
    : undefined;
  recovery?.start();
  const faults: FaultRecord[] = [];
  const faultKinds = defaultFaultKinds();
  const faultContext = {
    sim,
    cluster,
    truth,
    streams: random,
    ...(recovery ? { recovery: recovery.recovery } : {}),
    record: (record: FaultRecord) => {
      faults.push(record);
      incidents.addFault(record);
      timeline.add({
        kind: 'Fault',
        object: record.nodes.map((n) => `node/${n}`).join(', ') || '(no node)',
        to: record.kind,
        reason: record.note,
      });
    },
  };
  scheduleFaults(scenario.faults, faultKinds, faultContext);
  let faultsScheduled = scenario.faults.length;

  const operations: OperationRecord[] = [];
  const operationKinds = defaultOperationKinds();
  const operationCtx = operationContext({
    sim,
    api,
    cluster,
    truth,
    nodePools: scenario.nodePools,
    timeline,
    records: operations,
  });
  scheduleOperations(scenario.operations ?? [], operationKinds, operationCtx);

  function addNode(node: Parameters<ApiServer['createNode']>[0]): void {
    truth.addMachine(node.name, true);
    api.createNode(node);
  }

  let finished = false;
  return {
    scenario,
    seed,
    duration,
    sim,
    api,
    cluster,
    truth,
    random,
    metrics,
    scheduler,
    components,
    traffic,
    get now() {
      return sim.now;
    },
    advance(until: Micros) {
      if (finished) throw new Error('Cannot advance the run: it has finished');
      sim.run(Math.min(until, duration));
    },
    injectFault(fault: Fault) {
      if (finished) throw new Error('Cannot inject a fault: the run has finished');
      scheduleFault(
        { ...fault, at: Math.max(fault.at, sim.now) },
        faultsScheduled++,
        faultKinds,
        faultContext,
      );
    },
    startOperation(op: Operation) {
      if (finished) throw new Error('Cannot start an operation: the run has finished');
      scheduleOperation({ ...op, at: Math.max(op.at, sim.now) }, operationKinds, operationCtx);
    },
    finish(): SimulationResult {
      if (!finished) sim.run(duration);
      finished = true;
      const end = sim.now;
      const { utilisation: util, cost } = utilisation.finish(end);
      const stats = scheduler.stats;
      const step = seriesStep(end);
      const trafficResult = traffic ? traffic.finish(end) : null;
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
        warnings: (input.warnings ?? []).map((w) => ({
          file: w.file,
          line: w.line,
          column: w.column,
          path: w.path,
          message: w.message,
        })),
        traffic: trafficResult,
        faults,
        incidents: incidents.finish(),
        operations:
          (scenario.operations ?? []).length > 0 || operations.length > 0
            ? { records: operations, budgets: [...cluster.podDisruptionBudgets] }
            : null,
        autoscaling:
          hpas.length > 0 || ca
            ? {
                events: rescales,
                clusterAutoscaler: caEvents,
                hpas: hpas.map((h) => ({
                  hpa: `${h.namespace}/${h.name}`,
                  workload: `${h.namespace}/${h.target.name}`,
                })),
                scaleUps: scaleUpSlos(
                  hpaSeries?.episodes ?? [],
                  cluster,
                  trafficResult?.series ?? {},
                  scenario.traffic?.slo,
                  end,
                ),
              }
            : null,
        rollouts: rolloutSummaries(cluster),
        disasterRecovery: recovery ? recovery.finish() : null,
        batch: batch ? batch.finish(end) : null,
        timeline: { entries: timeline.entries, dropped: timeline.dropped },
        series: { step, ...metrics.sample(step, end) },
        eventsFired: sim.eventsFired,
        ...(monitoring ? { monitoring: monitoring.finish(end) } : {}),
        ...(monitoring && scenario.monitoring
          ? { alerts: evaluateRules(scenario.monitoring.ruleGroups, monitoring.store, end / MICROS_PER_MS) }
          : {}),
      };
    },
  };
}

function named(name: string, component: { start(): void }): RunComponent {
  return { name, start: () => component.start() };
}
