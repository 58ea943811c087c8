import type { Benchmark } from './harness.js';
import { compareWorkload, podTemplate, prepareRun, type Workload } from './scheduler-harness.js';

/**
 * scheduler-basic: upstream scheduler_perf SchedulingBasic (performance-config.yaml; pod-default.yaml:
 * cpu 100m, memory 500Mi; nodes of 4 cpu, 32Gi, 110 pods) at 5000 nodes, 1000 initial pods, then
 * 10 000 measured pods (upstream measures 1000) scheduled by kubesim's Scheduler with the default
 * plugins, against the first-fit typed-array baseline over the same nodes and pods; and the same
 * Scheduler inside createRun's wiring (prepareRun), for what a whole run adds to the same cycles.
 */
export function schedulingBasic(quick: boolean): Workload {
  const template = podTemplate();
  return quick
    ? {
        nodes: 500,
        init: [{ template, count: 500, namespace: 'default' }],
        measured: [{ template, count: 1000, namespace: 'default' }],
      }
    : {
        nodes: 5000,
        init: [{ template, count: 1000, namespace: 'default' }],
        measured: [{ template, count: 10_000, namespace: 'default' }],
      };
}

export const schedulerBasic: Benchmark = {
  name: 'scheduler-basic',
  description: 'SchedulingBasic: 5000 nodes, 1000 initial + 10 000 measured pod-default pods',
  run(options) {
    const w = schedulingBasic(options.quick);
    return compareWorkload('scheduler-basic', w, options.rounds, true, [
      { name: 'kubesim Scheduler in createRun (whole run wiring)', prepare: () => prepareRun(w) },
    ]);
  },
};
