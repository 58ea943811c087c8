import v8 from 'node:v8';
import type { Benchmark, BenchRow } from './harness.js';
import {
  measuredCount,
  podTemplate,
  prepareFirstFit,
  prepareKubesim,
  prepareTypedKubeLike,
  rowsFromTimes,
  settle,
  TYPED_KUBE_LIKE,
  usedHeapAfterGc,
  type Workload,
} from './scheduler-harness.js';

/**
 * scheduler-150k-pods: 150 000 pod-default pods (cpu 100m, memory 500Mi) onto 5000 nodes (4 cpu, 32Gi,
 * 110 pods) with the default plugins: throughput, and the V8 heap the whole simulation retains after a
 * full GC (cluster objects, scheduler cache, queue entries), per pod. Goal: within 1.5 GB of heap.
 * One timed run per variant (a run is long enough; a second would double the benchmark's time).
 */
function workload(quick: boolean): Workload {
  const template = podTemplate();
  return quick
    ? { nodes: 500, init: [], measured: [{ template, count: 15_000, namespace: 'default' }] }
    : { nodes: 5000, init: [], measured: [{ template, count: 150_000, namespace: 'default' }] };
}

const MB = 1024 * 1024;

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export const scheduler150k: Benchmark = {
  name: 'scheduler-150k-pods',
  description: '150 000 pod-default pods onto 5000 nodes (default plugins): pods/s and heap bytes per pod',
  run(options): BenchRow[] {
    const w = workload(options.quick);
    const pods = measuredCount(w);

    const firstFit = prepareFirstFit(w);
    settle();
    let start = process.cpuUsage();
    const baselineCheck = firstFit();
    const baselineMs = cpuMs(start);
    const baselineNote = baselineCheck();

    const reference = prepareTypedKubeLike(w);
    settle();
    start = process.cpuUsage();
    const referenceCheck = reference();
    const referenceMs = cpuMs(start);
    const referenceNote = referenceCheck();

    const heapBefore = usedHeapAfterGc();
    const run = prepareKubesim(w);
    settle();
    start = process.cpuUsage();
    const check = run.measure();
    const kubesimMs = cpuMs(start);
    const note = check();
    const committed = v8.getHeapStatistics().total_heap_size;
    const retained = usedHeapAfterGc() - heapBefore;
    // Keep the cluster alive until after the measurement.
    if (run.cluster.podCount !== pods)
      throw new Error(`expected ${pods} pods, cluster has ${run.cluster.podCount}`);
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    const heapNote =
      `${note}; heap retained ${(retained / MB).toFixed(0)} MB = ${(retained / pods).toFixed(0)} B/pod` +
      ` (committed ${(committed / MB).toFixed(0)} MB, process max RSS ${maxRssMb.toFixed(0)} MB; goal ≤ 1536 MB)`;
    return rowsFromTimes(
      'scheduler-150k-pods',
      'pods',
      pods,
      [
        { name: 'baseline: first-fit (typed arrays)' },
        { name: TYPED_KUBE_LIKE },
        { name: 'kubesim Scheduler (default plugins)' },
      ],
      [[baselineMs], [referenceMs], [kubesimMs]],
      [baselineNote, referenceNote, heapNote],
    );
  },
};
