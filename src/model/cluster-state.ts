import type { Micros } from '../engine/time.js';
import { EventStream } from '../events/event-stream.js';
import type { GroundTruthEvent } from '../ground-truth/ground-truth.js';
import type { EndpointSlice } from './endpoint-slice.js';
import type { Job } from './job.js';
import {
  type LeaseCadence,
  leaseRenewTime,
  type NodeLease,
  withCadenceEnded,
  withCadenceResumed,
  withCadenceSuspended,
} from './lease.js';
import type { Node } from './node.js';
import { objectKey, type Pod, podKey } from './pod.js';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus, Service, Workload } from './workloads.js';

/** A watch event of the API server's objects. Updates carry `old`, a copy of the object before the change. */
export type ApiEvent =
  | { type: 'NodeAdded'; node: Node }
  | { type: 'NodeUpdated'; node: Node; old: Readonly<Node> }
  | { type: 'NodeDeleted'; node: Node }
  | { type: 'PodAdded'; pod: Pod }
  /** The binding subresource set spec.nodeName (an update whose `old` had no node). */
  | { type: 'PodBound'; pod: Pod }
  | { type: 'PodUpdated'; pod: Pod; old: Readonly<Pod> }
  | { type: 'PodDeleted'; pod: Pod }
  | { type: 'WorkloadAdded'; workload: Workload }
  | { type: 'WorkloadUpdated'; workload: Workload; old: Readonly<Workload> }
  | { type: 'JobAdded'; job: Job }
  /** The Job's spec (suspend) or its status changed. */
  | { type: 'JobUpdated'; job: Job; old: Readonly<Job> }
  | { type: 'JobDeleted'; job: Job }
  | { type: 'ServiceAdded'; service: Service }
  | { type: 'EndpointSliceAdded'; slice: EndpointSlice }
  | { type: 'EndpointSliceUpdated'; slice: EndpointSlice; old: Readonly<EndpointSlice> }
  | { type: 'EndpointSliceDeleted'; slice: EndpointSlice }
  | { type: 'PodDisruptionBudgetAdded'; pdb: PodDisruptionBudget }
  /** The disruption controller wrote the budget's status. */
  | { type: 'PodDisruptionBudgetUpdated'; pdb: PodDisruptionBudget; old: Readonly<PodDisruptionBudget> }
  /**
   * A node's Lease record changed: a renewal written outright, a renew loop started, ended, suspended
   * or resumed, or the Lease removed with its node (`lease` undefined). The renewals a running loop
   * stands for raise no event.
   */
  | { type: 'LeaseUpdated'; nodeName: string; lease: NodeLease | undefined; old: NodeLease | undefined }
  /** The control plane lost or regained etcd quorum: writes are refused while `writable` is false. */
  | { type: 'ControlPlaneChanged'; writable: boolean };

/**
 * Everything a run's components watch, on one ordered stream: the API server's watch events and the
 * ground truth's changes. Delivered FIFO (see EventStream): a change made while reacting to an event
 * is delivered after that event has reached every watcher.
 */
export type ClusterEvent = ApiEvent | GroundTruthEvent;

export type ClusterWatcher = (event: ClusterEvent) => void;

/**
 * The API server's storage (etcd behind a watch cache): the objects, their indexes and the only
 * mutations allowed, each raising its watch event. Holds state only; the ApiServer (src/api/) decides
 * which writes are allowed, and every policy lives in scheduler/ and controllers/. Watchers read objects
 * as informers' listers do: the live object, with `old` in update events for what it was.
 */
export class ClusterState {
  /** The run's event stream; the ground truth publishes on it too. */
  readonly stream: EventStream<ClusterEvent>;
  private readonly nodeMap = new Map<string, Node>();
  private readonly podMap = new Map<string, Pod>();
  private readonly podsByNode = new Map<string, Set<Pod>>();
  private readonly serviceMap = new Map<string, Service>();
  private serviceChanges = 0;
  private readonly workloadMap = new Map<string, Workload>();
  private readonly pdbMap = new Map<string, PodDisruptionBudget>();
  private readonly jobMap = new Map<string, Job>();
  private readonly sliceMap = new Map<string, EndpointSlice>();
  /** The slices of each Service ("namespace/service"), by the kubernetes.io/service-name label. */
  private readonly slicesByService = new Map<string, Map<string, EndpointSlice>>();
  private readonly leases = new Map<string, NodeLease>();
  private nextUid = 1;

  constructor(stream: EventStream<ClusterEvent> = new EventStream()) {
    this.stream = stream;
  }

  watch(watcher: ClusterWatcher): void {
    this.stream.watch(watcher);
  }

  /** Raises an event that is not a storage change (ControlPlaneChanged). */
  publish(event: ClusterEvent): void {
    this.stream.publish(event);
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
    this.stream.publish({ type: 'NodeAdded', node });
  }

