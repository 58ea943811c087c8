import type { Endpoint, EndpointSlice } from '../model/endpoint-slice.js';
import { matchesMapSelector } from '../model/labels.js';
import { nodeZone } from '../model/node.js';
import { objectKey, type Pod, podKey } from '../model/pod.js';
import type { Service } from '../model/workloads.js';
import type { ControllerContext } from './context.js';
import { WorkQueue } from './work-queue.js';

/**
 * The endpoint of `pod`, or undefined when it is not one (pkg/controller/util/endpoint ShouldPodBeInEndpoints
 * and the EndpointSlice reconciler): bound, not finished. Ready means Ready and not terminating;
 * serving means Ready; terminating means being deleted (EndpointSliceTerminatingCondition, GA 1.26).
 */
export function endpointOf(pod: Pod, zone: string): Endpoint | undefined {
  if (pod.nodeName === undefined || pod.phase === 'Succeeded' || pod.phase === 'Failed') return undefined;
  const terminating = pod.deletionTimestamp !== undefined;
  return {
    pod: podKey(pod),
    uid: pod.uid,
    nodeName: pod.nodeName,
    zone,
    conditions: { ready: pod.ready && !terminating, serving: pod.ready, terminating },
  };
}

function sameEndpoints(a: readonly Endpoint[], b: readonly Endpoint[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Endpoint;
    const y = b[i] as Endpoint;
    if (
      x.uid !== y.uid ||
      x.nodeName !== y.nodeName ||
      x.conditions.ready !== y.conditions.ready ||
      x.conditions.serving !== y.conditions.serving ||
      x.conditions.terminating !== y.conditions.terminating
    )
      return false;
  }
  return true;
}

/**
 * The EndpointSlice controller: keeps each selector Service's endpoints equal to its pods, through the
 * API server, at the instant a pod changes (endpoint-updates-batch-period defaults to 0). kube-proxy
 * and the traffic model see the slices after their own propagation delay.
 */
export class EndpointSliceController {
  private readonly queue: WorkQueue;
  /** The pods each Service selects (labels never change in kubesim, so membership is fixed at creation). */
  private readonly members = new Map<string, Set<Pod>>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue(ctx.sim, (key) => this.reconcile(key));
  }

  start(): void {
    const { cluster } = this.ctx;
    cluster.watch((event) => {
      switch (event.type) {
        case 'ServiceAdded':
          this.addService(event.service);
          break;
        case 'PodAdded':
          for (const [key, pods] of this.selectorsOf(event.pod)) {
            pods.add(event.pod);
            this.queue.add(key);
          }
          break;
        case 'PodDeleted':
          for (const [key, pods] of this.selectorsOf(event.pod)) {
            pods.delete(event.pod);
            this.queue.add(key);
          }
          break;
        case 'PodBound':
          this.enqueueServicesOf(event.pod);
          break;
        case 'PodUpdated':
          if (
            event.old.ready !== event.pod.ready ||
            event.old.phase !== event.pod.phase ||
            event.old.deletionTimestamp !== event.pod.deletionTimestamp
          )
            this.enqueueServicesOf(event.pod);
          break;
        case 'ControlPlaneChanged':
          if (event.writable) for (const key of this.members.keys()) this.queue.add(key);
          break;
      }
    });
    for (const s of cluster.services) this.addService(s);
  }

  private addService(service: Service): void {
    const key = objectKey(service.namespace, service.name);
    if (this.members.has(key) || !hasSelector(service)) return;
    const pods = new Set<Pod>();
    for (const pod of this.ctx.cluster.pods) if (selects(service, pod)) pods.add(pod);
    this.members.set(key, pods);
    this.queue.add(key);
  }

  private *selectorsOf(pod: Pod): Generator<[string, Set<Pod>]> {
    const { cluster } = this.ctx;
    for (const [key, pods] of this.members) {
      const service = cluster.service(key);
      if (service && selects(service, pod)) yield [key, pods];
    }
  }

  private enqueueServicesOf(pod: Pod): void {
    for (const [key] of this.selectorsOf(pod)) this.queue.add(key);
  }

  /** syncService upstream: the Service's endpoints, in pod creation order, written when they changed. */
  private reconcile(key: string): void {
    const { cluster, api } = this.ctx;
    const service = cluster.service(key);
    const pods = this.members.get(key);
    if (!service || !pods) return;
    const endpoints: Endpoint[] = [];
    for (const pod of pods) {
      const node = pod.nodeName === undefined ? undefined : cluster.node(pod.nodeName);
      const endpoint = endpointOf(pod, node ? nodeZone(node) : '');
      if (endpoint) endpoints.push(endpoint);
    }
    const current = cluster.endpointSlice(key);
    if (current && sameEndpoints(current.endpoints, endpoints)) return;
    const slice: EndpointSlice = { namespace: service.namespace, service: service.name, endpoints };
    api.putEndpointSlice(slice);
  }
}

function hasSelector(service: Service): boolean {
  return service.selector !== undefined && Object.keys(service.selector).length > 0;
}

function selects(service: Service, pod: Pod): boolean {
  return (
    service.namespace === pod.namespace &&
    hasSelector(service) &&
    matchesMapSelector(service.selector, pod.labels)
  );
}
