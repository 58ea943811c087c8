import v8 from 'node:v8';
import vm from 'node:vm';
import { ApiServer } from '../src/api/api-server.js';
import { RandomStreams } from '../src/engine/random.js';
import { Simulation } from '../src/engine/simulation.js';
import { ClusterState } from '../src/model/cluster-state.js';
import { LABEL_HOSTNAME, LABEL_ZONE, type Node } from '../src/model/node.js';
import type { Pod, PodSpec } from '../src/model/pod.js';
import { CPU, MEMORY, PODS } from '../src/model/resources.js';
import type { Workload as ClusterWorkload, Service } from '../src/model/workloads.js';
import { numFeasibleNodesToFind } from '../src/scheduler/framework/runner.js';
import { type CycleRecord, Scheduler } from '../src/scheduler/scheduler.js';
import { createRun } from '../src/sim/run.js';
import { type BenchRow, median } from './harness.js';

/**
 * Shared pieces of the scheduler benchmarks (bench/scheduler-*.ts): upstream scheduler_perf's node and
 * pod templates, a run of kubesim's real scheduling path (ClusterState + Simulation + Scheduler), the
 * minimal first-fit baseline, and a timer that measures only the "measured pods" phase of each run
 * (setup — nodes and initial pods — is untimed, as upstream's collectMetrics covers only measurePods).
 */

const MI = 1024 * 1024;
const GI = 1024 * MI;

/**
 * upstream scheduler_perf baseNodeTemplate (test/integration/scheduler_perf/util.go): capacity pods 110,
 * cpu 4, memory 32Gi, Ready. `zones` > 0 labels node i with zone moon-(i % zones + 1), as
 * labelNodePrepareStrategy does with labelValues [moon-1, moon-2, moon-3].
 */
export function makeNodes(count: number, zones = 0): Node[] {
  const nodes: Node[] = [];
  for (let i = 0; i < count; i++) {
    const name = `scheduler-perf-${i}`;
    const labels: Record<string, string> = { [LABEL_HOSTNAME]: name };
    if (zones > 0) labels[LABEL_ZONE] = `moon-${(i % zones) + 1}`;
    nodes.push({
      name,
      labels,
      taints: [],
      allocatable: { [PODS]: 110, [CPU]: 4000, [MEMORY]: 32 * GI },
      unschedulable: false,
      ready: 'True',
      pricePerHour: 0,
      createdAt: 0,
    });
  }
  return nodes;
}

/** A pod template: labels and one spec object shared by every pod made from it (as a workload's pods). */
export interface PodTemplate {
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: PodSpec;
}

/**
 * upstream config/templates/pod-default.yaml: one pause container, port 80, requests = limits =
 * cpu 100m, memory 500Mi. `extra` adds the scheduling constraints of the other templates.
 */
export function podTemplate(
  labels: Record<string, string> = {},
  extra: Partial<Pick<PodSpec, 'affinity' | 'topologySpreadConstraints'>> = {},
): PodTemplate {
  const resources = { [CPU]: 100, [MEMORY]: 500 * MI };
  return {
    labels,
    spec: {
      nodeSelector: {},
      tolerations: [],
      topologySpreadConstraints: [],
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      schedulerName: 'default-scheduler',
      containers: [
        {
          name: 'pause',
          image: 'registry.k8s.io/pause:3.10',
          requests: resources,
          limits: resources,
          ports: [{ containerPort: 80, protocol: 'TCP' }],
        },
      ],
      initContainers: [],
      terminationGracePeriodSeconds: 30,
      ...extra,
    },
  };
}

/** `count` pending pods from `template` in `namespace`, with uids from `cluster`. */
export function makePods(
  cluster: ClusterState,
  template: PodTemplate,
  count: number,
  namespace: string,
  prefix: string,
  owner?: Pod['owner'],
): Pod[] {
  const pods: Pod[] = [];
  for (let i = 0; i < count; i++) {
    pods.push({
      uid: cluster.allocateUid(),
      namespace,
      name: `${prefix}-${i}`,
      labels: template.labels,
      spec: template.spec,
      phase: 'Pending',
      ready: false,
      createdAt: 0,
      ...(owner ? { owner } : {}),
    });
  }
  return pods;
}

