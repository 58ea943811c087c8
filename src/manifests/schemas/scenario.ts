import { z } from 'zod';
import {
  annotationMap,
  duration,
  int,
  labelMap,
  nonEmpty,
  num,
  quantity,
  resourceList,
  str,
} from './common.js';
import { taint } from './core.js';

// kubesim.dev/v1alpha1 Scenario (docs/scenario.md). Objects are strict: a misspelt field is an error
// naming it, since a silently ignored `replicas:` typo would mislead a capacity plan. Fields of the
// documented shape that are not simulated yet are accepted as unknown values and warned about once.

const notSimulated = z.unknown().optional();

/** spec.cluster.nodePools[]: validated pool by pool. */
export const nodePool = z.strictObject({
  name: nonEmpty,
  instanceType: str.optional(),
  cpu: quantity('cpu'),
  memory: quantity('memory'),
  pods: int(1).optional(),
  resources: resourceList.optional(),
  pricePerHour: num(0).optional(),
  count: int(0),
  zones: z.array(nonEmpty).optional(),
  min: int(0).optional(),
  max: int(0).optional(),
  provisioningTime: z.unknown().optional(),
  labels: labelMap.optional(),
  annotations: annotationMap.optional(),
  taints: z.array(taint).optional(),
});

/** spec: pools, services and faults are left opaque here and validated one by one. */
export const scenarioSpec = z.strictObject({
  seed: int(0, Number.MAX_SAFE_INTEGER).optional(),
  duration: duration(true),
  warmup: duration().optional(),
  replications: notSimulated,
  kubernetesVersion: z.unknown().optional(),
  include: z.array(nonEmpty, { error: 'expected a list of file paths' }).optional(),
  cluster: z
    .strictObject({
      zones: z.array(nonEmpty).optional(),
      // Validated by convert/scenario.ts against the cluster's zones.
      controlPlane: z.unknown().optional(),
      // Each pool is validated on its own (convert/scenario.ts), so one bad pool hides nothing else.
      nodePools: z.array(z.unknown(), { error: 'expected a list of node pools' }).optional(),
      // The cluster-autoscaler's flags: validated by convert/cluster-autoscaler.ts.
      autoscaler: z.unknown().optional(),
    })
    .optional(),
  // services, workload, slo and fidelity are validated by convert/traffic.ts (and startupTime here).
  services: z
    .record(z.string(), z.unknown(), { error: 'expected a mapping of workload or Service names' })
    .optional(),
  workload: z.unknown().optional(),
  faults: z.array(z.unknown(), { error: 'expected a list of faults' }).optional(),
  // Validated one by one by convert/operations.ts.
  operations: z.array(z.unknown(), { error: 'expected a list of operations' }).optional(),
  slo: z.unknown().optional(),
  // Rule files and intervals: validated by monitoring/rules.ts.
  monitoring: z.unknown().optional(),
  fidelity: z.unknown().optional(),
  // Backups and restores: validated by convert/backup.ts.
  backup: z.unknown().optional(),
  // External and Object metric values for HPAs: validated by convert/workload-metrics.ts.
  metrics: z.unknown().optional(),
  // Run times of Jobs' pods and the pod arrival trace: validated by convert/batch.ts.
  jobs: z.unknown().optional(),
  batch: z.unknown().optional(),
});

/** Top-level spec fields accepted but not simulated yet. */
export const SPEC_FIELDS_NOT_SIMULATED = ['replications'] as const;

/** The Scenario document without apiVersion and kind. */
export const scenario = z.object({
  metadata: z.object({ name: nonEmpty.optional() }).optional(),
  spec: scenarioSpec,
});

/** Which nodes a node fault hits. */
const nodeTarget = z.strictObject({
  pool: nonEmpty.optional(),
  zone: nonEmpty.optional(),
  node: nonEmpty.optional(),
  count: int(1).optional(),
});

/** Which pods a pod fault hits: those of one Deployment or StatefulSet. */
const workloadTarget = z.strictObject({ workload: nonEmpty });

