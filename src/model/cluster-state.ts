import type { Micros } from '../engine/time.js';
import type { Node } from './node.js';
import { objectKey, type Pod, podKey } from './pod.js';
import type { PodDisruptionBudget, Service, Workload } from './workloads.js';

/**
 * A change to the cluster state, delivered synchronously to every watcher in registration order (as
 * informers deliver watch events). Watchers must not mutate the state from inside the callback; they
 * schedule work on the engine instead, which keeps controllers independent of each other.
 */
export type ClusterEvent =
  | { type: 'NodeAdded'; node: Node }
  | { type: 'NodeUpdated'; node: Node }
  | { type: 'NodeDeleted'; node: Node }
  | { type: 'PodAdded'; pod: Pod }
  | { type: 'PodBound'; pod: Pod }
  | { type: 'PodUpdated'; pod: Pod }
  | { type: 'PodDeleted'; pod: Pod };

export type ClusterWatcher = (event: ClusterEvent) => void;

/**
 * The simulated API server's objects: nodes and pods, with the only mutations allowed. Holds state and
 * transitions only; every policy (who binds where, when to evict) lives in scheduler/ and controllers/.
 */
export class ClusterState {
  private readonly nodeMap = new Map<string, Node>();
  private readonly podMap = new Map<string, Pod>();
  private readonly podsByNode = new Map<string, Set<Pod>>();
  private readonly serviceMap = new Map<string, Service>();
  private readonly workloadMap = new Map<string, Workload>();
  private readonly pdbMap = new Map<string, PodDisruptionBudget>();
  private readonly leases = new Map<string, Micros>();
  private readonly watchers: ClusterWatcher[] = [];
  private nextUid = 1;

  watch(watcher: ClusterWatcher): void {
    this.watchers.push(watcher);
  }

  private emit(event: ClusterEvent): void {
    for (const w of this.watchers) w(event);
  }

  // ---- nodes

  get nodes(): IterableIterator<Node> {
    return this.nodeMap.values();
  }

  get nodeCount(): number {
    return this.nodeMap.size;
  }

  node(name: string): Node | undefined {
    return this.nodeMap.get(name);
  }

  addNode(node: Node): void {
    if (this.nodeMap.has(node.name)) throw new Error(`invariant: node ${node.name} already exists`);
    this.nodeMap.set(node.name, node);
    this.podsByNode.set(node.name, new Set());
    this.emit({ type: 'NodeAdded', node });
  }

  /** Applies `change` to the node and tells watchers. */
  updateNode(name: string, change: (node: Node) => void): Node {
    const node = this.requireNode(name);
    change(node);
    this.emit({ type: 'NodeUpdated', node });
    return node;
  }

  deleteNode(name: string): void {
    const node = this.requireNode(name);
    this.nodeMap.delete(name);
    this.podsByNode.delete(name);
    this.leases.delete(name);
    this.emit({ type: 'NodeDeleted', node });
  }

  /**
   * Renews the node's Lease (kube-node-lease). Leases are separate objects upstream and nothing but
   * the node lifecycle controller reads them, so a renewal tells no watcher.
   */
  renewLease(nodeName: string, now: Micros): void {
    this.leases.set(nodeName, now);
  }

  /** When the node's Lease was last renewed (undefined if never). */
  leaseRenewTime(nodeName: string): Micros | undefined {
    return this.leases.get(nodeName);
  }

  /** Pods bound to `nodeName` (including terminating ones). */
  podsOnNode(nodeName: string): ReadonlySet<Pod> {
    return this.podsByNode.get(nodeName) ?? EMPTY;
  }

  // ---- services, workloads and disruption budgets (created at load; read by controllers and plugins)

  addService(service: Service): void {
    this.serviceMap.set(objectKey(service.namespace, service.name), service);
  }

  get services(): IterableIterator<Service> {
    return this.serviceMap.values();
  }

  addWorkload(workload: Workload): void {
    this.workloadMap.set(objectKey(workload.namespace, workload.name), workload);
  }

  get workloads(): IterableIterator<Workload> {
    return this.workloadMap.values();
  }

  /** A Deployment or StatefulSet by "namespace/name". */
  workload(key: string): Workload | undefined {
    return this.workloadMap.get(key);
  }

  addPodDisruptionBudget(pdb: PodDisruptionBudget): void {
    this.pdbMap.set(objectKey(pdb.namespace, pdb.name), pdb);
  }

  get podDisruptionBudgets(): IterableIterator<PodDisruptionBudget> {
    return this.pdbMap.values();
  }

  // ---- pods

  get pods(): IterableIterator<Pod> {
    return this.podMap.values();
  }

  get podCount(): number {
    return this.podMap.size;
  }

  pod(key: string): Pod | undefined {
    return this.podMap.get(key);
  }

  /** A fresh unique id for a new pod. */
  allocateUid(): number {
    return this.nextUid++;
  }

  /** Creates a pod. A pod with spec.nodeName is bound from the start, as the API server stores it. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    if (this.podMap.has(key)) throw new Error(`invariant: pod ${key} already exists`);
    this.podMap.set(key, pod);
    if (pod.nodeName !== undefined) this.podsByNode.get(pod.nodeName)?.add(pod);
    this.emit({ type: 'PodAdded', pod });
  }

  /** The binding subresource: sets nodeName on a pending pod. */
  bindPod(pod: Pod, nodeName: string, now: Micros): void {
    if (pod.nodeName !== undefined) throw new Error(`invariant: pod ${podKey(pod)} is already bound`);
    const onNode = this.podsByNode.get(nodeName);
    if (!onNode) throw new Error(`invariant: cannot bind ${podKey(pod)} to unknown node ${nodeName}`);
    pod.nodeName = nodeName;
    pod.scheduledAt = now;
    pod.nominatedNodeName = undefined;
    pod.unschedulableMessage = undefined;
    onNode.add(pod);
    this.emit({ type: 'PodBound', pod });
  }

  /** Applies a status change (phase, ready, deletionTimestamp) and tells watchers. */
  updatePod(pod: Pod, change: (pod: Pod) => void): void {
    change(pod);
    this.emit({ type: 'PodUpdated', pod });
  }

  /** Removes the pod object (after graceful termination, or at once for a force delete). */
  deletePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.podMap.get(key) !== pod) return;
    this.podMap.delete(key);
    if (pod.nodeName !== undefined) this.podsByNode.get(pod.nodeName)?.delete(pod);
    this.emit({ type: 'PodDeleted', pod });
  }

  private requireNode(name: string): Node {
    const node = this.nodeMap.get(name);
    if (!node) throw new Error(`invariant: unknown node ${name}`);
    return node;
  }
}

const EMPTY: ReadonlySet<Pod> = new Set();