/** A batch of pods to create: upstream's createPods op. */
export interface PodBatch {
  template: PodTemplate;
  count: number;
  namespace: string;
  /** The pods' controller, as a ReplicaSet's pods point at their Deployment (kubesim's ReplicaSets are internal). */
  owner?: Pod['owner'];
}

/** One scheduler_perf-style workload: createNodes, createPods (init, untimed), createPods (measured). */
export interface Workload {
  nodes: number;
  zones?: number;
  init: readonly PodBatch[];
  measured: readonly PodBatch[];
  /**
   * Workload and Service objects in the cluster before the pods (no controller runs: they are there for
   * what the scheduler reads, such as PodTopologySpread's default selector).
   */
  objects?: { workloads?: readonly ClusterWorkload[]; services?: readonly Service[] };
  /**
   * Checks, after the measured pods are bound, that the scheduler honoured the pods' constraints (so a
   * plugin that is missing or skipped cannot pass for a fast one); throws when not, else returns a note.
   */
  verify?(cluster: ClusterState, sim: Simulation, scheduler: Scheduler): string;
}

/** Pods in the measured batches. */
export function measuredCount(w: Workload): number {
  return w.measured.reduce((n, b) => n + b.count, 0);
}

/** Throws unless every pod in `pods` is bound: a benchmark that schedules nothing must not report a rate. */
export function requireAllBound(what: string, pods: readonly Pod[]): number {
  let bound = 0;
  for (const p of pods) if (p.nodeName !== undefined) bound++;
  if (bound !== pods.length) {
    const stuck = pods.find((p) => p.nodeName === undefined);
    throw new Error(
      `${what}: only ${bound} of ${pods.length} pods were bound (e.g. ${stuck?.namespace}/${stuck?.name}: ${stuck?.unschedulableMessage ?? 'never attempted'})`,
    );
  }
  return bound;
}

/** A prepared kubesim run: the cluster with nodes and initial pods scheduled; `measure` does the rest. */
export interface PreparedRun {
  cluster: ClusterState;
  scheduler: Scheduler;
  /**
   * Creates the measured pods and runs the engine until the queue is empty (timed); returns the
   * untimed check that every pod was bound and the workload's constraints held.
   */
  measure(): () => string;
}

/**
 * kubesim's real path: a ClusterState with the nodes, a Simulation, the Scheduler (default profile,
 * Kubernetes 1.36) started on it; the initial pods are created and scheduled by sim.run() before
 * `measure`. Pods are built beforehand so `measure` times cluster.addPod (the watch event that queues
 * the pod) and the scheduling cycles, not object construction.
 */
export function prepareKubesim(w: Workload): PreparedRun {
  const cluster = new ClusterState();
  const sim = new Simulation();
  const scheduler = new Scheduler({
    cluster,
    api: new ApiServer(cluster, () => sim.now),
    sim,
    random: new RandomStreams(1).get('scheduler/tie-break'),
    kubernetesVersion: '1.36',
  });
  for (const n of makeNodes(w.nodes, w.zones ?? 0)) cluster.addNode(n);
  for (const workload of w.objects?.workloads ?? []) cluster.addWorkload(workload);
  for (const service of w.objects?.services ?? []) cluster.addService(service);
  scheduler.start();
  const initPods = w.init.flatMap((b, k) =>
    makePods(cluster, b.template, b.count, b.namespace, `init${k}`, b.owner),
  );
  for (const p of initPods) cluster.addPod(p);
  sim.run();
  requireAllBound('initial pods', initPods);
  const measured = w.measured.flatMap((b, k) =>
    makePods(cluster, b.template, b.count, b.namespace, `measured${k}`, b.owner),
  );
  return {
    cluster,
    scheduler,
    measure() {
      for (const p of measured) cluster.addPod(p);
      sim.run();
      return () => {
        const bound = requireAllBound('kubesim Scheduler', measured);
        const s = scheduler.stats;
        if (s.scheduled !== initPods.length + bound) {
          throw new Error(`kubesim Scheduler: stats.scheduled ${s.scheduled} != ${initPods.length + bound}`);
        }
        const failed = s.failed;
        const verified = w.verify ? `; ${w.verify(cluster, sim, scheduler)}` : '';
        return `bound ${bound}/${measured.length}, ${failed} failed attempts${verified}`;
      };
    },
  };
}

