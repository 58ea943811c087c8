import type { Micros } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { EndpointSlice } from '../model/endpoint-slice.js';
import type { Job } from '../model/job.js';
import type { Node } from '../model/node.js';
import { type Pod, type PodTemplate, podKey } from '../model/pod.js';
import type { Deployment, PodDisruptionBudgetStatus } from '../model/workloads.js';
import { disruptionBudgetStatus, expectedScale, podsCoveredBy } from './disruption.js';

/** Why a write was refused, as the API server's Status: an HTTP code, a reason and a message. */
export interface ApiRefusal {
  ok: false;
  code: 404 | 409 | 429 | 500 | 503;
  reason: 'NotFound' | 'Conflict' | 'TooManyRequests' | 'InternalError' | 'ServiceUnavailable';
  message: string;
}

/** The outcome of a write: refusals are values, as an HTTP status is. */
export type ApiResult = { ok: true } | ApiRefusal;

const OK: ApiResult = Object.freeze({ ok: true });

/** etcd without quorum cannot commit a write; the API server times out (shown as 503). */
export const NO_QUORUM_MESSAGE =
  'etcdserver: request timed out: etcd has no quorum, so the API server cannot write';

/** pkg/registry/core/pod/storage/eviction.go. */
export const EVICTION_REFUSED_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

/**
 * The API server: the one door through which controllers, the scheduler and kubelets write. Reads go
 * straight to the store (`cluster`), as informers' listers do. Writes are refused while the control
 * plane has no etcd quorum (`setWritable(false)`); eviction honours PodDisruptionBudgets with a 429.
 */
export class ApiServer {
  private writable = true;

  constructor(
    /** The storage and watch cache every component reads. */
    readonly cluster: ClusterState,
    private readonly now: () => Micros,
  ) {}

  /** Whether writes can be committed (etcd has quorum). */
  get isWritable(): boolean {
    return this.writable;
  }

  /** The control plane lost or regained quorum; watchers are told. */
  setWritable(writable: boolean): void {
    if (writable === this.writable) return;
    this.writable = writable;
    // Lease renewals are writes too: those due while etcd has no quorum are refused.
    this.cluster.setLeaseCadencesLanding(writable, this.now());
    this.cluster.publish({ type: 'ControlPlaneChanged', writable });
  }

  /** Creates a pod with a fresh uid (whatever uid the object came with). */
  createPod(pod: Omit<Pod, 'uid'> & { uid?: number }): ApiResult & { pod?: Pod } {
    if (!this.writable) return this.unavailable();
    if (this.cluster.pod(podKey(pod))) {
      return refusal(409, 'Conflict', `pods "${pod.name}" already exists`);
    }
    const created: Pod = { ...pod, uid: this.cluster.allocateUid() };
    this.cluster.addPod(created);
    return { ok: true, pod: created };
  }

  /** The binding subresource. */
  bind(pod: Pod, nodeName: string): ApiResult {
    if (!this.writable) return this.unavailable();
    if (this.cluster.pod(podKey(pod)) !== pod) return notFound(pod);
    if (pod.nodeName !== undefined) {
      return refusal(409, 'Conflict', `pod ${pod.name} is already assigned to node "${pod.nodeName}"`);
    }
    if (!this.cluster.node(nodeName)) return refusal(404, 'NotFound', `nodes "${nodeName}" not found`);
    this.cluster.bindPod(pod, nodeName, this.now());
    return OK;
  }

  /** A status (or scheduler-owned field) update of a pod. */
  updatePod(pod: Pod, change: (pod: Pod) => void): ApiResult {
    if (!this.writable) return this.unavailable();
    if (this.cluster.pod(podKey(pod)) !== pod) return notFound(pod);
    this.cluster.updatePod(pod, change);
    return OK;
  }

  /**
   * Deletes a pod gracefully: an unbound pod, or a grace period of 0, removes the object at once;
   * otherwise deletionTimestamp is set and the kubelet finishes (`finishPodDeletion`) once its containers
   * have stopped. @default gracePeriodSeconds the pod's terminationGracePeriodSeconds
   */
  deletePod(pod: Pod, gracePeriodSeconds = pod.spec.terminationGracePeriodSeconds): ApiResult {
    if (!this.writable) return this.unavailable();
    if (this.cluster.pod(podKey(pod)) !== pod) return notFound(pod);
    if (pod.nodeName === undefined || gracePeriodSeconds <= 0) {
      this.cluster.deletePod(pod);
      return OK;
    }
    if (pod.deletionTimestamp !== undefined) return OK;
    const now = this.now();
    this.cluster.updatePod(pod, (p) => {
      p.deletionTimestamp = now;
      p.deletionGracePeriodSeconds = gracePeriodSeconds;
    });
    return OK;
  }

