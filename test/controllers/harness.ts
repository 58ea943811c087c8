import { constant } from '../../src/engine/distributions.js';
import { MICROS_PER_SECOND } from '../../src/engine/time.js';
import type { PodSpec, PodTemplate } from '../../src/model/pod.js';
import type { ControlPlane, Fault, NodePool, Scenario } from '../../src/model/scenario.js';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from '../../src/model/taints.js';
import type { Deployment, Service, StatefulSet, Workload } from '../../src/model/workloads.js';
import { createRun } from '../../src/sim/run.js';

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

/** A ClusterIP Service selecting app=`name`, as the loader produces it. */
export function service(name: string): Service {
  return {
    namespace: 'default',
    name,
    labels: {},
    selector: { app: name },
    type: 'ClusterIP',
    ports: [{ port: 80, protocol: 'TCP' }],
    sessionAffinity: 'None',
    sessionAffinityTimeoutSeconds: 10800,
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
 * A run (createRun, with the real controllers and kube-scheduler) of `pools` and `workloads`, with
 * every pod starting `startupSeconds` after binding, ready to advance; `crash`/`recover` change a
 * machine at a given time.
 */
export function makeCluster(
  options: {
    pools?: NodePool[];
    workloads?: Workload[];
    kubernetesMinor?: number;
    startupSeconds?: number;
    duration?: number;
    faults?: Fault[];
    services?: Service[];
    controlPlane?: ControlPlane;
  } = {},
) {
  const workloads = options.workloads ?? [];
  const startup = { startupTime: constant((options.startupSeconds ?? 10) * S) };
  const scenario: Scenario = {
    name: 'harness',
    file: 'harness.yaml',
    seed: 1,
    duration: options.duration ?? 100_000 * S,
    warmup: 0,
    kubernetesVersion: `1.${options.kubernetesMinor ?? 36}`,
    zones: [],
    nodePools: options.pools ?? [pool()],
    services: Object.fromEntries(workloads.map((w) => [w.name, startup])),
    faults: options.faults ?? [],
    ...(options.controlPlane ? { controlPlane: options.controlPlane } : {}),
  };
  const run = createRun({
    scenario,
    nodes: [],
    pods: [],
    deployments: workloads.filter((w): w is Deployment => w.kind === 'Deployment'),
    statefulSets: workloads.filter((w): w is StatefulSet => w.kind === 'StatefulSet'),
    services: options.services ?? [],
    podDisruptionBudgets: [],
    priorityClasses: [],
  });
  const { sim, truth } = run;
  return {
    run,
    sim,
    api: run.api,
    cluster: run.cluster,
    truth,
    crash: (node: string, at: number) => sim.scheduleAt(at, () => truth.setMachineUp(node, false)),
    recover: (node: string, at: number) => sim.scheduleAt(at, () => truth.setMachineUp(node, true)),
  };
}
