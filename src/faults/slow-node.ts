import type { SlowNodeFault } from '../model/scenario.js';
import type { FaultKind } from './fault-kind.js';
import { scheduleNodeCondition } from './node-targets.js';

/**
 * A slow node (a noisy neighbour, CPU throttling, a failing disk): from `at`, for `for`, requests that
 * pods on the target nodes start take `factor` times their service time. Kubernetes sees nothing (the
 * node stays Ready); only the traffic layer does, which reads the factor from the ground truth.
 */
export const slowNode: FaultKind<SlowNodeFault> = {
  kind: 'slowNode',
  schedule(fault, ctx) {
    scheduleNodeCondition(fault, ctx, (name, on) => ctx.truth.setSlowdown(name, fault.factor, on));
  },
};