/**
 * The same workload on createRun's wiring (src/sim/run.ts: the API server, ground truth, trackers,
 * kubelets, node lifecycle, EndpointSlice and workload controllers around the same Scheduler), for
 * what a whole run adds to scheduling. Nodes are the input's; the initial pods are created and bound
 * at time 0 (untimed), then the measured pods are added and the run advanced 1 µs, so only time-0
 * events run: the cycles and every component's reaction to the bindings (kubelet start-up events are
 * scheduled 10 s later and not run). Workload objects would start the ReplicaSet controller, so only
 * workloads without them are measured here.
 */
export function prepareRun(w: Workload): () => () => string {
  if (w.objects?.workloads?.length) throw new Error('prepareRun: workload objects are not supported');
  const run = createRun({
    nodes: makeNodes(w.nodes, w.zones ?? 0),
    pods: [],
    deployments: [],
    statefulSets: [],
    services: [...(w.objects?.services ?? [])],
    podDisruptionBudgets: [],
    priorityClasses: [],
  });
  const { cluster, scheduler } = run;
  const initPods = w.init.flatMap((b, k) => makePods(cluster, b.template, b.count, b.namespace, `init${k}`));
  for (const p of initPods) cluster.addPod(p);
  run.advance(1);
  requireAllBound('initial pods (createRun)', initPods);
  const measured = w.measured.flatMap((b, k) =>
    makePods(cluster, b.template, b.count, b.namespace, `measured${k}`),
  );
  return () => {
    for (const p of measured) cluster.addPod(p);
    run.advance(run.now + 1);
    return () => {
      const bound = requireAllBound('kubesim Scheduler in createRun', measured);
      if (scheduler.stats.scheduled !== initPods.length + bound)
        throw new Error(
          `createRun: stats.scheduled ${scheduler.stats.scheduled} != ${initPods.length + bound}`,
        );
      return `bound ${bound}/${measured.length}, ${scheduler.stats.failed} failed attempts, ${run.sim.eventsFired} events`;
    };
  };
}

/**
 * Proof that a score plugin ran, not merely that the placement looks spread: schedules `pod` with its
 * cycle observed (Scheduler.observe, as explainScheduling does), requires `plugin` among the weights
 * of the plugins that scored it, then deletes it. Runs the engine for 1 µs only.
 */
export function requireScoredBy(
  cluster: ClusterState,
  sim: Simulation,
  scheduler: Scheduler,
  pod: Pod,
  plugin: string,
): void {
  let record: CycleRecord | undefined;
  scheduler.observe({
    explain: (p) => p === pod,
    observe: (r) => {
      if (r.pod === pod) record = r;
    },
  });
  cluster.addPod(pod);
  sim.run(sim.now + 1);
  scheduler.observe(undefined);
  cluster.deletePod(pod);
  const plugins = [...(record?.scores?.weights.keys() ?? [])];
  if (!plugins.includes(plugin)) {
    throw new Error(
      `probe ${pod.name} should have been scored by ${plugin}: scored by ${plugins.join(', ') || 'none'}`,
    );
  }
}

/**
 * The minimal baseline: free cpu, memory and pod slots per node in Float64Arrays, and for each pod the
 * first node (from index 0) where its cpu and memory requests fit. It ignores every other constraint
 * (spreading, affinity), so it only calibrates the machine: ratio = its time / kubesim's time.
 */