  /** Applies `change` to the node and tells watchers, with a copy of the node as it was. */
  updateNode(name: string, change: (node: Node) => void): Node {
    const node = this.requireNode(name);
    const old = { ...node };
    change(node);
    this.stream.publish({ type: 'NodeUpdated', node, old });
    return node;
  }

  deleteNode(name: string): void {
    const node = this.requireNode(name);
    this.nodeMap.delete(name);
    this.podsByNode.delete(name);
    // The Lease is owned by its Node (ownerReference), so the garbage collector removes it too.
    this.setLease(name, undefined);
    this.stream.publish({ type: 'NodeDeleted', node });
  }

  /** The node's Lease record (undefined before its first renewal). */
  lease(nodeName: string): NodeLease | undefined {
    return this.leases.get(nodeName);
  }

  /** When the node's Lease was last renewed, as read at `now` (undefined if never). */
  leaseRenewTime(nodeName: string, now: Micros): Micros | undefined {
    const lease = this.leases.get(nodeName);
    return lease && leaseRenewTime(lease, now);
  }

  /** Writes a renewal of the node's Lease (kube-node-lease) at `now`. */
  renewLease(nodeName: string, now: Micros): void {
    this.setLease(nodeName, { renewTime: now, cadence: this.leases.get(nodeName)?.cadence });
  }

  /** Records the holder's renew loop; its renewals are derived (see NodeLease). */
  startLeaseCadence(nodeName: string, cadence: LeaseCadence): void {
    this.setLease(nodeName, { renewTime: this.leases.get(nodeName)?.renewTime, cadence });
  }

  /** The renew loop stopped at `now`: no renewal lands after the last one before `now`. */
  endLeaseCadence(nodeName: string, now: Micros): void {
    const lease = this.leases.get(nodeName);
    if (lease?.cadence) this.setLease(nodeName, withCadenceEnded(lease, now));
  }

  /** Storage stops (`writable` false) or starts again accepting the renewals of every running loop at `now`. */
  setLeaseCadencesLanding(writable: boolean, now: Micros): void {
    for (const [name, lease] of [...this.leases]) {
      if (!lease.cadence) continue;
      this.setLease(name, writable ? withCadenceResumed(lease, now) : withCadenceSuspended(lease, now));
    }
  }

  private setLease(nodeName: string, lease: NodeLease | undefined): void {
    const old = this.leases.get(nodeName);
    if (lease === undefined && old === undefined) return;
    if (lease) this.leases.set(nodeName, lease);
    else this.leases.delete(nodeName);
    this.stream.publish({ type: 'LeaseUpdated', nodeName, lease, old });
  }

  /** Pods bound to `nodeName` (including terminating ones). */
  podsOnNode(nodeName: string): ReadonlySet<Pod> {
    return this.podsByNode.get(nodeName) ?? EMPTY;
  }

  // ---- services, workloads, disruption budgets and endpoints

  addService(service: Service): void {
    this.serviceMap.set(objectKey(service.namespace, service.name), service);
    this.serviceChanges++;
    this.stream.publish({ type: 'ServiceAdded', service });
  }

  /** Counts changes to the set of Services, so a reader can tell whether it changed since it looked. */
  get serviceRevision(): number {
    return this.serviceChanges;
  }

  get services(): IterableIterator<Service> {
    return this.serviceMap.values();
  }

  service(key: string): Service | undefined {
    return this.serviceMap.get(key);
  }

  addWorkload(workload: Workload): void {
    this.workloadMap.set(objectKey(workload.namespace, workload.name), workload);
    this.stream.publish({ type: 'WorkloadAdded', workload });
  }

  /** Applies a spec change (replicas) to a Deployment or StatefulSet and tells watchers. */
  updateWorkload(key: string, change: (workload: Workload) => void): void {
    const workload = this.workloadMap.get(key);
    if (!workload) throw new Error(`invariant: unknown workload ${key}`);
    const old = { ...workload };
    change(workload);
    this.stream.publish({ type: 'WorkloadUpdated', workload, old });
  }

  get workloads(): IterableIterator<Workload> {
    return this.workloadMap.values();
  }

  /** A Deployment or StatefulSet by "namespace/name". */
  workload(key: string): Workload | undefined {
    return this.workloadMap.get(key);
  }

  addJob(job: Job): void {
    this.jobMap.set(objectKey(job.namespace, job.name), job);
    this.stream.publish({ type: 'JobAdded', job });
  }

  /** A Job by "namespace/name". */
  job(key: string): Job | undefined {
    return this.jobMap.get(key);
  }

  get jobs(): IterableIterator<Job> {
    return this.jobMap.values();
  }

