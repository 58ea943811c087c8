import { constant } from '../../src/engine/distributions.js';
import { Timeline } from '../../src/metrics/timeline.js';
import type { Operation } from '../../src/model/operations.js';
import type { Fault, NodePool, Scenario } from '../../src/model/scenario.js';
import type { PodDisruptionBudget, Workload } from '../../src/model/workloads.js';
import type { OperationRecord } from '../../src/operations/index.js';
import { operationContext } from '../../src/operations/run-context.js';
import { createRun } from '../../src/sim/run.js';
import { pool, S } from '../controllers/harness.js';

export { deployment, pool, S, statefulSet } from '../controllers/harness.js';

/** A budget over app=`app`. */
export function pdb(
  app: string,
  spec: Pick<PodDisruptionBudget, 'minAvailable' | 'maxUnavailable'>,
): PodDisruptionBudget {
  return { namespace: 'default', name: app, selector: { matchLabels: { app } }, ...spec };
}

/**
 * A run (createRun: real controllers, scheduler, disruption controller) of `workloads` on `pools`,
 * with budgets and operations, pods starting `startupSeconds` after binding. `ops` is an operation
 * context on the run (its own records and timeline) for calling drainNode and friends directly.
 */
export function makeRun(
  options: {
    pools?: NodePool[];
    workloads?: Workload[];
    budgets?: PodDisruptionBudget[];
    operations?: Operation[];
    faults?: Fault[];
    startupSeconds?: number;
    duration?: number;
  } = {},
) {
  const workloads = options.workloads ?? [];
  const startup = { startupTime: constant((options.startupSeconds ?? 10) * S) };
  const scenario: Scenario = {
    name: 'operations',
    file: 'operations.yaml',
    seed: 1,
    duration: options.duration ?? 100_000 * S,
    warmup: 0,
    kubernetesVersion: '1.36',
    zones: [],
    nodePools: options.pools ?? [pool()],
    services: Object.fromEntries(workloads.map((w) => [w.name, startup])),
    faults: options.faults ?? [],
    ...(options.operations ? { operations: options.operations } : {}),
  };
  const run = createRun({
    scenario,
    nodes: [],
    pods: [],
    deployments: workloads.filter((w) => w.kind === 'Deployment'),
    statefulSets: workloads.filter((w) => w.kind === 'StatefulSet'),
    services: [],
    podDisruptionBudgets: options.budgets ?? [],
    priorityClasses: [],
  });
  const records: OperationRecord[] = [];
  const timeline = new Timeline(run.cluster, () => run.sim.now, 50 * S);
  const ops = operationContext({
    sim: run.sim,
    api: run.api,
    cluster: run.cluster,
    truth: run.truth,
    nodePools: scenario.nodePools,
    timeline,
    records,
  });
  return { run, ops, records, timeline };
}

/** A record to pass to drainNode. */
export function drainRecord(ops: ReturnType<typeof makeRun>['ops'], node: string): OperationRecord {
  return ops.begin('drain', `node/${node}`);
}

/** Ready pods of app=`app` that are not being deleted (what a PodDisruptionBudget counts healthy). */
export function healthy(run: ReturnType<typeof makeRun>['run'], app: string): number {
  let n = 0;
  for (const p of run.cluster.pods)
    if (p.labels.app === app && p.ready && p.deletionTimestamp === undefined) n++;
  return n;
}