export function prepareFirstFit(w: Workload): () => () => string {
  const nodes = makeNodes(w.nodes, w.zones ?? 0);
  const n = nodes.length;
  const cpu = new Float64Array(n);
  const mem = new Float64Array(n);
  const slots = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = (nodes[i] as Node).allocatable;
    cpu[i] = a[CPU] ?? 0;
    mem[i] = a[MEMORY] ?? 0;
    slots[i] = a[PODS] ?? 0;
  }
  const cluster = new ClusterState();
  const place = (pods: readonly Pod[], assigned: Int32Array): number => {
    let bound = 0;
    for (let p = 0; p < pods.length; p++) {
      let c = 0;
      let m = 0;
      for (const ctr of (pods[p] as Pod).spec.containers) {
        c += ctr.requests[CPU] ?? 0;
        m += ctr.requests[MEMORY] ?? 0;
      }
      assigned[p] = -1;
      for (let i = 0; i < n; i++) {
        if ((cpu[i] as number) >= c && (mem[i] as number) >= m && (slots[i] as number) >= 1) {
          cpu[i] = (cpu[i] as number) - c;
          mem[i] = (mem[i] as number) - m;
          slots[i] = (slots[i] as number) - 1;
          assigned[p] = i;
          bound++;
          break;
        }
      }
    }
    return bound;
  };
  const initPods = w.init.flatMap((b) => makePods(cluster, b.template, b.count, b.namespace, 'i'));
  if (place(initPods, new Int32Array(initPods.length)) !== initPods.length) {
    throw new Error('first-fit baseline: initial pods do not fit');
  }
  const measured = w.measured.flatMap((b) => makePods(cluster, b.template, b.count, b.namespace, 'm'));
  const assigned = new Int32Array(measured.length);
  return () => {
    const bound = place(measured, assigned);
    return () => {
      if (bound !== measured.length) {
        throw new Error(`first-fit baseline: only ${bound} of ${measured.length} pods placed`);
      }
      return `bound ${bound}/${measured.length}`;
    };
  };
}

/**
 * A second reference: kube-scheduler's algorithm for resources only, written minimally on typed arrays
 * (one Float64Array per quantity, indexed by node). Per pod: Filter (pod slots, cpu, memory) from a
 * rotating start until numFeasibleNodesToFind nodes fit, Score them with LeastAllocated (cpu and memory
 * weight 1) plus BalancedAllocation (1.36 formula), take the first best. It shows what the same node
 * work costs without the framework (plugins, statuses, cycle state, cluster objects, queue, engine);
 * like first-fit it ignores spreading and affinity.
 */
