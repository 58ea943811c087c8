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
 * One EndpointSlice (discovery.k8s.io/v1): up to maxEndpointsPerSlice (100) of one Service's
 * endpoints. A Service has as many slices as its endpoints need, and one empty placeholder when it
 * has none; consumers (kube-proxy, the traffic model) merge all slices of a Service.
 */
export interface EndpointSlice {
  readonly namespace: string;
  /** `<service>-<5 random characters>`, as the API server's generateName gives. */
  readonly name: string;
  /** The Service, as the slice's kubernetes.io/service-name label. */
  readonly service: string;
  endpoints: Endpoint[];
}
