import type { GroundTruth, PodContainers } from '../ground-truth/ground-truth.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { HorizontalPodAutoscaler } from '../model/hpa.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import type { Deployment, StatefulSet } from '../model/workloads.js';
import type { MetricFamily, SeriesLabels, SeriesStore, StoredSeries } from './series-store.js';

/** Pod phases kube-state-metrics writes a series for, each 1 for the pod's phase and 0 otherwise. */
const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;
/** Condition statuses, as kube-state-metrics lower-cases them. */
const CONDITION_STATUSES = ['true', 'false', 'unknown'] as const;

/**
 * The kube-state-metrics families kubesim writes: names, types, help and labels as
 * kubernetes/kube-state-metrics docs/metrics/workload/*.md (v2.x) has them, reduced to what kubesim
 * simulates (docs/monitoring.md lists the labels left out).
 */
const FAMILIES: readonly MetricFamily[] = [
  { name: 'kube_node_info', type: 'gauge', help: 'Information about a cluster node.' },
  { name: 'kube_node_status_condition', type: 'gauge', help: 'The condition of a cluster node.' },
  { name: 'kube_node_spec_unschedulable', type: 'gauge', help: 'Whether a node can schedule new pods.' },
  { name: 'kube_node_spec_taint', type: 'gauge', help: 'The taint of a cluster node.' },
  {
    name: 'kube_node_status_allocatable',
    type: 'gauge',
    help: 'The allocatable for different resources of a node that are available for scheduling.',
  },
  { name: 'kube_pod_info', type: 'gauge', help: 'Information about pod.' },
  { name: 'kube_pod_status_phase', type: 'gauge', help: 'The pods current phase.' },
  {
    name: 'kube_pod_status_ready',
    type: 'gauge',
    help: 'Describes whether the pod is ready to serve requests.',
  },
  {
    name: 'kube_pod_status_scheduled',
    type: 'gauge',
    help: 'Describes the status of the scheduling process for the pod.',
  },
  {
    name: 'kube_pod_container_status_restarts',
    type: 'counter',
    help: 'The number of container restarts per container.',
  },
  {
    name: 'kube_pod_container_status_waiting_reason',
    type: 'gauge',
    help: 'Describes the reason the container is currently in waiting state.',
  },
  {
    name: 'kube_pod_container_resource_requests',
    type: 'gauge',
    help: 'The number of requested request resource by a container.',
  },
  { name: 'kube_deployment_spec_replicas', type: 'gauge', help: 'Number of desired pods for a deployment.' },
  { name: 'kube_deployment_status_replicas', type: 'gauge', help: 'The number of replicas per deployment.' },
  {
    name: 'kube_deployment_status_replicas_available',
    type: 'gauge',
    help: 'The number of available replicas per deployment.',
  },
  {
    name: 'kube_deployment_status_replicas_unavailable',
    type: 'gauge',
    help: 'The number of unavailable replicas per deployment.',
  },
  {
    name: 'kube_deployment_status_replicas_ready',
    type: 'gauge',
    help: 'The number of ready replicas per deployment.',
  },
  {
    name: 'kube_deployment_status_replicas_updated',
    type: 'gauge',
    help: 'The number of updated replicas per deployment.',
  },
  { name: 'kube_statefulset_replicas', type: 'gauge', help: 'Number of desired pods for a StatefulSet.' },
  {
    name: 'kube_horizontalpodautoscaler_spec_min_replicas',
    type: 'gauge',
    help: 'Lower limit for the number of pods that can be set by the autoscaler, default 1.',
  },
  {
    name: 'kube_horizontalpodautoscaler_spec_max_replicas',
    type: 'gauge',
    help: 'Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
  },
  {
    name: 'kube_horizontalpodautoscaler_status_current_replicas',
    type: 'gauge',
    help: 'Current number of replicas of pods managed by this autoscaler.',
  },
  {
    name: 'kube_horizontalpodautoscaler_status_desired_replicas',
    type: 'gauge',
    help: 'Desired number of replicas of pods managed by this autoscaler.',
  },
];

/** What the HPA controller last decided for an HPA ("namespace/name"), when it has rescaled. */
export type HpaDesired = (hpaKey: string) => number | undefined;

/**
 * kube-state-metrics over the API server's objects: at each scrape it writes one set of series per
 * node, pod, Deployment, StatefulSet and HorizontalPodAutoscaler that exists, as kube-state-metrics
 * does from its informers. Container state (restarts, waiting reason) comes from the ground truth,
 * which kubesim's kubelet reports without delay.
 */
export class KubeStateMetrics {
  /** Each pod's series handles, made once per pod (again when it is bound): the hot path of a scrape. */
  private readonly podHandles = new Map<number, PodHandles>();
  private readonly nodeHandles = new Map<string, NodeHandles>();

