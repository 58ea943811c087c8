import { numFeasibleNodesToFind } from '../src/scheduler/framework/runner.js';
import type { Benchmark, BenchRow } from './harness.js';
import { compareTimed, podTemplate, prepareKubesim, type Workload } from './scheduler-harness.js';

/**
 * scheduler-scaling: SchedulingBasic-shaped runs (pod-default pods, default plugins) with the same pods
 * at 100, 1000 and 10 000 nodes. Each cycle filters nodes until numFeasibleNodesToFind fit (adaptive
 * percentageOfNodesToScore: all 100, 42 % of 1000 = 420, 5 % of 10 000 = 500) and scores those, so the
 * time per step should grow far less than the 10× of a scheduler linear in nodes. The ratio column is
 * time at 100 nodes / time at this size; the note gives the growth over the previous step.
 */
const NODE_COUNTS = [100, 1000, 10_000] as const;

function workload(nodes: number, quick: boolean): Workload {
  const template = podTemplate();
  // 100 nodes × 40 pods of 100m fill 4 cpu: 500 + 3000 pods use 87.5 % of the smallest cluster.
  return {
    nodes,
    init: [{ template, count: quick ? 100 : 500, namespace: 'default' }],
    measured: [{ template, count: quick ? 1000 : 3000, namespace: 'default' }],
  };
}

export const schedulerScaling: Benchmark = {
  name: 'scheduler-scaling',
  description: 'SchedulingBasic-like, same pods at 100 → 1000 → 10 000 nodes: growth of time per step',
  run(options): BenchRow[] {
    const rows = compareTimed(
      'scheduler-scaling',
      'pods',
      workload(100, options.quick).measured[0]?.count ?? 0,
      NODE_COUNTS.map((n) => ({
        name: `kubesim, ${n.toLocaleString('en-US')} nodes`,
        prepare: () => prepareKubesim(workload(n, options.quick)).measure,
      })),
      options.rounds,
    );
    return rows.map((row, i) => {
      const n = NODE_COUNTS[i] as number;
      const prev = i > 0 ? (rows[i - 1] as BenchRow) : undefined;
      const step = prev
        ? `, ×${(row.medianMs / prev.medianMs).toFixed(2)} time vs ${NODE_COUNTS[i - 1]} nodes`
        : '';
      return { ...row, note: `${row.note}; filters until ${numFeasibleNodesToFind(0, n)} fit${step}` };
    });
  },
};
