import type { ScaleOperation } from '../model/operations.js';
import { finish, type OperationKind } from './operation-kind.js';

/** `kubectl scale --replicas=N` through the scale subresource. */
export const scale: OperationKind<ScaleOperation> = {
  kind: 'scale',
  schedule(op, ctx) {
    ctx.sim.scheduleAt(op.at, () => {
      const workload = ctx.cluster.workload(op.workload);
      const target = `${workload?.kind.toLowerCase() ?? 'workload'}/${op.workload}`;
      const record = ctx.begin('scale', target);
      const from = workload?.replicas;
      const result = ctx.api.scale(op.workload, op.replicas);
      if (!result.ok) finish(ctx, record, 'failed', result.message);
      else finish(ctx, record, 'done', `replicas ${from} → ${op.replicas}`);
    });
  },
};
