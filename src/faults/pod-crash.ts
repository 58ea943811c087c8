import { exponential } from '../engine/distributions.js';
import type { Micros } from '../engine/time.js';
import type { PodCrashFault } from '../model/scenario.js';
import type { FaultContext, FaultKind } from './fault-kind.js';
import { nodesOf, pickPods, runningPods } from './workload-pods.js';

/** The containers of `count` running pods of the workload, picked at random, exit now. */
function crash(fault: PodCrashFault, count: number, ctx: FaultContext): void {
  const { sim, truth, random } = ctx;
  const candidates = runningPods(ctx, fault.target.workload);
  const pods = pickPods(candidates, count, random);
  const note =
    pods.length < count
      ? `only ${pods.length} of ${count} pods of ${fault.target.workload} were running`
      : undefined;
  ctx.record({ kind: 'podCrash', at: sim.now, nodes: nodesOf(pods), note });
  for (const pod of pods) truth.setContainers(pod, 'Terminated', sim.now);
}

/**
 * A pod crash: the application process exits and the kubelet restarts it (CrashLoopBackOff). Once at
 * `at` (`count` pods), or with `interval` a Poisson process of single crashes over the workload from
 * `at` for `for` (to the end of the run if unset): the next crash is drawn when the last one happens.
 */
export const podCrash: FaultKind<PodCrashFault> = {
  kind: 'podCrash',
  schedule(fault, ctx) {
    const { sim, random } = ctx;
    if (fault.interval === undefined) {
      sim.scheduleAt(fault.at, () => crash(fault, fault.target.count, ctx));
      return;
    }
    const gap = exponential(fault.interval);
    const end = fault.for === undefined ? Number.POSITIVE_INFINITY : fault.at + fault.for;
    const next = (from: Micros) => {
      const at = from + Math.round(gap.sample(random));
      if (at >= end) return;
      sim.scheduleAt(at, () => {
        crash(fault, 1, ctx);
        next(at);
      });
    };
    sim.scheduleAt(fault.at, () => next(fault.at));
  },
};
