import { z } from 'zod';
import { bool, duration, int, nonEmpty } from './common.js';

// spec.operations[] of a Scenario (docs/operations.md): one strict schema per kind, so a misspelt field
// is an error naming it. References (nodes, workloads, pools, files) are checked by
// convert/operations.ts against the rest of the input.

const at = duration();
/** A Deployment or StatefulSet by name, in `namespace` (default "default"). */
const workloadRef = { workload: nonEmpty, namespace: nonEmpty.optional() };

export const cordon = z.strictObject({ kind: z.literal('cordon'), at, node: nonEmpty });
export const uncordon = z.strictObject({ kind: z.literal('uncordon'), at, node: nonEmpty });
export const drain = z.strictObject({
  kind: z.literal('drain'),
  at,
  node: nonEmpty,
  timeout: duration().optional(),
  gracePeriod: duration().optional(),
  force: bool.optional(),
});
export const scale = z.strictObject({ kind: z.literal('scale'), at, ...workloadRef, replicas: int(0) });
export const rolloutRestart = z.strictObject({ kind: z.literal('rolloutRestart'), at, ...workloadRef });
export const setImage = z.strictObject({
  kind: z.literal('setImage'),
  at,
  ...workloadRef,
  container: nonEmpty.optional(),
  image: nonEmpty,
});
export const apply = z.strictObject({ kind: z.literal('apply'), at, file: nonEmpty });
export const upgradeNodePool = z.strictObject({
  kind: z.literal('upgradeNodePool'),
  at,
  pool: nonEmpty,
  maxSurge: int(1).optional(),
  nodeDuration: duration().optional(),
  version: nonEmpty.optional(),
  drainTimeout: duration(true).optional(),
});

/** The schema of each operation kind, by `kind`. */
export const OPERATION_SCHEMAS = {
  cordon,
  uncordon,
  drain,
  scale,
  rolloutRestart,
  setImage,
  apply,
  upgradeNodePool,
};
