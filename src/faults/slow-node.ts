import type { SlowNodeFault } from '../model/scenario.js';
import type { FaultKind } from './fault-kind.js';
import { selectedNodes } from './node-targets.js';

/**
 * A slow node (a noisy neighbour, CPU throttling, a failing disk): from `at`, for `for`, requests that
 * pods on the target nodes start take `factor` times their service time. Kubernetes sees nothing (the
 * node stays Ready); only the traffic layer does, which reads the factor from the ground truth.
 */
export const slowNode: FaultKind<SlowNodeFault> = {
  kind: 'slowNode',
  schedule(fault, ctx) {
    const { sim, truth } = ctx;
    sim.scheduleAt(fault.at, () => {
      const { nodes, note } = selectedNodes(ctx, fault.target);
      const names = nodes.map((n) => n.name);
      const recoversAt = fault.for === undefined ? undefined : sim.now + fault.for;
      ctx.record({ kind: 'slowNode', at: sim.now, nodes: names, recoversAt, note });
      for (const name of names) truth.setSlowdown(name, fault.factor, true);
      if (recoversAt !== undefined)
        sim.scheduleAt(recoversAt, () => {
          for (const name of names) truth.setSlowdown(name, fault.factor, false);
        });
    });
  },
};
