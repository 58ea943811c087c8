/**
 * One endpoint of a Service as kube-proxy sees it: the conditions of an EndpointSlice endpoint
 * (discovery.k8s.io/v1 EndpointConditions) plus where the pod runs. The cluster side builds these
 * from its EndpointSlices and hands them to `TrafficModel.setEndpoints` once the propagation delay
 * has passed.
 */
export interface TrafficEndpoint {
  /** The pod, "namespace/name". */
  pod: string;
  node: string;
  /** topology.kubernetes.io/zone of the node; "" when the node has no zone label. */
  zone: string;
  /** conditions.ready: the pod is ready and not terminating. */
  ready: boolean;
  /** conditions.serving: the pod is ready, whether or not it is terminating. */
  serving: boolean;
  /** conditions.terminating. */
  terminating: boolean;
}
