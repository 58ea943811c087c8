import type { Operation } from '../model/operations.js';
import { cordon, uncordon } from './cordon.js';
import { drain } from './drain.js';
import type { OperationContext, OperationKind } from './operation-kind.js';
import { scale } from './scale.js';
import { apply, rolloutRestart, setImage } from './template.js';
import { upgradeNodePool } from './upgrade-node-pool.js';

export type { Cloud, OperationContext, OperationKind, OperationRecord } from './operation-kind.js';

/** The operation kinds kubesim simulates, by `kind`: a fresh registry per run, so runs share no state. */
export function defaultOperationKinds(): Map<string, OperationKind> {
  const kinds = [
    cordon,
    uncordon,
    drain,
    scale,
    rolloutRestart,
    setImage,
    apply,
    upgradeNodePool,
  ] as OperationKind[];
  return new Map(kinds.map((k) => [k.kind, k]));
}

/** Puts every operation of the Scenario on the engine's timeline. */
export function scheduleOperations(
  operations: readonly Operation[],
  kinds: ReadonlyMap<string, OperationKind>,
  ctx: OperationContext,
): void {
  for (const op of operations) scheduleOperation(op, kinds, ctx);
}

/** Puts one operation on the engine's timeline (at its `at`) through the registry. */
export function scheduleOperation(
  op: Operation,
  kinds: ReadonlyMap<string, OperationKind>,
  ctx: OperationContext,
): void {
  const kind = kinds.get(op.kind);
  if (!kind) throw new Error(`invariant: no operation kind ${op.kind} in the registry`);
  kind.schedule(op, ctx);
}