  constructor(
    private readonly cluster: ClusterState,
    private readonly truth: GroundTruth,
    private readonly hpas: readonly HorizontalPodAutoscaler[],
    private readonly hpaDesired: HpaDesired,
  ) {}

  declare(store: SeriesStore): void {
    for (const f of FAMILIES) store.declare(f);
  }

  collect(store: SeriesStore): void {
    const nodes = new Set<string>();
    for (const node of this.cluster.nodes) {
      nodes.add(node.name);
      this.node(store, node);
    }
    for (const name of this.nodeHandles.keys()) if (!nodes.has(name)) this.nodeHandles.delete(name);
    const present = new Set<number>();
    for (const pod of this.cluster.pods) {
      present.add(pod.uid);
      this.pod(store, pod);
    }
    for (const uid of this.podHandles.keys()) if (!present.has(uid)) this.podHandles.delete(uid);
    for (const w of this.cluster.workloads) {
      if (w.kind === 'Deployment') this.deployment(store, w);
      else this.statefulSet(store, w);
    }
    for (const hpa of this.hpas) this.hpa(store, hpa);
  }

  private node(store: SeriesStore, node: Node): void {
    let h = this.nodeHandles.get(node.name);
    if (h === undefined) {
      h = nodeHandles(store, node);
      this.nodeHandles.set(node.name, h);
    }
    store.set(h.info, 1);
    const status = node.ready.toLowerCase();
    for (const [i, s] of CONDITION_STATUSES.entries())
      store.set(h.ready[i] as StoredSeries, s === status ? 1 : 0);
    store.set(h.unschedulable, node.unschedulable ? 1 : 0);
    for (const t of node.taints)
      store.record(
        'kube_node_spec_taint',
        { node: node.name, key: t.key, value: t.value ?? '', effect: t.effect },
        1,
      );
    for (const a of h.allocatable) store.set(a.series, a.value);
  }

  private pod(store: SeriesStore, pod: Pod): void {
    let h = this.podHandles.get(pod.uid);
    if (h === undefined || h.nodeName !== pod.nodeName) {
      h = podHandles(store, pod);
      this.podHandles.set(pod.uid, h);
    }
    store.set(h.info, 1);
    for (const [i, phase] of POD_PHASES.entries())
      store.set(h.phase[i] as StoredSeries, phase === pod.phase ? 1 : 0);
    const ready = pod.ready ? 'true' : 'false';
    const scheduled = pod.nodeName === undefined ? 'false' : 'true';
    for (let i = 0; i < CONDITION_STATUSES.length; i++) {
      store.set(h.ready[i] as StoredSeries, CONDITION_STATUSES[i] === ready ? 1 : 0);
      store.set(h.scheduled[i] as StoredSeries, CONDITION_STATUSES[i] === scheduled ? 1 : 0);
    }
    // kubesim runs a pod's containers as one unit: every container shares its state and restarts.
    const containers = this.truth.containersOf(pod);
    const waiting = waitingReason(pod, containers, this.truth.isUp(pod.nodeName));
    for (const c of h.containers) {
      store.set(c.restarts, containers.restarts);
      if (waiting !== undefined)
        store.record('kube_pod_container_status_waiting_reason', { ...c.labels, reason: waiting }, 1);
      for (const r of c.requests) store.set(r.series, r.value);
    }
  }

  private deployment(store: SeriesStore, d: Deployment): void {
    const l = { namespace: d.namespace, deployment: d.name };
    // Before the controller's first sync the status is empty: kube-state-metrics reads zeros.
    const s = d.status;
    store.record('kube_deployment_spec_replicas', l, d.replicas);
    store.record('kube_deployment_status_replicas', l, s?.replicas ?? 0);
    store.record('kube_deployment_status_replicas_available', l, s?.availableReplicas ?? 0);
    store.record('kube_deployment_status_replicas_unavailable', l, s?.unavailableReplicas ?? 0);
    store.record('kube_deployment_status_replicas_ready', l, s?.readyReplicas ?? 0);
    store.record('kube_deployment_status_replicas_updated', l, s?.updatedReplicas ?? 0);
  }

  private statefulSet(store: SeriesStore, s: StatefulSet): void {
    store.record('kube_statefulset_replicas', { namespace: s.namespace, statefulset: s.name }, s.replicas);
  }

  private hpa(store: SeriesStore, hpa: HorizontalPodAutoscaler): void {
    const key = `${hpa.namespace}/${hpa.name}`;
    const l = { namespace: hpa.namespace, horizontalpodautoscaler: hpa.name };
    const target = this.cluster.workload(`${hpa.namespace}/${hpa.target.name}`);
    const current = target?.replicas ?? 0;
    store.record('kube_horizontalpodautoscaler_spec_min_replicas', l, hpa.minReplicas);
    store.record('kube_horizontalpodautoscaler_spec_max_replicas', l, hpa.maxReplicas);
    store.record('kube_horizontalpodautoscaler_status_current_replicas', l, current);
    store.record('kube_horizontalpodautoscaler_status_desired_replicas', l, this.hpaDesired(key) ?? current);
  }
}

