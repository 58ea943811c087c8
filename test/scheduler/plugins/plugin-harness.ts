// A minimal harness to drive one plugin's extension points the way the framework runner does, on a
// snapshot built by the scheduler cache's buildSnapshot. Shared by the plugin test suites.
import type { RandomStream } from '../../../src/engine/random.js';
import { ClusterState } from '../../../src/model/cluster-state.js';
import type { LabelSelector } from '../../../src/model/labels.js';
import type { Node } from '../../../src/model/node.js';
import type { Pod } from '../../../src/model/pod.js';
import type { Deployment, Service, StatefulSet } from '../../../src/model/workloads.js';
import { makePodInfo } from '../../../src/scheduler/cache/pod-info.js';
import { buildSnapshot } from '../../../src/scheduler/cache/snapshot.js';
import {
  CycleState,
  type FilterPlugin,
  type FrameworkHandle,
  type NodeInfo,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../../src/scheduler/framework/interface.js';
import { Code, type Status } from '../../../src/scheduler/framework/status.js';
import { INTER_POD_AFFINITY_ARGS } from '../../../src/scheduler/plugins/inter-pod-affinity/args.js';
import { POD_TOPOLOGY_SPREAD_ARGS } from '../../../src/scheduler/plugins/pod-topology-spread/args.js';

/** A scheduling world: snapshot, cluster objects and a handle for plugin factories. */
export interface World {
  readonly handle: FrameworkHandle;
  readonly cluster: ClusterState;
  nodeInfo(name: string): NodeInfo;
  podInfo(pod: Pod): PodInfo;
}

const NO_RANDOM: RandomStream = new Proxy({} as RandomStream, {
  get() {
    throw new Error('invariant: these plugins draw no random numbers');
  },
});

/** Builds the snapshot of `nodes` with the bound `pods`, and a cluster holding services/workloads. */
export function makeWorld(
  nodes: Node[],
  pods: Pod[],
  objects: { services?: Service[]; workloads?: (Deployment | StatefulSet)[] } = {},
): World {
  const snapshot = buildSnapshot(nodes, pods);
  const cluster = new ClusterState();
  for (const s of objects.services ?? []) cluster.addService(s);
  for (const w of objects.workloads ?? []) cluster.addWorkload(w);
  return {
    handle: { snapshot: () => snapshot, cluster, random: NO_RANDOM },
    cluster,
    nodeInfo(name: string): NodeInfo {
      const info = snapshot.nodeInfo(name);
      if (!info) throw new Error(`test: no node ${name}`);
      return info;
    },
    podInfo: (pod: Pod) => makePodInfo(pod, snapshot.resources),
  };
}

/** A Service selecting pods by `selector` (core/v1 defaults for the rest). */
export function makeService(namespace: string, name: string, selector: Record<string, string>): Service {
  return {
    namespace,
    name,
    labels: {},
    selector,
    type: 'ClusterIP',
    ports: [],
    sessionAffinity: 'None',
    sessionAffinityTimeoutSeconds: 10800,
  };
}

/** A Deployment with `selector` (stands in for upstream test ReplicaSets). */
export function makeDeployment(namespace: string, name: string, selector: LabelSelector): Deployment {
  return {
    kind: 'Deployment',
    namespace,
    name,
    labels: {},
    replicas: 1,
    selector,
    template: {
      labels: {},
      spec: {
        nodeSelector: {},
        tolerations: [],
        topologySpreadConstraints: [],
        priority: 0,
        preemptionPolicy: 'PreemptLowerPriority',
        schedulerName: 'default-scheduler',
        containers: [],
        initContainers: [],
        terminationGracePeriodSeconds: 30,
      },
    },
    strategy: { type: 'Recreate' },
    minReadySeconds: 0,
  };
}

/** A StatefulSet with `selector`. */
export function makeStatefulSet(namespace: string, name: string, selector: LabelSelector): StatefulSet {
  const d = makeDeployment(namespace, name, selector);
  return {
    kind: 'StatefulSet',
    namespace,
    name,
    labels: {},
    replicas: 1,
    selector,
    template: d.template,
    serviceName: name,
    podManagementPolicy: 'OrderedReady',
  };
}

/** Short code of a status for table comparisons: 'Success', 'Skip', 'Unschedulable', … */
export function codeOf(status: Status | null): keyof typeof Code {
  return Code[status === null ? Code.Success : status.code] as keyof typeof Code;
}

/** Runs PreFilter then Filter on every node; returns the PreFilter status and per-node statuses. */
export function runFilter(
  plugin: PreFilterPlugin & FilterPlugin,
  world: World,
  pod: Pod,
  nodeNames: string[],
): { preFilter: Status | null; state: CycleState; filter: Record<string, Status | null> } {
  const state = new CycleState();
  const podInfo = world.podInfo(pod);
  const preFilter = plugin.preFilter(state, podInfo, world.handle.snapshot());
  const filter: Record<string, Status | null> = {};
  if (preFilter !== null) return { preFilter, state, filter };
  for (const name of nodeNames) filter[name] = plugin.filter(state, podInfo, world.nodeInfo(name));
  return { preFilter, state, filter };
}

/**
 * Runs PreScore on the feasible nodes, Score on each, then NormalizeScore; returns the PreScore status
 * and the final scores by node name (empty when PreScore did not succeed).
 */
export function runScore(
  plugin: PreScorePlugin & ScorePlugin,
  world: World,
  pod: Pod,
  feasibleNames: string[],
): { preScore: Status | null; scores: Record<string, number>; state: CycleState } {
  const state = new CycleState();
  const podInfo = world.podInfo(pod);
  const feasible = feasibleNames.map((n) => world.nodeInfo(n));
  const preScore = plugin.preScore(state, podInfo, feasible);
  const scores: Record<string, number> = {};
  if (preScore !== null) return { preScore, scores, state };
  const raw = new Float64Array(feasible.length);
  feasible.forEach((n, i) => {
    raw[i] = plugin.score(state, podInfo, n);
  });
  plugin.normalizeScore?.(state, podInfo, feasible, raw);
  feasible.forEach((n, i) => {
    scores[n.node.name] = raw[i] as number;
  });
  return { preScore, scores, state };
}

/** InterPodAffinityArgs as written, resolved the way a profile resolves them (decoded and defaulted). */
export function interPodAffinityArgs(written: Record<string, unknown> = {}) {
  return INTER_POD_AFFINITY_ARGS.schema.parse(written);
}

/** PodTopologySpreadArgs as written, resolved the way a profile resolves them. */
export function podTopologySpreadArgs(written: Record<string, unknown> = {}) {
  return POD_TOPOLOGY_SPREAD_ARGS.schema.parse(written);
}
