import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Pod } from '../model/pod.js';
import { isAvailable } from './availability.js';
import type { MetricRegistry } from './registry.js';

/**
 * The cluster's state over time as metrics, named after kube-state-metrics where one exists: nodes
 * by Ready condition, machines down, pods by phase, and available pods per workload.
 */
export class ClusterSeriesTracker {
  constructor(cluster: ClusterState, truth: GroundTruth, registry: MetricRegistry) {
    const nodes = registry.gauge(
      'kube_node_status_condition_ready',
      'Nodes by Ready condition status (true, false, unknown).',
    );
    const machinesDown = registry.gauge(
      'kubesim_machines_down',
      'Machines that are not running (ground truth).',
    );
    const pods = registry.gauge(
      'kube_pod_status_phase',
      'Pods by phase (Pending, Running, …), terminating ones included.',
    );
    const available = registry.gauge(
      'kubesim_workload_pods_available',
      'Pods of each workload whose containers run, Ready and not terminating.',
    );
    const counted = new Map<number, string>();
    const down = new Set<string>();
    // Each node's status as last counted: re-checked against the live node, so updates delivered
    // after several changes count once.
    const nodeStatus = new Map<string, string>();
    const setNode = (name: string, status: string | undefined): void => {
      const before = nodeStatus.get(name);
      if (before === status) return;
      if (before !== undefined) nodes.add(ready(before), -1);
      if (status !== undefined) {
        nodes.add(ready(status), 1);
        nodeStatus.set(name, status);
      } else nodeStatus.delete(name);
    };
    const availableNow = new Set<number>();
    const ready = (status: string): { status: string } => ({ status: status.toLowerCase() });
    for (const s of ['True', 'False', 'Unknown']) nodes.set(ready(s), 0);
    machinesDown.set({}, 0);
    for (const w of cluster.workloads) available.set({ workload: `${w.namespace}/${w.name}` }, 0);
    const setPhase = (pod: Pod, deleted: boolean): void => {
      const before = counted.get(pod.uid);
      const after = deleted ? undefined : pod.phase;
      if (before === after) return;
      if (before !== undefined) pods.add({ phase: before }, -1);
      if (after !== undefined) pods.add({ phase: after }, 1);
      if (after === undefined) counted.delete(pod.uid);
      else counted.set(pod.uid, after);
    };
    const setAvailable = (pod: Pod, deleted: boolean): void => {
      if (!pod.owner) return;
      const has = !deleted && isAvailable(pod, truth);
      if (has === availableNow.has(pod.uid)) return;
      if (has) availableNow.add(pod.uid);
      else availableNow.delete(pod.uid);
      available.add({ workload: pod.owner.key }, has ? 1 : -1);
    };
    cluster.watch((event) => {
      switch (event.type) {
        case 'NodeAdded':
        case 'NodeUpdated':
          setNode(event.node.name, event.node.ready);
          break;
        case 'NodeDeleted':
          setNode(event.node.name, undefined);
          break;
        case 'MachineUpdated':
          if (event.machine.up) down.delete(event.machine.name);
          else down.add(event.machine.name);
          machinesDown.set({}, down.size);
          break;
        case 'PodAdded':
        case 'PodUpdated':
        case 'PodDeleted':
          setPhase(event.pod, event.type === 'PodDeleted');
          setAvailable(event.pod, event.type === 'PodDeleted');
          break;
        case 'ContainersUpdated':
          setAvailable(event.pod, false);
          break;
      }
    });
  }
}
