import type { ScheduledEvent } from '../engine/simulation.js';
import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import { podKey } from '../model/pod.js';
import type { ControllerContext } from './context.js';

// pkg/kubelet/apis/config/v1beta1/defaults.go: nodeLeaseDurationSeconds 40, renewed every 40 × 0.25 s.
export const LEASE_RENEW_INTERVAL: Micros = 10 * MICROS_PER_SECOND;

/**
 * How long a terminating pod's containers take to exit after SIGTERM. Applications differ; kubesim
 * assumes one that exits promptly, bounded by terminationGracePeriodSeconds (documented in docs/).
 */
export const SHUTDOWN_TIME: Micros = 1 * MICROS_PER_SECOND;

/**
 * The kubelets of all nodes. On a live node it renews the node's Lease, starts bound pods (after the
 * workload's startup time: image pull + container start + readiness), and finishes graceful deletion.
 * A crashed node's kubelet does nothing: its containers stop, its Lease goes stale, and deletions
 * wait until it comes back, when it restarts the pods it still has and removes the deleted ones.
 */
export class Kubelets {
  private readonly leaseTasks = new Map<string, { cancel(): void }>();
  private readonly wasUp = new Map<string, boolean>();
  private readonly pendingStarts = new Map<string, ScheduledEvent>();
  private readonly shuttingDown = new Set<string>();

  constructor(private readonly ctx: ControllerContext) {}

  start(): void {
    const { cluster } = this.ctx;
    cluster.watch((event) => {
      switch (event.type) {
        case 'NodeAdded':
          this.wasUp.set(event.node.name, event.node.up);
          if (event.node.up) this.bootNode(event.node);
          break;
        case 'NodeUpdated':
          this.onNodeUpdated(event.node);
          break;
        case 'NodeDeleted':
          this.leaseTasks.get(event.node.name)?.cancel();
          this.leaseTasks.delete(event.node.name);
          this.wasUp.delete(event.node.name);
          break;
        case 'PodAdded':
        case 'PodBound':
          if (event.pod.nodeName !== undefined) this.startPod(event.pod);
          break;
        case 'PodUpdated':
          if (event.pod.deletionTimestamp !== undefined) this.terminatePod(event.pod);
          break;
        case 'PodDeleted':
          this.cancelStart(event.pod);
          break;
      }
    });
    for (const node of cluster.nodes) {
      this.wasUp.set(node.name, node.up);
      if (node.up) this.bootNode(node);
    }
  }

  private onNodeUpdated(node: Node): void {
    const before = this.wasUp.get(node.name);
    if (before === node.up) return;
    this.wasUp.set(node.name, node.up);
    if (node.up) this.bootNode(node);
    else this.crashNode(node);
  }

  /** The kubelet starts: renews its Lease now and every 10 s, and (re)starts or removes its pods. */
  private bootNode(node: Node): void {
    const { sim, cluster } = this.ctx;
    cluster.renewLease(node.name, sim.now);
    this.leaseTasks.get(node.name)?.cancel();
    this.leaseTasks.set(
      node.name,
      sim.every(LEASE_RENEW_INTERVAL, () => cluster.renewLease(node.name, sim.now)),
    );
    for (const pod of [...cluster.podsOnNode(node.name)]) {
      if (pod.deletionTimestamp !== undefined) this.terminatePod(pod);
      else this.startPod(pod);
    }
  }

  /** The machine stops: every container on it dies; the API server is not told. */
  private crashNode(node: Node): void {
    const { cluster } = this.ctx;
    this.leaseTasks.get(node.name)?.cancel();
    this.leaseTasks.delete(node.name);
    for (const pod of cluster.podsOnNode(node.name)) {
      this.cancelStart(pod);
      if (pod.containersRunning) cluster.updatePod(pod, (p) => (p.containersRunning = false));
    }
  }

  private nodeUp(pod: Pod): boolean {
    return pod.nodeName !== undefined && this.ctx.cluster.node(pod.nodeName)?.up === true;
  }

  /** Pulls images and starts containers; the pod turns Running and Ready when they are up. */
  private startPod(pod: Pod): void {
    if (!this.nodeUp(pod) || pod.containersRunning || pod.deletionTimestamp !== undefined) return;
    const key = podKey(pod);
    if (this.pendingStarts.has(key)) return;
    const workload = pod.owner ? pod.owner.key.slice(pod.owner.key.indexOf('/') + 1) : pod.name;
    const startup = this.ctx.behaviour(workload).startupTime;
    const delay = Math.max(0, startup.sample(this.ctx.random.get(`kubelet/startup/${workload}`)));
    this.pendingStarts.set(
      key,
      this.ctx.sim.schedule(delay, () => {
        this.pendingStarts.delete(key);
        if (!this.nodeUp(pod) || pod.deletionTimestamp !== undefined) return;
        this.ctx.cluster.updatePod(pod, (p) => {
          p.phase = 'Running';
          p.containersRunning = true;
          p.ready = true;
          p.startedAt = this.ctx.sim.now;
        });
      }),
    );
  }

  private cancelStart(pod: Pod): void {
    const key = podKey(pod);
    this.pendingStarts.get(key)?.cancel();
    this.pendingStarts.delete(key);
  }

  /**
   * Finishes a graceful deletion. An unbound pod is removed at once (the API server does that); a pod
   * on a live node after its containers exit; a pod on a dead node stays Terminating.
   */
  private terminatePod(pod: Pod): void {
    const { cluster, sim } = this.ctx;
    if (pod.nodeName === undefined) {
      cluster.deletePod(pod);
      return;
    }
    const key = podKey(pod);
    if (!this.nodeUp(pod) || this.shuttingDown.has(key)) return;
    this.cancelStart(pod);
    this.shuttingDown.add(key);
    const grace = pod.spec.terminationGracePeriodSeconds * MICROS_PER_SECOND;
    sim.schedule(Math.min(SHUTDOWN_TIME, grace), () => {
      this.shuttingDown.delete(key);
      // A crash during shutdown leaves the pod Terminating; the kubelet finishes it after reboot.
      if (!this.nodeUp(pod) || cluster.pod(key) !== pod) return;
      if (pod.containersRunning || pod.ready) {
        cluster.updatePod(pod, (p) => {
          p.containersRunning = false;
          p.ready = false;
        });
      }
      cluster.deletePod(pod);
    });
  }
}