/** A `kind: nodeCrash` fault. */
export const nodeCrash = z.strictObject({
  kind: z.literal('nodeCrash'),
  at: duration(),
  target: nodeTarget,
  for: duration(true).optional(),
});

/** A `kind: nodeReboot` fault. */
export const nodeReboot = z.strictObject({
  kind: z.literal('nodeReboot'),
  at: duration(),
  target: nodeTarget,
  bootTime: duration(true).optional(),
});

/** A `kind: kubeletStop` fault. */
export const kubeletStop = z.strictObject({
  kind: z.literal('kubeletStop'),
  at: duration(),
  target: nodeTarget,
  for: duration(true).optional(),
});

/** A `kind: podCrash` fault: once (`count` pods), or at a rate (`interval`, optionally `for`). */
export const podCrash = z.strictObject({
  kind: z.literal('podCrash'),
  at: duration(),
  target: z.strictObject({ workload: nonEmpty, count: int(1).optional() }),
  interval: duration(true).optional(),
  for: duration(true).optional(),
});

/** A `kind: crashLoop` fault. */
export const crashLoop = z.strictObject({
  kind: z.literal('crashLoop'),
  at: duration(),
  target: workloadTarget,
  exits: int(1),
  after: duration().optional(),
});

/** A `kind: probeFailure` fault. */
export const probeFailure = z.strictObject({
  kind: z.literal('probeFailure'),
  at: duration(),
  target: z.strictObject({ workload: nonEmpty, image: nonEmpty.optional() }),
  probe: z.enum(['readiness', 'liveness']),
  for: duration(true).optional(),
});

/** spec.cluster.controlPlane: etcd members (`members`, or `nodes` as in docs/scenario.md's example) and zones. */
export const controlPlane = z.strictObject({
  members: int(1).optional(),
  nodes: int(1).optional(),
  zones: z.array(nonEmpty).optional(),
});

/** Which nodes a partition or slowdown hits: a node, or every node of a pool and/or zone (at most `count`). */
const nodeSelection = z.strictObject({
  pool: nonEmpty.optional(),
  zone: nonEmpty.optional(),
  node: nonEmpty.optional(),
  count: int(1).optional(),
});

/** A `kind: zoneOutage` fault: `target: {zone}` (or `zone:` beside `kind`, as docs/scenario.md shows). */
export const zoneOutage = z.strictObject({
  kind: z.literal('zoneOutage'),
  at: duration(),
  target: z.strictObject({ zone: nonEmpty }).optional(),
  zone: nonEmpty.optional(),
  for: duration(true).optional(),
});

/** A `kind: networkPartition` fault. */
export const networkPartition = z.strictObject({
  kind: z.literal('networkPartition'),
  at: duration(),
  target: nodeSelection,
  for: duration(true).optional(),
});

/** A `kind: slowNode` fault: service times × `factor` (>= 1) on the target nodes' pods. */
export const slowNode = z.strictObject({
  kind: z.literal('slowNode'),
  at: duration(),
  target: nodeSelection,
  factor: num(1),
  for: duration(true).optional(),
});

/** A `kind: controlPlaneMemberLoss` fault. */
export const controlPlaneMemberLoss = z.strictObject({
  kind: z.literal('controlPlaneMemberLoss'),
  at: duration(),
  count: int(1),
  for: duration(true).optional(),
});

/** A `kind: nodeFailures` fault: `mtbf` and `mttr` are durations (exponential means) or distributions. */
export const nodeFailures = z.strictObject({
  kind: z.literal('nodeFailures'),
  at: duration().optional(),
  target: z.strictObject({ pool: nonEmpty.optional(), zone: nonEmpty.optional() }).optional(),
  mtbf: z.unknown(),
  mttr: z.unknown(),
  for: duration(true).optional(),
});

/** A `kind: zoneFailures` fault: correlated failures of whole zones. */
export const zoneFailures = z.strictObject({
  kind: z.literal('zoneFailures'),
  at: duration().optional(),
  target: z.strictObject({ zone: nonEmpty.optional() }).optional(),
  mtbf: z.unknown(),
  mttr: z.unknown(),
  for: duration(true).optional(),
});
