import { z } from 'zod';
import * as m from '../messages.js';
import {
  annotationMap,
  bool,
  checkRequirementValues,
  int,
  labelMap,
  labelSelector,
  nonEmpty,
  objectMeta,
  objectMetaNamed,
  resourceList,
  str,
} from './common.js';
import { isDns1035Label } from './names.js';

// core/v1 shapes kubesim reads. Objects use z.object, which drops unknown fields, as the API server
// ignores (prunes) fields it does not know and kubesim ignores fields it does not simulate (volumes,
// env, status, a probe's handler…).

const effect = z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** core/v1 Taint (timeAdded is set by the simulator, not read). */
export const taint = z.object({ key: nonEmpty, value: str.optional(), effect });

/** core/v1 Toleration, with validateTolerations' rules (pkg/apis/core/validation/validation.go). */
export const toleration = z
  .object({
    key: str.optional(),
    operator: z.string({ error: m.tolerationOperator(undefined) }).optional(),
    value: str.optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute', '']).optional(),
    tolerationSeconds: int().optional(),
  })
  .superRefine((t, ctx) => {
    const operator = t.operator ?? '';
    if (operator !== '' && operator !== 'Equal' && operator !== 'Exists') {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: m.tolerationOperator(operator) });
      return;
    }
    if (!t.key && operator !== 'Exists')
      ctx.addIssue({
        code: 'custom',
        path: ['operator'],
        message: m.tolerationEmptyKey(operator || 'Equal'),
      });
    if (operator === 'Exists' && t.value)
      ctx.addIssue({ code: 'custom', path: ['value'], message: m.tolerationExistsValue(t.value) });
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute')
      ctx.addIssue({ code: 'custom', path: ['effect'], message: m.tolerationSecondsEffect(t.effect ?? '') });
  })
  // The refinement above admitted only these operators.
  .transform((t) => t as Omit<typeof t, 'operator'> & { operator?: 'Equal' | 'Exists' });

const nodeSelectorRequirement = z
  .object({
    key: nonEmpty,
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
    values: z.array(str).optional(),
  })
  .superRefine(checkRequirementValues);

const nodeSelectorTerm = z.object({
  matchExpressions: z.array(nodeSelectorRequirement).optional(),
  matchFields: z.array(nodeSelectorRequirement).optional(),
});

const podAffinityTerm = z.object({
  labelSelector: labelSelector.optional(),
  namespaces: z.array(str).optional(),
  namespaceSelector: labelSelector.optional(),
  topologyKey: nonEmpty,
  matchLabelKeys: z.array(str).optional(),
  mismatchLabelKeys: z.array(str).optional(),
});

const podAffinity = z.object({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z
    .array(z.object({ weight: int(1, 100), podAffinityTerm }))
    .optional(),
});

/** core/v1 Affinity: node affinity, pod affinity and anti-affinity. */
export const affinity = z.object({
  nodeAffinity: z
    .object({
      requiredDuringSchedulingIgnoredDuringExecution: z
        .object({ nodeSelectorTerms: z.array(nodeSelectorTerm) })
        .optional(),
      preferredDuringSchedulingIgnoredDuringExecution: z
        .array(z.object({ weight: int(1, 100), preference: nodeSelectorTerm }))
        .optional(),
    })
    .optional(),
  podAffinity: podAffinity.optional(),
  podAntiAffinity: podAffinity.optional(),
});

const topologySpreadConstraint = z.object({
  maxSkew: int(1),
  topologyKey: nonEmpty,
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  labelSelector: labelSelector.optional(),
  minDomains: int(1).optional(),
  nodeAffinityPolicy: z.enum(['Honor', 'Ignore']).optional(),
  nodeTaintsPolicy: z.enum(['Honor', 'Ignore']).optional(),
  matchLabelKeys: z.array(str).optional(),
});

const protocol = z.enum(['TCP', 'UDP', 'SCTP']);

/**
 * core/v1 Probe timing, with validateProbe's ranges (pkg/apis/core/validation/validation.go): delays
 * >= 0, period, timeout and thresholds >= 1. The handler is not read: outcomes come from the ground truth.
 */
const probe = z.object({
  initialDelaySeconds: int(0).optional(),
  periodSeconds: int(1).optional(),
  timeoutSeconds: int(1).optional(),
  successThreshold: int(1).optional(),
  failureThreshold: int(1).optional(),
});

