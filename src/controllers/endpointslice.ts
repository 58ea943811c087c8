import type { Endpoint } from '../model/endpoint-slice.js';
import { nodeZone } from '../model/node.js';
import { objectKey, type Pod, podKey } from '../model/pod.js';
import type { Service } from '../model/workloads.js';
import type { ControllerContext } from './context.js';
import {
  DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  ServiceSlices,
  type SlicePlan,
} from './endpointslice-reconciler.js';
import { randomSuffix } from './pod-factory.js';
import { ServiceSelectorIndex } from './service-selector-index.js';
import { WorkQueue } from './work-queue.js';

/**
 * The endpoint of `pod`, or undefined when it is not one (pkg/controller/util/endpoint
 * ShouldPodBeInEndpoints and the EndpointSlice reconciler's podToEndpoint): bound to a node that
 * exists, not finished. Ready means Ready and not terminating; serving means Ready; terminating
 * means being deleted (EndpointSliceTerminatingCondition, GA 1.26). `zone` is undefined when the
 * node does not exist (the reconciler skips such pods and retries later).
 */
export function endpointOf(pod: Pod, zone: string | undefined): Endpoint | undefined {
  if (pod.nodeName === undefined || pod.phase === 'Succeeded' || pod.phase === 'Failed') return undefined;
  if (zone === undefined) return undefined;
  const terminating = pod.deletionTimestamp !== undefined;
  return {
    pod: podKey(pod),
    uid: pod.uid,
    nodeName: pod.nodeName,
    zone,
    conditions: { ready: pod.ready && !terminating, serving: pod.ready, terminating },
  };
}

/** One selector Service: its slices and the pods changed since its last sync. */
interface ServiceState {
  readonly service: Service;
  readonly slices: ServiceSlices;
  /** Pods whose endpoint may have changed, by uid, in the order they changed. */
  readonly dirty: Map<number, Pod>;
}

/**
 * The EndpointSlice controller: keeps each selector Service's EndpointSlices equal to its pods,
 * through the API server, at the instant a pod changes (endpoint-updates-batch-period defaults to 0).
 * Upstream's syncService lists every pod of the Service and compares it with every slice; kubesim
 * keeps the pods changed since the last sync and hands only those to the reconciler, which gives the
 * same writes (a change touches only the slice that holds the endpoint) in time proportional to
 * the change. kube-proxy and the traffic model see the slices after their own propagation delay.
 */
export class EndpointSliceController {
  private readonly queue: WorkQueue;
  private readonly states = new Map<string, ServiceState>();
  private readonly selectors = new ServiceSelectorIndex();
  /** Bound pods by node: their endpoints go when the node object is deleted. */
  private readonly podsByNode = new Map<string, Set<Pod>>();
  private readonly names;

  constructor(
    private readonly ctx: ControllerContext,
    /** --max-endpoints-per-slice. */
    private readonly maxEndpointsPerSlice = DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  ) {
    this.queue = new WorkQueue(ctx.sim, (key) => this.reconcile(key));
    this.names = ctx.random.get('controllers/endpointslice/slice-names');
  }

  start(): void {
    const { cluster } = this.ctx;
    cluster.watch((event) => {
      switch (event.type) {
        case 'ServiceAdded':
          this.addService(event.service);
          break;
        case 'PodAdded':
          this.podChanged(event.pod);
          break;
        case 'PodBound':
          this.nodeSet(event.pod.nodeName as string).add(event.pod);
          this.podChanged(event.pod);
          break;
        case 'PodDeleted':
          if (event.pod.nodeName !== undefined) this.podsByNode.get(event.pod.nodeName)?.delete(event.pod);
          this.podChanged(event.pod);
          break;
        case 'PodUpdated':
          if (
            event.old.ready !== event.pod.ready ||
            event.old.phase !== event.pod.phase ||
            event.old.deletionTimestamp !== event.pod.deletionTimestamp
          )
            this.podChanged(event.pod);
          break;
        case 'NodeDeleted':
          for (const pod of this.podsByNode.get(event.node.name) ?? []) this.podChanged(pod);
          this.podsByNode.delete(event.node.name);
          break;
        case 'ControlPlaneChanged':
          if (event.writable) for (const key of this.states.keys()) this.queue.add(key);
          break;
      }
    });
    for (const s of cluster.services) this.addService(s);
  }

  private addService(service: Service): void {
    const key = objectKey(service.namespace, service.name);
    if (this.states.has(key) || !this.selectors.add(service)) return;
    const state: ServiceState = {
      service,
      slices: new ServiceSlices(service.namespace, service.name, this.maxEndpointsPerSlice),
      dirty: new Map(),
    };
    for (const pod of this.ctx.cluster.pods)
      if (this.selectors.selects(service, pod)) state.dirty.set(pod.uid, pod);
    this.states.set(key, state);
    this.queue.add(key);
  }

  private podChanged(pod: Pod): void {
    for (const service of this.selectors.servicesOf(pod)) {
      const key = objectKey(service.namespace, service.name);
      const state = this.states.get(key);
      if (!state) continue;
      state.dirty.set(pod.uid, pod);
      this.queue.add(key);
    }
  }

  /**
   * syncService upstream, on the pods changed since the last sync: their endpoints as they are now
   * (a deleted pod's is none), through the reconciler's plan, written when the API server can write
   * (otherwise kept for the sync after quorum returns).
   */
  private reconcile(key: string): void {
    const { cluster, api } = this.ctx;
    const state = this.states.get(key);
    if (!state || !api.isWritable) return;
    const changes = new Map<number, Endpoint | undefined>();
    for (const [uid, pod] of state.dirty) {
      const live = cluster.pod(podKey(pod)) === pod;
      const node = live && pod.nodeName !== undefined ? cluster.node(pod.nodeName) : undefined;
      changes.set(uid, live ? endpointOf(pod, node ? nodeZone(node) : undefined) : undefined);
    }
    state.dirty.clear();
    const name = state.service.name;
    const plan = state.slices.plan(changes, () => `${name}-${randomSuffix(() => this.names.next())}`);
    state.slices.commit(plan);
    this.write(plan);
  }

  private write(plan: SlicePlan): void {
    const { api } = this.ctx;
    for (const slice of [...plan.create, ...plan.update]) {
      if (!api.putEndpointSlice(slice).ok)
        throw new Error('invariant: EndpointSlice write refused while writable');
    }
    for (const slice of plan.delete) api.deleteEndpointSlice(slice.namespace, slice.name);
  }

  private nodeSet(nodeName: string): Set<Pod> {
    let pods = this.podsByNode.get(nodeName);
    if (!pods) {
      pods = new Set();
      this.podsByNode.set(nodeName, pods);
    }
    return pods;
  }
}
