import type { CordonOperation, UncordonOperation } from '../model/operations.js';
import { finish, type OperationContext, type OperationKind } from './operation-kind.js';

/**
 * Sets spec.unschedulable as `kubectl cordon`/`uncordon` do; "already cordoned" is success, as
 * kubectl says. Returns the API server's refusal message, if any.
 */
export function setUnschedulable(
  ctx: OperationContext,
  node: string,
  unschedulable: boolean,
): string | undefined {
  const current = ctx.cluster.node(node);
  if (!current) return `nodes "${node}" not found`;
  if (current.unschedulable === unschedulable) return undefined;
  const result = ctx.api.updateNode(node, (n) => {
    n.unschedulable = unschedulable;
  });
  return result.ok ? undefined : result.message;
}

function cordonKind<O extends CordonOperation | UncordonOperation>(kind: O['kind']): OperationKind<O> {
  const unschedulable = kind === 'cordon';
  return {
    kind,
    schedule(op, ctx) {
      ctx.sim.scheduleAt(op.at, () => {
        const record = ctx.begin(kind, `node/${op.node}`);
        const already = ctx.cluster.node(op.node)?.unschedulable === unschedulable;
        const problem = setUnschedulable(ctx, op.node, unschedulable);
        if (problem !== undefined) finish(ctx, record, 'failed', problem);
        else
          finish(
            ctx,
            record,
            'done',
            `node/${op.node} ${already ? 'already ' : ''}${unschedulable ? 'cordoned' : 'uncordoned'}`,
          );
      });
    },
  };
}

/** `kubectl cordon NODE`. */
export const cordon = cordonKind<CordonOperation>('cordon');
/** `kubectl uncordon NODE`. */
export const uncordon = cordonKind<UncordonOperation>('uncordon');
