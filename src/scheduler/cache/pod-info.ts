import type { Pod, PodSpec } from '../../model/pod.js';
import { podRequests } from '../../model/resources.js';
import { PODS_INDEX, type PodInfo } from '../framework/interface.js';
import type { DynamicResourceIndex } from './resource-index.js';

/** The scheduler's PodInfo: request vectors plus flags derived once from the spec. */
export interface SchedulerPodInfo extends PodInfo {
  /** The pod has any pod affinity or anti-affinity term (required or preferred). */
  readonly hasAffinity: boolean;
  /** The pod has required anti-affinity terms. */
  readonly hasRequiredAntiAffinity: boolean;
  /** Host ports it asks for, as "protocol/hostIP/port" (hostIP defaulted to 0.0.0.0). */
  readonly hostPorts: readonly string[];
  /** Vector slots (other than pods) the pod requests a positive amount of: Filter checks only these. */
  readonly requestedSlots: Int32Array;
}

/** What the scheduler derives once per PodSpec (see DynamicResourceIndex.derivedBySpec). */
export interface SpecDerived {
  requests: Float64Array;
  nonZeroRequests: Float64Array;
  hasAffinity: boolean;
  hasRequiredAntiAffinity: boolean;
  hostPorts: string[];
  requestedSlots: Int32Array;
}

function derive(spec: PodSpec, resources: DynamicResourceIndex): SpecDerived {
  const cached = resources.derivedBySpec.get(spec);
  if (cached) return cached;
  const req = podRequests(spec.containers, spec.initContainers, spec.overhead);
  const nonZero = podRequests(spec.containers, spec.initContainers, spec.overhead, true);
  const requests = resources.vectorOf(req);
  const nonZeroRequests = resources.vectorOf(nonZero);
  // Each pod occupies one of the node's "pods" slots; NodeResourcesFit checks it as "Too many pods".
  requests[PODS_INDEX] = 1;
  nonZeroRequests[PODS_INDEX] = 1;
  const a = spec.affinity;
  const hasAffinity =
    !!a &&
    !!(
      a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ||
      a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ||
      a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ||
      a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length
    );
  const hasRequiredAntiAffinity =
    !!a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length;
  const hostPorts: string[] = [];
  // Sidecars (restartable init containers) hold their host ports for the pod's lifetime; other init
  // containers do not count (upstream schedutil.GetHostPorts).
  const withPorts = [...spec.containers, ...spec.initContainers.filter((c) => c.restartPolicy === 'Always')];
  for (const c of withPorts) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      hostPorts.push(portKey(p.protocol, p.hostIP, p.hostPort));
    }
  }
  const slots: number[] = [];
  for (let i = 0; i < requests.length; i++)
    if (i !== PODS_INDEX && (requests[i] as number) > 0) slots.push(i);
  const requestedSlots = Int32Array.from(slots);
  const derived = {
    requests,
    nonZeroRequests,
    hasAffinity,
    hasRequiredAntiAffinity,
    hostPorts,
    requestedSlots,
  };
  resources.derivedBySpec.set(spec, derived);
  return derived;
}

/** "protocol/hostIP/port" with upstream's defaults (TCP, 0.0.0.0), as NodeInfo.usedPorts keys it. */
export function portKey(protocol: string | undefined, hostIP: string | undefined, port: number): string {
  return `${protocol || 'TCP'}/${hostIP || '0.0.0.0'}/${port}`;
}

/**
 * Derives what the scheduler needs from `pod` (requests as vectors, affinity flags, host ports).
 * Vectors are shared between pods with the same spec object and must not be mutated.
 */
export function makePodInfo(pod: Pod, resources: DynamicResourceIndex): SchedulerPodInfo {
  const d = derive(pod.spec, resources);
  return {
    pod,
    requests: d.requests,
    nonZeroRequests: d.nonZeroRequests,
    hasAffinity: d.hasAffinity,
    hasRequiredAntiAffinity: d.hasRequiredAntiAffinity,
    hostPorts: d.hostPorts,
    requestedSlots: d.requestedSlots,
  };
}
