import { ApiServer } from '../../src/api/api-server.js';
import type { ControllerContext } from '../../src/controllers/context.js';
import { EndpointSliceController } from '../../src/controllers/endpointslice.js';
import { Kubelets } from '../../src/controllers/kubelet.js';
import { NodeLifecycleController } from '../../src/controllers/node-lifecycle.js';
import { ReplicaSetController } from '../../src/controllers/replicaset.js';
import { StatefulSetController } from '../../src/controllers/statefulset.js';
import { TaintEvictionController } from '../../src/controllers/taint-eviction.js';
import { constant } from '../../src/engine/distributions.js';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { MICROS_PER_SECOND } from '../../src/engine/time.js';
import { GroundTruth } from '../../src/ground-truth/ground-truth.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { PodSpec, PodTemplate } from '../../src/model/pod.js';
import type { NodePool } from '../../src/model/scenario.js';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from '../../src/model/taints.js';
import type { Deployment, StatefulSet } from '../../src/model/workloads.js';
import { nodeFromPool } from '../../src/sim/node-pools.js';

export const S = MICROS_PER_SECOND;

export function pool(overrides: Partial<NodePool> = {}): NodePool {
  return {
    name: 'p',
    instanceType: 't',
    allocatable: { cpu: 4000, memory: 16 * 2 ** 30, pods: 110 },
    pricePerHour: 0.1,
    count: 3,
    zones: ['a', 'b', 'c'],
    labels: {},
    taints: [],
    ...overrides,
  };
}

/** A pod spec as the loader produces it, with the DefaultTolerationSeconds tolerations. */
export function podSpec(overrides: Partial<PodSpec> = {}): PodSpec {
  return {
    nodeSelector: {},
    tolerations: [
      { key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ],
    topologySpreadConstraints: [],
    priority: 0,
    preemptionPolicy: 'PreemptLowerPriority',
    schedulerName: 'default-scheduler',
    containers: [{ name: 'c', requests: { cpu: 500, memory: 2 ** 29 }, limits: {}, ports: [] }],
    initContainers: [],
    terminationGracePeriodSeconds: 30,
    ...overrides,
  };
}

export function template(app: string, spec: PodSpec = podSpec()): PodTemplate {
  return { labels: { app }, spec };
}

export function deployment(name: string, replicas: number): Deployment {
  return {
    kind: 'Deployment',
    namespace: 'default',
    name,
    labels: {},
    replicas,
    selector: { matchLabels: { app: name } },
    template: template(name),
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    minReadySeconds: 0,
  };
}

export function statefulSet(name: string, replicas: number): StatefulSet {
  return {
    kind: 'StatefulSet',
    namespace: 'default',
    name,
    labels: {},
    replicas,
    selector: { matchLabels: { app: name } },
    template: template(name),
    serviceName: name,
    podManagementPolicy: 'OrderedReady',
  };
}

/**
 * A cluster with the real controllers and, in place of kube-scheduler, a trivial binder that puts each
 * new pod on the Ready, untainted node with the fewest pods (ties by name) at the same instant.
 */
export function makeCluster(
  options: { pools?: NodePool[]; kubernetesMinor?: number; startupSeconds?: number } = {},
) {
  const sim = new Simulation();
  const cluster = new ClusterState();
  const truth = new GroundTruth(cluster.stream);
  const api = new ApiServer(cluster, () => sim.now);
  const ctx: ControllerContext = {
    sim,
    api,
    cluster,
    truth,
    random: new RandomStreams(1),
    kubernetesMinor: options.kubernetesMinor ?? 36,
    behaviour: () => ({ startupTime: constant((options.startupSeconds ?? 10) * S) }),
  };
  new Kubelets(ctx).start();
  new NodeLifecycleController(ctx).start();
  new TaintEvictionController(ctx).start();
  new EndpointSliceController(ctx).start();
  cluster.watch((event) => {
    if (event.type !== 'PodAdded' || event.pod.nodeName !== undefined) return;
    const pod = event.pod;
    sim.schedule(0, () => {
      if (pod.nodeName !== undefined || cluster.pod(`${pod.namespace}/${pod.name}`) !== pod) return;
      const candidates = [...cluster.nodes]
        .filter((n) => n.ready === 'True' && n.taints.length === 0)
        .sort(
          (a, b) =>
            cluster.podsOnNode(a.name).size - cluster.podsOnNode(b.name).size || (a.name < b.name ? -1 : 1),
        );
      if (candidates[0]) api.bind(pod, candidates[0].name);
    });
  });
  for (const p of options.pools ?? [pool()])
    for (let i = 0; i < p.count; i++) {
      const node = nodeFromPool(p, i, 0);
      truth.addMachine(node.name, true);
      api.createNode(node);
    }
  const replicaSets = new ReplicaSetController(ctx);
  const statefulSets = new StatefulSetController(ctx);
  return {
    sim,
    api,
    cluster,
    truth,
    start: () => {
      replicaSets.start();
      statefulSets.start();
    },
    crash: (node: string, at: number) => sim.scheduleAt(at, () => truth.setMachineUp(node, false)),
    recover: (node: string, at: number) => sim.scheduleAt(at, () => truth.setMachineUp(node, true)),
  };
}
