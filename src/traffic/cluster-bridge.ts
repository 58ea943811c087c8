import type { Simulation } from '../engine/simulation.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Endpoint, EndpointSlice } from '../model/endpoint-slice.js';
import { objectKey, podKey } from '../model/pod.js';
import type { TrafficEndpoint } from './endpoints.js';
import type { TrafficSimulator } from './traffic-simulator.js';

/**
 * kube-proxy's view of a Service's slices (pkg/proxy/endpointslicecache.go): the endpoints of all of
 * them, each once (an endpoint moving between slices may briefly be in two), sorted as kube-proxy
 * sorts them by address; kubesim has no pod IPs and sorts by uid, the order IPs would be handed out.
 */
export function trafficEndpoints(slices: Iterable<EndpointSlice>): TrafficEndpoint[] {
  const byUid = new Map<number, Endpoint>();
  for (const slice of slices) for (const e of slice.endpoints) if (!byUid.has(e.uid)) byUid.set(e.uid, e);
  return [...byUid.values()]
    .sort((a, b) => a.uid - b.uid)
    .map((e) => ({
      pod: e.pod,
      node: e.nodeName,
      zone: e.zone,
      ready: e.conditions.ready,
      serving: e.conditions.serving,
      terminating: e.conditions.terminating,
    }));
}

/**
 * Connects the traffic model to the run's event stream, as kube-proxy and the data plane are connected
 * to a cluster: each EndpointSlice change reaches the proxies `propagationDelay` later (the latest
 * state of the Service's slices then, so changes within the delay coalesce as kube-proxy's sync does), and a pod
 * whose containers stop (crash, machine down, termination) loses what it was serving at once. A slow
 * node (slowNode fault, read from the ground truth) multiplies the service times of its pods.
 */
export class TrafficBridge {
  private readonly pendingSync = new Set<string>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly sim: Simulation,
    private readonly model: TrafficSimulator,
    private readonly propagationDelay: number,
    private readonly truth?: Pick<GroundTruth, 'slowdownOf'>,
  ) {}

  start(): void {
    this.cluster.watch((event) => {
      switch (event.type) {
        case 'EndpointSliceAdded':
        case 'EndpointSliceUpdated':
        case 'EndpointSliceDeleted':
          this.scheduleSync(objectKey(event.slice.namespace, event.slice.service));
          break;
        case 'ContainersUpdated':
          if (event.old.state === 'Running' && event.containers.state !== 'Running')
            this.model.podLost(podKey(event.pod));
          else if (event.old.state !== 'Running' && event.containers.state === 'Running')
            this.model.podRestarted(podKey(event.pod));
          break;
        case 'NodeSlowdownUpdated':
          for (const pod of this.cluster.podsOnNode(event.node))
            this.model.setPodSlowdown(podKey(pod), event.factor);
          break;
      }
    });
    for (const slice of this.cluster.endpointSlices)
      this.scheduleSync(objectKey(slice.namespace, slice.service));
  }

  private scheduleSync(serviceKey: string): void {
    if (this.pendingSync.has(serviceKey)) return;
    this.pendingSync.add(serviceKey);
    this.sim.schedule(this.propagationDelay, () => {
      this.pendingSync.delete(serviceKey);
      const endpoints = trafficEndpoints(this.cluster.endpointSlicesOf(serviceKey));
      this.model.setEndpoints(serviceKey, endpoints);
      // A pod first listed while its node is slow starts slow (the model knows pods once listed).
      for (const e of endpoints) {
        const factor = this.truth?.slowdownOf(e.node) ?? 1;
        if (factor !== 1) this.model.setPodSlowdown(e.pod, factor);
      }
    });
  }
}