export function prepareTypedKubeLike(w: Workload): () => () => string {
  const nodes = makeNodes(w.nodes, w.zones ?? 0);
  const n = nodes.length;
  const allocCpu = new Float64Array(n);
  const allocMem = new Float64Array(n);
  const allocPods = new Float64Array(n);
  const cpu = new Float64Array(n);
  const mem = new Float64Array(n);
  const pods = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = (nodes[i] as Node).allocatable;
    allocCpu[i] = a[CPU] ?? 0;
    allocMem[i] = a[MEMORY] ?? 0;
    allocPods[i] = a[PODS] ?? 0;
  }
  const toFind = numFeasibleNodesToFind(0, n);
  const feasible = new Int32Array(n);
  let next = 0;
  const balanced = (fc: number, fm: number): number =>
    Math.trunc((1 - Math.abs((Math.min(fc, 1) - Math.min(fm, 1)) / 2)) * 100);
  const place = (list: readonly Pod[], assigned: Int32Array): number => {
    let bound = 0;
    for (let p = 0; p < list.length; p++) {
      let c = 0;
      let m = 0;
      for (const ctr of (list[p] as Pod).spec.containers) {
        c += ctr.requests[CPU] ?? 0;
        m += ctr.requests[MEMORY] ?? 0;
      }
      let count = 0;
      let examined = 0;
      for (; examined < n && count < toFind; examined++) {
        let i = next + examined;
        if (i >= n) i -= n;
        if (
          (pods[i] as number) + 1 <= (allocPods[i] as number) &&
          c <= (allocCpu[i] as number) - (cpu[i] as number) &&
          m <= (allocMem[i] as number) - (mem[i] as number)
        ) {
          feasible[count++] = i;
        }
      }
      next = (next + examined) % n;
      assigned[p] = -1;
      if (count === 0) continue;
      let best = -1;
      let bestScore = -1;
      for (let k = 0; k < count; k++) {
        const i = feasible[k] as number;
        const ac = allocCpu[i] as number;
        const am = allocMem[i] as number;
        const rc = (cpu[i] as number) + c;
        const rm = (mem[i] as number) + m;
        const least = Math.trunc(
          (Math.trunc(((ac - rc) * 100) / ac) + Math.trunc(((am - rm) * 100) / am)) / 2,
        );
        const withPod = balanced(rc / ac, rm / am);
        const without = balanced((cpu[i] as number) / ac, (mem[i] as number) / am);
        const score = least + 50 + Math.trunc((50 + withPod - without) / 2);
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      cpu[best] = (cpu[best] as number) + c;
      mem[best] = (mem[best] as number) + m;
      pods[best] = (pods[best] as number) + 1;
      assigned[p] = best;
      bound++;
    }
    return bound;
  };
  const cluster = new ClusterState();
  const initPods = w.init.flatMap((b) => makePods(cluster, b.template, b.count, b.namespace, 'i'));
  if (place(initPods, new Int32Array(initPods.length)) !== initPods.length) {
    throw new Error('typed kube-scheduler reference: initial pods do not fit');
  }
  const measured = w.measured.flatMap((b) => makePods(cluster, b.template, b.count, b.namespace, 'm'));
  const assigned = new Int32Array(measured.length);
  return () => {
    const bound = place(measured, assigned);
    return () => {
      if (bound !== measured.length) {
        throw new Error(`typed kube-scheduler reference: only ${bound} of ${measured.length} pods placed`);
      }
      return `bound ${bound}/${measured.length}; scores ${toFind} nodes per pod`;
    };
  };
}

/**
 * Proof that a constraint plugin is active, not merely that the placement happens to satisfy it:
 * creates `pod`, which must be rejected with a message containing `reason`, then deletes it. Runs the
 * engine for 1 µs only (a rejected pod would otherwise be retried forever).
 */
export function requireRejected(cluster: ClusterState, sim: Simulation, pod: Pod, reason: string): void {
  cluster.addPod(pod);
  sim.run(sim.now + 1);
  const message = pod.unschedulableMessage ?? '';
  cluster.deletePod(pod);
  if (pod.nodeName !== undefined || !message.includes(reason)) {
    throw new Error(
      `probe ${pod.name} should have been rejected with "${reason}": ${pod.nodeName !== undefined ? `bound to ${pod.nodeName}` : message}`,
    );
  }
}

let gcFunction: (() => void) | undefined;

/**
 * A full garbage collection. `global.gc` when node runs with --expose-gc; otherwise the flag is set at
 * run time and V8's gc extension is taken from a fresh context (works on Node 20+).
 */
export function fullGc(): void {
  if (!gcFunction) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) gcFunction = g;
    else {
      v8.setFlagsFromString('--expose-gc');
      gcFunction = vm.runInNewContext('gc') as () => void;
    }
  }
  gcFunction();
  gcFunction();
}

/**
 * A full GC, then 50 ms of sleep (Atomics.wait: no CPU) so V8's background threads (concurrent
 * sweeping after the GC, concurrent compilation) finish before a measurement starts: process.cpuUsage
 * counts every thread of the process, and their work would otherwise land on a short run's clock.
 */
export function settle(): void {
  fullGc();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}

/** Bytes of V8 heap in use after a full GC. */
export function usedHeapAfterGc(): number {
  fullGc();
  return v8.getHeapStatistics().used_heap_size;
}

/**
 * A variant whose `prepare` (untimed) returns the measured closure (timed), which returns its check
 * (untimed: throws when the run did not do the work, else returns the sanity note).
 */