/** Liveness and startup probes: validateLivenessProbe/validateStartupProbe want successThreshold 1. */
const probeSucceedingOnce = probe.superRefine((p, ctx) => {
  if (p.successThreshold !== undefined && p.successThreshold !== 1)
    ctx.addIssue({ code: 'custom', path: ['successThreshold'], message: m.probeSuccessThresholdOne });
});

/** core/v1 Container: identity, ports, resources and probe timings (env, volumes are not read). */
export const container = z.object({
  name: nonEmpty,
  image: str.optional(),
  ports: z
    .array(
      z.object({
        containerPort: int(1, 65535),
        hostPort: int(0, 65535).optional(),
        hostIP: str.optional(),
        protocol: protocol.optional(),
      }),
    )
    .optional(),
  resources: z.object({ requests: resourceList.optional(), limits: resourceList.optional() }).optional(),
  restartPolicy: z.enum(['Always']).optional(),
  readinessProbe: probe.optional(),
  livenessProbe: probeSucceedingOnce.optional(),
  startupProbe: probeSucceedingOnce.optional(),
  // Only preStop's `sleep` action takes a known time (KEP-3960, 1.30+); exec and httpGet hooks are
  // taken to finish at once (docs/simulation.md, graceful termination).
  lifecycle: z
    .object({ preStop: z.object({ sleep: z.object({ seconds: int(0) }).optional() }).optional() })
    .optional(),
});

/** core/v1 PodSpec: the scheduling-relevant fields (model/pod.ts PodSpec). */
export const podSpec = z.object({
  nodeName: str.optional(),
  nodeSelector: labelMap.optional(),
  affinity: affinity.optional(),
  tolerations: z.array(toleration).optional(),
  topologySpreadConstraints: z.array(topologySpreadConstraint).optional(),
  priority: int().optional(),
  priorityClassName: str.optional(),
  preemptionPolicy: z.enum(['PreemptLowerPriority', 'Never']).optional(),
  schedulerName: str.optional(),
  containers: z.array(container, { error: 'expected a list of containers' }).min(1),
  initContainers: z.array(container).optional(),
  overhead: resourceList.optional(),
  terminationGracePeriodSeconds: int(0).optional(),
  restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).optional(),
});

/** A PodSpec as validated, before defaulting. */
export type RawPodSpec = z.output<typeof podSpec>;

/** core/v1 PodTemplateSpec. */
export const podTemplate = z.object({
  metadata: z.object({ labels: labelMap.optional(), annotations: annotationMap.optional() }).optional(),
  spec: podSpec,
});

/** A PodTemplateSpec as validated, before defaulting. */
export type RawPodTemplate = z.output<typeof podTemplate>;

/** core/v1 Pod (status is ignored: a loaded pod starts Pending). */
export const pod = z.object({ metadata: objectMeta, spec: podSpec });

/** core/v1 Node: labels, taints, unschedulable, capacity and allocatable. */
export const node = z.object({
  metadata: objectMeta,
  spec: z.object({ unschedulable: bool.optional(), taints: z.array(taint).optional() }).optional(),
  status: z.object({ capacity: resourceList.optional(), allocatable: resourceList.optional() }).optional(),
});

/** core/v1 Service: selector, type, ports and session affinity. */
export const service = z.object({
  // A Service's name becomes a DNS label (ValidateServiceName: IsDNS1035Label).
  metadata: objectMetaNamed(isDns1035Label),
  spec: z.object({
    selector: labelMap.optional(),
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).optional(),
    ports: z
      .array(
        z.object({
          name: str.optional(),
          port: int(1, 65535),
          targetPort: z
            .union([int(1, 65535), nonEmpty], { error: 'expected a port number or a port name' })
            .optional(),
          protocol: protocol.optional(),
        }),
      )
      .optional(),
    sessionAffinity: z.enum(['None', 'ClientIP']).optional(),
    sessionAffinityConfig: z
      .object({
        // core/v1 validation: 0 < timeoutSeconds <= 86400 (MaxClientIPServiceAffinitySeconds).
        clientIP: z.object({ timeoutSeconds: int(1, 86400).optional() }).optional(),
      })
      .optional(),
  }),
});

/** scheduling.k8s.io/v1 PriorityClass. */
export const priorityClass = z.object({
  metadata: objectMeta,
  value: int(-2147483648, 2147483647),
  globalDefault: bool.optional(),
  preemptionPolicy: z.enum(['PreemptLowerPriority', 'Never']).optional(),
});