  /** The kubelet reports a terminating pod's containers gone: the object is removed. */
  finishPodDeletion(pod: Pod): ApiResult {
    if (!this.writable) return this.unavailable();
    if (this.cluster.pod(podKey(pod)) !== pod) return notFound(pod);
    this.cluster.deletePod(pod);
    return OK;
  }

  /**
   * The eviction subresource (pkg/registry/core/pod/storage/eviction.go): a graceful delete that a
   * PodDisruptionBudget may refuse with 429. Pods that are Pending, finished or already terminating
   * are deleted without consulting budgets (canIgnorePDB); a pod under two budgets is an error (500);
   * an unready pod may go while the budget is met (IfHealthyBudget, the default policy).
   * @default gracePeriodSeconds the pod's (DeleteOptions of the Eviction, `kubectl drain --grace-period`)
   */
  evict(pod: Pod, gracePeriodSeconds?: number): ApiResult {
    if (!this.writable) return this.unavailable();
    if (this.cluster.pod(podKey(pod)) !== pod) return notFound(pod);
    const ignoreBudgets =
      pod.phase === 'Succeeded' ||
      pod.phase === 'Failed' ||
      pod.phase === 'Pending' ||
      pod.deletionTimestamp !== undefined;
    if (!ignoreBudgets) {
      const budgets = [...this.cluster.podDisruptionBudgets].filter(
        (b) => podsCoveredBy(b, [pod]).length > 0,
      );
      if (budgets.length > 1) {
        return refusal(
          500,
          'InternalError',
          'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
        );
      }
      const budget = budgets[0];
      if (budget) {
        const covered = podsCoveredBy(budget, this.cluster.pods);
        const scale = expectedScale(covered, (key) => this.cluster.workload(key)?.replicas);
        const status = disruptionBudgetStatus(budget, covered, scale);
        const unhealthyButBudgetMet =
          !pod.ready && status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0;
        if (!unhealthyButBudgetMet && status.disruptionsAllowed <= 0) {
          return refusal(
            429,
            'TooManyRequests',
            `${EVICTION_REFUSED_MESSAGE} The disruption budget ${budget.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
          );
        }
      }
    }
    return this.deletePod(pod, gracePeriodSeconds);
  }

  /** The scale subresource of a Deployment or StatefulSet. */
  scale(workloadKey: string, replicas: number): ApiResult {
    if (!this.writable) return this.unavailable();
    const workload = this.cluster.workload(workloadKey);
    if (!workload) return refusal(404, 'NotFound', `workloads "${workloadKey}" not found`);
    if (workload.replicas !== replicas)
      this.cluster.updateWorkload(workloadKey, (w) => (w.replicas = replicas));
    return OK;
  }

  /**
   * A new pod template for a Deployment or StatefulSet (`kubectl set image`, `kubectl rollout restart`,
   * `kubectl apply`): the template object is replaced, never mutated, so watchers compare `old.template`
   * with `workload.template` by identity to see a new revision.
   */
  updateWorkloadTemplate(workloadKey: string, template: PodTemplate): ApiResult {
    if (!this.writable) return this.unavailable();
    if (!this.cluster.workload(workloadKey))
      return refusal(404, 'NotFound', `workloads "${workloadKey}" not found`);
    this.cluster.updateWorkload(workloadKey, (w) => {
      (w as { template: PodTemplate }).template = template;
    });
    return OK;
  }

  /**
   * The Deployment and ReplicaSet controllers' writes to a Deployment: its ReplicaSets (kept on the
   * Deployment in kubesim: spec, annotations and status) and its status.
   */
  updateDeploymentStatus(workloadKey: string, change: (deployment: Deployment) => void): ApiResult {
    if (!this.writable) return this.unavailable();
    const workload = this.cluster.workload(workloadKey);
    if (workload?.kind !== 'Deployment')
      return refusal(404, 'NotFound', `deployments "${workloadKey}" not found`);
    this.cluster.updateWorkload(workloadKey, (w) => change(w as Deployment));
    return OK;
  }

  /** A write to a Job: the Job controller's status, or spec.suspend (`kubectl patch`). */
  updateJob(jobKey: string, change: (job: Job) => void): ApiResult {
    if (!this.writable) return this.unavailable();
    if (!this.cluster.job(jobKey)) return refusal(404, 'NotFound', `jobs.batch "${jobKey}" not found`);
    this.cluster.updateJob(jobKey, change);
    return OK;
  }

  /** Deletes a Job object (the TTL-after-finished controller); its pods are the caller's to delete. */
  deleteJob(jobKey: string): ApiResult {
    if (!this.writable) return this.unavailable();
    if (!this.cluster.job(jobKey)) return refusal(404, 'NotFound', `jobs.batch "${jobKey}" not found`);
    this.cluster.deleteJob(jobKey);
    return OK;
  }

  /**
   * Removes a Node object (`kubectl delete node`, the cluster-autoscaler or a node-pool upgrade after a
   * drain). Pods still bound to it are left to the pod garbage collector, as upstream.
   */
  deleteNode(name: string): ApiResult {
    if (!this.writable) return this.unavailable();
    if (!this.cluster.node(name)) return refusal(404, 'NotFound', `nodes "${name}" not found`);
    this.cluster.deleteNode(name);
    return OK;
  }

  /** A node status or spec update (conditions, taints, unschedulable). */
  updateNode(name: string, change: (node: Node) => void): ApiResult {
    if (!this.writable) return this.unavailable();
    if (!this.cluster.node(name)) return refusal(404, 'NotFound', `nodes "${name}" not found`);
    this.cluster.updateNode(name, change);
    return OK;
  }

  /** Registers a node (a kubelet joining, or the cloud provider creating one). */
  createNode(node: Node): ApiResult {
    if (!this.writable) return this.unavailable();
    if (this.cluster.node(node.name)) return refusal(409, 'Conflict', `nodes "${node.name}" already exists`);
    this.cluster.addNode(node);
    return OK;
  }

  /** The status subresource of a PodDisruptionBudget (the disruption controller). */
  updatePodDisruptionBudgetStatus(key: string, status: PodDisruptionBudgetStatus): ApiResult {
    if (!this.writable) return this.unavailable();
    if (!this.cluster.podDisruptionBudget(key))
      return refusal(404, 'NotFound', `poddisruptionbudgets "${key}" not found`);
    this.cluster.updatePodDisruptionBudgetStatus(key, status);
    return OK;
  }

  /** The kubelet renews its node's Lease. */
  renewLease(nodeName: string): ApiResult {
    if (!this.writable) return this.unavailable();
    this.cluster.renewLease(nodeName, this.now());
    return OK;
  }

  /**
   * The kubelet's renew loop from now on: a renewal every `interval`, each accepted if the API server
   * can write when it is due. Stored as one cadence on the Lease rather than a write per renewal
   * (src/model/lease.ts); `stopLeaseRenewals` ends it.
   */
  keepLeaseRenewed(nodeName: string, interval: Micros): void {
    const now = this.now();
    const landsFrom = this.writable ? now : Number.POSITIVE_INFINITY;
    this.cluster.startLeaseCadence(nodeName, { anchor: now, interval, landsFrom });
  }

  /** The renew loop's renewals stop reaching the API server (kubelet stopped, machine down). */
  stopLeaseRenewals(nodeName: string): void {
    this.cluster.endLeaseCadence(nodeName, this.now());
  }

  /** The EndpointSlice controller creates a slice or replaces its endpoints. */
  putEndpointSlice(slice: EndpointSlice): ApiResult {
    if (!this.writable) return this.unavailable();
    this.cluster.putEndpointSlice(slice);
    return OK;
  }

  /** The EndpointSlice controller deletes a slice it no longer needs. */
  deleteEndpointSlice(namespace: string, name: string): ApiResult {
    if (!this.writable) return this.unavailable();
    this.cluster.deleteEndpointSlice(namespace, name);
    return OK;
  }

  private unavailable(): ApiRefusal {
    return refusal(503, 'ServiceUnavailable', NO_QUORUM_MESSAGE);
  }
}

function refusal(code: ApiRefusal['code'], reason: ApiRefusal['reason'], message: string): ApiRefusal {
  return { ok: false, code, reason, message };
}

function notFound(pod: Pod): ApiRefusal {
  return refusal(404, 'NotFound', `pods "${pod.name}" not found`);
}
