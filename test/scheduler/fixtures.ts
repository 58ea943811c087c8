// Builders for scheduler tests: nodes and pods with only the fields a case cares about.
import type { Node } from '../../src/model/node.js';
import type { Container, Pod, PodSpec } from '../../src/model/pod.js';
import type { ResourceList } from '../../src/model/resources.js';

let uid = 1_000_000;

/** A Ready, schedulable node with `allocatable` (pods defaults to 110) and optional labels/taints. */
export function makeNode(name: string, allocatable: ResourceList = {}, extra: Partial<Node> = {}): Node {
  return {
    name,
    labels: { 'kubernetes.io/hostname': name },
    taints: [],
    allocatable: { pods: 110, ...allocatable },
    unschedulable: false,
    ready: 'True',
    pricePerHour: 0,
    createdAt: 0,
    ...extra,
  };
}

/** A container with the given requests (and no limits). */
export function container(requests: ResourceList = {}, extra: Partial<Container> = {}): Container {
  return { name: 'c', requests, limits: {}, ports: [], ...extra };
}

/** A pending pod (or bound, with nodeName) with one container per `requests` entry. */
export function makePod(
  name: string,
  requests: ResourceList[] = [],
  opts: {
    nodeName?: string;
    labels?: Record<string, string>;
    spec?: Partial<PodSpec>;
    namespace?: string;
  } = {},
): Pod {
  const spec: PodSpec = {
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [],
    priority: 0,
    preemptionPolicy: 'PreemptLowerPriority',
    schedulerName: 'default-scheduler',
    containers: requests.map((r) => container(r)),
    initContainers: [],
    terminationGracePeriodSeconds: 30,
    ...opts.spec,
  };
  return {
    uid: uid++,
    namespace: opts.namespace ?? 'default',
    name,
    labels: opts.labels ?? {},
    spec,
    phase: 'Pending',
    nodeName: opts.nodeName,
    ready: false,
    createdAt: 0,
  };
}
