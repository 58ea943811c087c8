/** EndpointSlice conditions (discovery.k8s.io/v1 EndpointConditions). */
export interface EndpointConditions {
  /** Ready: the pod is Ready and not terminating. */
  ready: boolean;
  /** Serving: the pod is Ready, terminating or not. */
  serving: boolean;
  terminating: boolean;
}

/** One endpoint: a pod backing a Service. */
export interface Endpoint {
  /** "namespace/name" of the pod. */
  pod: string;
  uid: number;
  nodeName: string;
  /** topology.kubernetes.io/zone of the node, "" when unlabelled. */
  zone: string;
  conditions: EndpointConditions;
}

/**
 * The endpoints of one Service. Upstream splits them into slices of at most 100 endpoints
 * (maxEndpointsPerSlice); kubesim keeps one object per Service, which is what every consumer (kube-proxy,
 * the traffic model) merges the slices into anyway.
 */
export interface EndpointSlice {
  readonly namespace: string;
  /** Named after the Service, as the slice's kubernetes.io/service-name label. */
  readonly service: string;
  endpoints: Endpoint[];
}
