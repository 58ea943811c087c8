import type { Pod } from '../model/pod.js';
import type { ProbeFailureFault } from '../model/scenario.js';
import type { FaultContext, FaultKind } from './fault-kind.js';
import { nodesOf, runningPods } from './workload-pods.js';

/**
 * A probe failure: from `at`, for `for` (to the end if unset), the workload's readiness or liveness
 * probe fails on every pod (a dependency down, a deadlock), or with `target.image` only on pods running
 * a container of that image (a broken release: pods made after a setImage to it fail too). The
 * kubelets count the failures (controllers/probes.ts): readiness takes pods out of endpoints, liveness
 * restarts them.
 */
export const probeFailure: FaultKind<ProbeFailureFault> = {
  kind: 'probeFailure',
  schedule(fault, ctx: FaultContext) {
    const { sim, truth } = ctx;
    const { workload, image } = fault.target;
    const hit = (p: Pod): boolean => image === undefined || p.spec.containers.some((c) => c.image === image);
    sim.scheduleAt(fault.at, () => {
      const recoversAt = fault.for === undefined ? undefined : sim.now + fault.for;
      ctx.record({
        kind: 'probeFailure',
        at: sim.now,
        nodes: nodesOf(runningPods(ctx, workload).filter(hit)),
        recoversAt,
      });
      truth.setProbeFailing(workload, fault.probe, true, image);
      if (recoversAt !== undefined)
        sim.scheduleAt(recoversAt, () => truth.setProbeFailing(workload, fault.probe, false, image));
    });
  },
};
