import type { Container, PodSpec, PodTemplate, Probe } from '../../model/pod.js';
import type { Toleration } from '../../model/taints.js';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from '../../model/taints.js';
import type { RawPodSpec, RawPodTemplate } from '../schemas/core.js';

/** core/v1 SetDefaults_PodSpec (pkg/apis/core/v1/defaults.go): DefaultSchedulerName. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
/** core/v1 SetDefaults_PodSpec: DefaultTerminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/**
 * plugin/pkg/admission/defaulttolerationseconds: --default-not-ready-toleration-seconds and
 * --default-unreachable-toleration-seconds, both 300.
 */
export const DEFAULT_TOLERATION_SECONDS = 300;

type RawContainer = RawPodSpec['containers'][number];
type RawProbe = NonNullable<RawContainer['readinessProbe']>;

/** core/v1 SetDefaults_Probe (pkg/apis/core/v1/defaults.go). */
export const PROBE_DEFAULTS: Readonly<Probe> = Object.freeze({
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
});

function convertProbe(raw: RawProbe): Probe {
  return {
    initialDelaySeconds: raw.initialDelaySeconds ?? PROBE_DEFAULTS.initialDelaySeconds,
    periodSeconds: raw.periodSeconds ?? PROBE_DEFAULTS.periodSeconds,
    timeoutSeconds: raw.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds,
    successThreshold: raw.successThreshold ?? PROBE_DEFAULTS.successThreshold,
    failureThreshold: raw.failureThreshold ?? PROBE_DEFAULTS.failureThreshold,
  };
}

/**
 * A container with requests defaulted from limits: core/v1 SetDefaults_Pod copies each limit into
 * requests when that resource has no request (for containers and init containers). Upstream does it
 * on Pods, not templates; every pod of a template gets it on creation, so doing it once here is the same.
 */
function convertContainer(c: RawContainer): Container {
  const limits = c.resources?.limits ?? {};
  const requests = { ...limits, ...(c.resources?.requests ?? {}) };
  const out: Container = {
    name: c.name,
    image: c.image,
    ports: (c.ports ?? []).map((p) => ({
      containerPort: p.containerPort,
      hostPort: p.hostPort,
      hostIP: p.hostIP,
      protocol: p.protocol ?? 'TCP',
    })),
    requests,
    limits,
  };
  if (c.restartPolicy) out.restartPolicy = c.restartPolicy;
  if (c.readinessProbe) out.readinessProbe = convertProbe(c.readinessProbe);
  if (c.livenessProbe) out.livenessProbe = convertProbe(c.livenessProbe);
  if (c.startupProbe) out.startupProbe = convertProbe(c.startupProbe);
  const preStopSleep = c.lifecycle?.preStop?.sleep?.seconds;
  if (preStopSleep !== undefined) out.preStopSleepSeconds = preStopSleep;
  return out;
}

/**
 * DefaultTolerationSeconds admission (plugin/pkg/admission/defaulttolerationseconds/admission.go): add
 * `node.kubernetes.io/not-ready` and `/unreachable` NoExecute tolerations for 300 s unless a toleration
 * already covers that key (same key or empty key, NoExecute or empty effect).
 */
export function withDefaultTolerations(tolerations: readonly Toleration[]): Toleration[] {
  const covers = (key: string) =>
    tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const out = [...tolerations];
  for (const key of [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE]) {
    if (!covers(key)) {
      out.push({
        key,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
      });
    }
  }
  return out;
}

/**
 * A PodSpec with core/v1 defaulting and DefaultTolerationSeconds admission applied. Priority is left
 * at 0 here: it is resolved by Priority admission once every PriorityClass is known (admission.ts).
 */
export function convertPodSpec(raw: RawPodSpec): PodSpec {
  const spec: PodSpec = {
    nodeName: raw.nodeName || undefined,
    nodeSelector: raw.nodeSelector ?? {},
    affinity: raw.affinity,
    tolerations: withDefaultTolerations(raw.tolerations ?? []),
    topologySpreadConstraints: raw.topologySpreadConstraints ?? [],
    priority: 0,
    priorityClassName: raw.priorityClassName || undefined,
    preemptionPolicy: raw.preemptionPolicy ?? 'PreemptLowerPriority',
    schedulerName: raw.schedulerName || DEFAULT_SCHEDULER_NAME,
    containers: raw.containers.map(convertContainer),
    initContainers: (raw.initContainers ?? []).map(convertContainer),
    overhead: raw.overhead,
    terminationGracePeriodSeconds:
      raw.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  };
  // Always is the default; kept only when written otherwise, so other pods' specs are unchanged.
  if (raw.restartPolicy && raw.restartPolicy !== 'Always') spec.restartPolicy = raw.restartPolicy;
  return spec;
}

/** A pod template: labels and annotations from its metadata, and the converted spec. */
export function convertPodTemplate(raw: RawPodTemplate): PodTemplate {
  const t: PodTemplate = { labels: raw.metadata?.labels ?? {}, spec: convertPodSpec(raw.spec) };
  if (raw.metadata?.annotations) t.annotations = raw.metadata.annotations;
  return t;
}