  /** Applies a change (status, suspend) to a Job and tells watchers, with the Job as it was. */
  updateJob(key: string, change: (job: Job) => void): void {
    const job = this.jobMap.get(key);
    if (!job) throw new Error(`invariant: unknown Job ${key}`);
    const old = { ...job };
    change(job);
    this.stream.publish({ type: 'JobUpdated', job, old });
  }

  /** Removes the Job object (its pods are deleted by whoever deletes it: cascading deletion). */
  deleteJob(key: string): void {
    const job = this.jobMap.get(key);
    if (!job) return;
    this.jobMap.delete(key);
    this.stream.publish({ type: 'JobDeleted', job });
  }

  addPodDisruptionBudget(pdb: PodDisruptionBudget): void {
    this.pdbMap.set(objectKey(pdb.namespace, pdb.name), pdb);
    this.stream.publish({ type: 'PodDisruptionBudgetAdded', pdb });
  }

  /** A budget by "namespace/name". */
  podDisruptionBudget(key: string): PodDisruptionBudget | undefined {
    return this.pdbMap.get(key);
  }

  /** Replaces the budget's status (its spec never changes in a run) and tells watchers. */
  updatePodDisruptionBudgetStatus(key: string, status: PodDisruptionBudgetStatus): void {
    const pdb = this.pdbMap.get(key);
    if (!pdb) throw new Error(`invariant: unknown PodDisruptionBudget ${key}`);
    const old = { ...pdb };
    pdb.status = status;
    this.stream.publish({ type: 'PodDisruptionBudgetUpdated', pdb, old });
  }

  get podDisruptionBudgets(): IterableIterator<PodDisruptionBudget> {
    return this.pdbMap.values();
  }

  /** The EndpointSlices of Service "namespace/name", in creation order. */
  endpointSlicesOf(serviceKey: string): Iterable<EndpointSlice> {
    return this.slicesByService.get(serviceKey)?.values() ?? NO_SLICES;
  }

  get endpointSlices(): IterableIterator<EndpointSlice> {
    return this.sliceMap.values();
  }

  /** Creates an EndpointSlice, or replaces the endpoints of the one with its name. */
  putEndpointSlice(slice: EndpointSlice): void {
    const key = objectKey(slice.namespace, slice.name);
    const current = this.sliceMap.get(key);
    if (!current) {
      this.sliceMap.set(key, slice);
      const serviceKey = objectKey(slice.namespace, slice.service);
      let slices = this.slicesByService.get(serviceKey);
      if (!slices) {
        slices = new Map();
        this.slicesByService.set(serviceKey, slices);
      }
      slices.set(slice.name, slice);
      this.stream.publish({ type: 'EndpointSliceAdded', slice });
      return;
    }
    const old = { ...current };
    current.endpoints = slice.endpoints;
    this.stream.publish({ type: 'EndpointSliceUpdated', slice: current, old });
  }

  /** Deletes the EndpointSlice "namespace/name" if it exists. */
  deleteEndpointSlice(namespace: string, name: string): void {
    const key = objectKey(namespace, name);
    const slice = this.sliceMap.get(key);
    if (!slice) return;
    this.sliceMap.delete(key);
    this.slicesByService.get(objectKey(namespace, slice.service))?.delete(name);
    this.stream.publish({ type: 'EndpointSliceDeleted', slice });
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

  /**
   * A fresh unique id for a new pod. The one allocator of a run: every pod, from a manifest or from a
   * controller, gets its uid here (as the API server assigns metadata.uid on create).
   */
  allocateUid(): number {
    return this.nextUid++;
  }

  /** Creates a pod. A pod with spec.nodeName is bound from the start, as the API server stores it. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    if (this.podMap.has(key)) throw new Error(`invariant: pod ${key} already exists`);
    this.podMap.set(key, pod);
    if (pod.nodeName !== undefined) this.podsByNode.get(pod.nodeName)?.add(pod);
    this.stream.publish({ type: 'PodAdded', pod });
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
    this.stream.publish({ type: 'PodBound', pod });
  }

  /** Applies a status change (phase, ready, deletionTimestamp) and tells watchers, with the pod as it was. */
  updatePod(pod: Pod, change: (pod: Pod) => void): void {
    const old = { ...pod };
    change(pod);
    this.stream.publish({ type: 'PodUpdated', pod, old });
  }

  /** Removes the pod object (after graceful termination, or at once for a force delete). */
  deletePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.podMap.get(key) !== pod) return;
    this.podMap.delete(key);
    if (pod.nodeName !== undefined) this.podsByNode.get(pod.nodeName)?.delete(pod);
    this.stream.publish({ type: 'PodDeleted', pod });
  }

  private requireNode(name: string): Node {
    const node = this.nodeMap.get(name);
    if (!node) throw new Error(`invariant: unknown node ${name}`);
    return node;
  }
}

const EMPTY: ReadonlySet<Pod> = new Set();
const NO_SLICES: readonly EndpointSlice[] = [];
