import type { GroundTruth } from '../ground-truth/ground-truth.js';
import { isAvailable } from '../metrics/availability.js';
import type { ClusterState } from '../model/cluster-state.js';
import { type ConditionStatus, nodeZone } from '../model/node.js';
import { type Pod, podKey } from '../model/pod.js';

/**
 * A pod as `kubectl get pods` would colour it: pending (not bound, or bound and not started),
 * running (containers started, not Ready), ready, terminating (deletion begun), failed (phase
 * Failed or Succeeded, waiting for the pod GC).
 */
export type PodState = 'pending' | 'running' | 'ready' | 'terminating' | 'failed';

export interface PodView {
  key: string;
  /** The owning workload's key ("default/web"), or the pod's own key. */
  workload: string;
  state: PodState;
  /** Ground truth: its containers run. A Ready pod on a dead machine shows the two views apart. */
  containersRunning: boolean;
}

export interface NodeView {
  name: string;
  zone: string;
  /** Ground truth: the machine runs. */
  machineUp: boolean;
  /** The Ready condition as the API server sees it. */
  ready: ConditionStatus;
  /** Cordoned (spec.unschedulable). */
  unschedulable: boolean;
  pods: PodView[];
}

export interface ClusterSnapshot {
  /** Zones in name order, each with its nodes in name order; nodes without a zone under "". */
  zones: { name: string; nodes: NodeView[] }[];
  /** Pods bound to no node yet. */
  unscheduled: PodView[];
  controlPlane: { members: { name: string; zone: string | undefined; up: boolean }[]; quorum: boolean };
  /** Each Deployment or StatefulSet: spec.replicas and the pods available now. */
  workloads: { key: string; replicas: number; available: number }[];
}

/** The pod's colour in the playground, from the API server's view of it. */
export function podState(pod: Pod): PodState {
  if (pod.deletionTimestamp !== undefined) return 'terminating';
  if (pod.phase === 'Failed' || pod.phase === 'Succeeded') return 'failed';
  if (pod.phase === 'Pending' || pod.nodeName === undefined) return 'pending';
  return pod.ready ? 'ready' : 'running';
}

/** What the page draws, read from the run's store and ground truth (never written). */
export function clusterSnapshot(cluster: ClusterState, truth: GroundTruth): ClusterSnapshot {
  const view = (pod: Pod): PodView => ({
    key: podKey(pod),
    workload: pod.owner?.key ?? podKey(pod),
    state: podState(pod),
    containersRunning: truth.isRunning(pod),
  });
  const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : 1);
  const byKey = (a: PodView, b: PodView): number => (a.key < b.key ? -1 : 1);
  const zones = new Map<string, NodeView[]>();
  for (const node of cluster.nodes) {
    const zone = nodeZone(node);
    const list = zones.get(zone) ?? [];
    list.push({
      name: node.name,
      zone,
      machineUp: truth.isUp(node.name),
      ready: node.ready,
      unschedulable: node.unschedulable,
      pods: [...cluster.podsOnNode(node.name)].map(view).sort(byKey),
    });
    zones.set(zone, list);
  }
  const available = new Map<string, number>();
  const unscheduled: PodView[] = [];
  for (const pod of cluster.pods) {
    if (pod.nodeName === undefined) unscheduled.push(view(pod));
    if (pod.owner && isAvailable(pod, truth))
      available.set(pod.owner.key, (available.get(pod.owner.key) ?? 0) + 1);
  }
  return {
    zones: [...zones]
      .map(([name, nodes]) => ({ name, nodes: nodes.sort(byName) }))
      .sort((a, b) => byName(a, b)),
    unscheduled: unscheduled.sort(byKey),
    controlPlane: {
      members: truth.controlPlaneMembers.map((m) => ({ name: m.name, zone: m.zone, up: m.up })),
      quorum: truth.hasEtcdQuorum(),
    },
    workloads: [...cluster.workloads].map((w) => {
      const key = `${w.namespace}/${w.name}`;
      return { key, replicas: w.replicas, available: available.get(key) ?? 0 };
    }),
  };
}
