/**
 * Resource amounts by resource name ("cpu", "memory", "pods", "ephemeral-storage", "nvidia.com/gpu").
 * Units: cpu in millicores; every other resource in whole units (bytes for memory and storage).
 * An absent name means zero.
 */
export type ResourceList = Readonly<Record<string, number>>;

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const PODS = 'pods';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';

// pkg/scheduler/util/pod_resources.go: DefaultMilliCPURequest, DefaultMemoryRequest
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface ContainerResources {
  requests: ResourceList;
  limits: ResourceList;
  /** "Always" marks a sidecar (restartable init container, KEP-753). */
  restartPolicy?: 'Always';
}

/** A container's effective request: the request, or the limit when only a limit is set (API defaulting). */
function containerRequests(c: ContainerResources): Record<string, number> {
  return { ...c.limits, ...c.requests };
}

function addInto(target: Record<string, number>, add: ResourceList): void {
  for (const k in add) target[k] = (target[k] ?? 0) + (add[k] as number);
}

function maxInto(target: Record<string, number>, other: ResourceList): void {
  for (const k in other) target[k] = Math.max(target[k] ?? 0, other[k] as number);
}

/**
 * The pod's requests as kube-scheduler counts them (k8s.io/component-helpers resource.PodRequests):
 * Σ app containers and sidecars, then the max with each init container's request (plus the sidecars
 * started before it), plus the pod overhead. With `nonZero`, containers lacking a cpu or memory request
 * count the scheduler's defaults (100m, 200Mi) for that resource, as NodeResourcesFit scoring does.
 */
export function podRequests(
  containers: readonly ContainerResources[],
  initContainers: readonly ContainerResources[] = [],
  overhead: ResourceList = {},
  nonZero = false,
): Record<string, number> {
  const effective = (c: ContainerResources): Record<string, number> => {
    const r = containerRequests(c);
    if (nonZero) {
      // Only a missing request gets the default; an explicit 0 stays 0 (resource.PodRequests with
      // NonMissingContainerRequests, k8s.io/component-helpers).
      if (r[CPU] === undefined) r[CPU] = DEFAULT_MILLI_CPU_REQUEST;
      if (r[MEMORY] === undefined) r[MEMORY] = DEFAULT_MEMORY_REQUEST;
    }
    return r;
  };
  const total: Record<string, number> = {};
  for (const c of containers) addInto(total, effective(c));
  const sidecarsSoFar: Record<string, number> = {};
  const initMax: Record<string, number> = {};
  for (const c of initContainers) {
    const r = effective(c);
    if (c.restartPolicy === 'Always') {
      addInto(total, r);
      addInto(sidecarsSoFar, r);
      maxInto(initMax, { ...sidecarsSoFar });
    } else {
      const during = { ...sidecarsSoFar };
      addInto(during, r);
      maxInto(initMax, during);
    }
  }
  maxInto(total, initMax);
  addInto(total, overhead);
  return total;
}

/** Sum of two resource lists. */
export function addResources(a: ResourceList, b: ResourceList): Record<string, number> {
  const out: Record<string, number> = { ...a };
  addInto(out, b);
  return out;
}