/** The series one node writes at every scrape (its taints, few and changing, are looked up). */
interface NodeHandles {
  info: StoredSeries;
  /** Ready by CONDITION_STATUSES. */
  ready: StoredSeries[];
  unschedulable: StoredSeries;
  /** Allocatable is fixed for a node's life. */
  allocatable: { series: StoredSeries; value: number }[];
}

function nodeHandles(store: SeriesStore, node: Node): NodeHandles {
  const n = { node: node.name };
  return {
    info: store.series('kube_node_info', { ...n, ...(node.pool === undefined ? {} : { pool: node.pool }) }),
    ready: CONDITION_STATUSES.map((status) =>
      store.series('kube_node_status_condition', { ...n, condition: 'Ready', status }),
    ),
    unschedulable: store.series('kube_node_spec_unschedulable', n),
    allocatable: Object.entries(node.allocatable).map(([resource, amount]) => ({
      series: store.series('kube_node_status_allocatable', { ...n, ...resourceLabels(resource) }),
      value: resourceValue(resource, amount),
    })),
  };
}

/** The series one pod writes at every scrape (its waiting reason, rare, is looked up when needed). */
interface PodHandles {
  nodeName: string | undefined;
  info: StoredSeries;
  /** By POD_PHASES. */
  phase: StoredSeries[];
  /** By CONDITION_STATUSES. */
  ready: StoredSeries[];
  scheduled: StoredSeries[];
  containers: {
    labels: SeriesLabels;
    restarts: StoredSeries;
    requests: { series: StoredSeries; value: number }[];
  }[];
}

function podHandles(store: SeriesStore, pod: Pod): PodHandles {
  const p = { namespace: pod.namespace, pod: pod.name, uid: String(pod.uid) };
  const owner = pod.owner;
  const node = pod.nodeName;
  return {
    nodeName: node,
    info: store.series('kube_pod_info', {
      ...p,
      node: node ?? '',
      created_by_kind: owner?.kind ?? '<none>',
      created_by_name: owner ? owner.key.slice(owner.key.indexOf('/') + 1) : '<none>',
      priority_class: pod.spec.priorityClassName ?? '',
    }),
    phase: POD_PHASES.map((phase) => store.series('kube_pod_status_phase', { ...p, phase })),
    ready: CONDITION_STATUSES.map((s) => store.series('kube_pod_status_ready', { ...p, condition: s })),
    scheduled: CONDITION_STATUSES.map((s) =>
      store.series('kube_pod_status_scheduled', { ...p, condition: s }),
    ),
    containers: pod.spec.containers.map(({ name: container, requests }) => {
      const labels = { ...p, container };
      return {
        labels,
        restarts: store.series('kube_pod_container_status_restarts_total', labels),
        // Requests are written once the pod is bound: they carry its node.
        requests:
          node === undefined
            ? []
            : Object.entries(requests).map(([resource, amount]) => ({
                series: store.series('kube_pod_container_resource_requests', {
                  ...labels,
                  node,
                  ...resourceLabels(resource),
                }),
                value: resourceValue(resource, amount),
              })),
      };
    }),
  };
}

/** `resource` and `unit` as kube-state-metrics labels them: cpu in core, memory in byte, pods integer. */
function resourceLabels(resource: string): SeriesLabels {
  const unit =
    resource === 'cpu' ? 'core' : resource === 'memory' || resource.includes('storage') ? 'byte' : 'integer';
  return { resource: resource.replaceAll('.', '_').replaceAll('/', '_'), unit };
}

/** An amount in kubesim's units (cpu in millicores) in kube-state-metrics' (cpu in cores). */
function resourceValue(resource: string, amount: number): number {
  return resource === 'cpu' ? amount / 1000 : amount;
}

/**
 * The reason kube-state-metrics would read from the container's `waiting` state: ContainerCreating
 * before its first start; CrashLoopBackOff once it has exited and the kubelet holds it in back-off
 * (kubesim's Terminated on a running machine, and Waiting while it starts again after a restart). None while running,
 * deleting, unbound, or on a machine that is down (the API server keeps the last status then).
 */
function waitingReason(
  pod: Pod,
  containers: Readonly<PodContainers>,
  machineUp: boolean,
): 'ContainerCreating' | 'CrashLoopBackOff' | undefined {
  if (pod.nodeName === undefined || pod.deletionTimestamp !== undefined || !machineUp) return undefined;
  if (containers.state === 'Running') return undefined;
  return containers.state === 'Waiting' && containers.restarts === 0
    ? 'ContainerCreating'
    : 'CrashLoopBackOff';
}