export interface TimedVariant {
  name: string;
  prepare(): () => () => string;
}

/**
 * As harness.ts compareVariants — an untimed warm-up round (unless `warmup` is false), then `rounds`
 * rounds in rotating order, CPU time (user + system) of the measured closure only, medians and the
 * median of per-round ratios against the first variant — except that each run's setup is untimed and
 * followed by a full GC, so the garbage of the previous run is not collected on its clock.
 */
export function compareTimed(
  benchmark: string,
  unit: string,
  items: number,
  variants: readonly TimedVariant[],
  rounds: number,
  warmup = true,
): BenchRow[] {
  const times: number[][] = variants.map(() => []);
  const notes: string[] = variants.map(() => '');
  const runOnce = (i: number): number => {
    const variant = variants[i] as TimedVariant;
    const measure = variant.prepare();
    settle();
    const start = process.cpuUsage();
    const check = measure();
    const used = process.cpuUsage(start);
    notes[i] = check();
    return (used.user + used.system) / 1000;
  };
  if (warmup) for (let i = 0; i < variants.length; i++) runOnce(i);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (k + r) % variants.length;
      (times[i] as number[]).push(runOnce(i));
    }
  }
  return rowsFromTimes(benchmark, unit, items, variants, times, notes);
}

/** BenchRows from per-variant, per-round times (ms); ratios against variant 0 round by round. */
export function rowsFromTimes(
  benchmark: string,
  unit: string,
  items: number | readonly number[],
  variants: readonly { name: string }[],
  times: readonly (readonly number[])[],
  notes: readonly string[],
): BenchRow[] {
  const baseline = times[0] as readonly number[];
  return variants.map((v, i) => {
    const t = times[i] as readonly number[];
    const ratios = t.map((ms, r) => (baseline[r] as number) / ms);
    const medianMs = median(t);
    const count = typeof items === 'number' ? items : (items[i] as number);
    const ratio = median(ratios);
    // The table prints ratios with two decimals; a kubesim/first-fit ratio of 0.006 needs its inverse.
    let inverse = i > 0 && ratio < 0.1 ? `; speed = 1/${(1 / ratio).toFixed(0)} of ${variants[0]?.name}` : '';
    // Against the typed-array reference of the same algorithm, when the table has one.
    const ref = variants.findIndex((x) => x.name === TYPED_KUBE_LIKE);
    if (ref > 0 && i !== ref && i > 0) {
      const refTimes = times[ref] as readonly number[];
      const vsRef = median(t.map((ms, r) => (refTimes[r] as number) / ms));
      inverse += `, 1/${(1 / vsRef).toFixed(1)} of the typed-array reference`;
    }
    return {
      benchmark,
      variant: v.name,
      unit,
      items: count,
      medianMs,
      perSecond: count / (medianMs / 1000),
      ratio,
      ratioRange: [Math.min(...ratios), Math.max(...ratios)] as [number, number],
      note: `${notes[i] as string}${inverse}`,
    };
  });
}

/** The name of the prepareTypedKubeLike variant in the tables. */
export const TYPED_KUBE_LIKE = 'reference: kube-scheduler algorithm on typed arrays';

/**
 * The rows of a workload compared as first-fit baseline, typed-array reference and kubesim Scheduler
 * (then any `extra` variants).
 */
export function compareWorkload(
  benchmark: string,
  w: Workload,
  rounds: number,
  warmup = true,
  extra: readonly TimedVariant[] = [],
): BenchRow[] {
  return compareTimed(
    benchmark,
    'pods',
    measuredCount(w),
    [
      { name: 'baseline: first-fit (typed arrays)', prepare: () => prepareFirstFit(w) },
      { name: TYPED_KUBE_LIKE, prepare: () => prepareTypedKubeLike(w) },
      { name: 'kubesim Scheduler (default plugins)', prepare: () => prepareKubesim(w).measure },
      ...extra,
    ],
    rounds,
    warmup,
  );
}
