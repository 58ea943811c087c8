import type { RandomStream } from '../../engine/random.js';
import type { ClusterState } from '../../model/cluster-state.js';
import type { Node } from '../../model/node.js';
import type { Pod } from '../../model/pod.js';
import type { KubeSchedulerConfiguration } from '../../model/scheduler-config.js';
import { makePodInfo } from '../../scheduler/cache/pod-info.js';
import { DynamicResourceIndex } from '../../scheduler/cache/resource-index.js';
import { MutableSnapshot } from '../../scheduler/cache/snapshot.js';
import { resolveSchedulerConfiguration } from '../../scheduler/config/resolve.js';
import { buildFramework } from '../../scheduler/framework/build.js';
import { CycleState, type FrameworkHandle } from '../../scheduler/framework/interface.js';
import type { Framework } from '../../scheduler/framework/runner.js';
import { inTreeRegistry } from '../../scheduler/registry.js';

/**
 * The cluster-autoscaler's what-if scheduler: a snapshot of the cluster it can change (add template
 * nodes, move pods) and kube-scheduler's own PreFilter and Filter plugins run on it, as upstream's
 * ClusterSnapshot and SchedulerBasedPredicateChecker (simulator/clustersnapshot, simulator/predicatechecker)
 * run the scheduler framework. Scores are never run: the autoscaler asks only "does it fit".
 */
export class SchedulingSimulator {
  private readonly resources = new DynamicResourceIndex();
  private current = new MutableSnapshot(this.resources);
  private readonly frameworks = new Map<string, Framework>();

  constructor(
    private readonly cluster: ClusterState,
    configuration: KubeSchedulerConfiguration | undefined,
    kubernetesMinor: number,
    random: RandomStream,
  ) {
    const registry = inTreeRegistry();
    const config = resolveSchedulerConfiguration(configuration, registry);
    const handle: FrameworkHandle = { snapshot: () => this.current, cluster, random };
    for (const p of config.profiles) {
      const ctx = { handle, resources: this.resources, kubernetesMinor };
      this.frameworks.set(p.schedulerName, buildFramework(p, registry, ctx, random).framework);
    }
  }

  get snapshot(): MutableSnapshot {
    return this.current;
  }

  /** A fresh snapshot of the store: every node with its bound pods that have not finished. */
  reset(): void {
    this.current = new MutableSnapshot(this.resources);
    for (const node of this.cluster.nodes) this.current.addNode(node);
    for (const pod of this.cluster.pods) {
      if (pod.nodeName === undefined || pod.phase === 'Succeeded' || pod.phase === 'Failed') continue;
      this.current.addPod(pod, pod.nodeName);
    }
  }

  addNode(node: Node): void {
    this.current.addNode(node);
  }

  removeNode(name: string): void {
    this.current.removeNode(name);
  }

  addPod(pod: Pod, nodeName: string): void {
    this.current.addPod(pod, nodeName);
  }

  removePod(pod: Pod, nodeName: string): void {
    this.current.removePod(pod, nodeName);
  }

  /** Whether the pod passes PreFilter and Filter on node `nodeName` of the snapshot. */
  fits(pod: Pod, nodeName: string): boolean {
    return this.findNode(pod, [nodeName]) !== undefined;
  }

  /**
   * The first of `nodeNames` (in their order) on which the pod passes every Filter plugin, PreFilter
   * run once for the snapshot as it is; undefined when none does or the pod names no known profile.
   */
  findNode(pod: Pod, nodeNames: Iterable<string>): string | undefined {
    const framework = this.frameworks.get(pod.spec.schedulerName);
    if (!framework) return undefined;
    const info = makePodInfo(pod, this.resources);
    const state = new CycleState();
    if (framework.runPreFilters(state, info, this.current) !== null) return undefined;
    for (const name of nodeNames) {
      const node = this.current.nodeInfo(name);
      if (node && framework.runFilters(state, info, node) === null) return name;
    }
    return undefined;
  }
}
