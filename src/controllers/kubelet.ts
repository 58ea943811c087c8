import type { PeriodicTask, ScheduledEvent } from '../engine/simulation.js';
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
 * The kubelet's view of one pod it runs: Starting (sandbox, image pull, container start), Running,
 * Terminating (SIGTERM sent, waiting for the containers to exit).
 */
type KubeletPodState =
  | { state: 'Starting'; event: ScheduledEvent }
  | { state: 'Running' }
  | { state: 'Terminating'; event: ScheduledEvent };

/**
 * The kubelets of all nodes: the bridge between the ground truth (machines, containers) and the API
 * server. On a live machine a kubelet renews its node's Lease, starts bound pods (after the workload's
 * startup time: image pull + container start + readiness) and reports them Running and Ready, and
 * finishes graceful deletions. A machine that is down runs nothing: its containers die, its Lease goes
 * stale, and deletions wait until it boots again, when its kubelet restarts the pods it still has and
 * removes the deleted ones. Status writes refused by the API server are retried when it can write again.
 */
export class Kubelets {
  private readonly leaseTasks = new Map<string, PeriodicTask>();
  private readonly pods = new Map<string, KubeletPodState>();
  /** Pods whose Running status or finished deletion could not be written (no quorum). */
  private readonly unreported = new Set<Pod>();

  constructor(private readonly ctx: ControllerContext) {}

  start(): void {
    const { cluster, truth } = this.ctx;
    cluster.watch((event) => {
      switch (event.type) {
        case 'NodeAdded':
          if (truth.isUp(event.node.name)) this.bootNode(event.node);
          break;
        case 'MachineUpdated': {
          const node = cluster.node(event.machine.name);
          if (!node) break;
          if (event.machine.up) this.bootNode(node);
          else this.stopNode(node);
          break;
        }
        case 'NodeDeleted':
          this.leaseTasks.get(event.node.name)?.cancel();
          this.leaseTasks.delete(event.node.name);
          break;
        case 'PodAdded':
        case 'PodBound':
          if (event.pod.nodeName !== undefined) this.syncPod(event.pod);
          break;
        case 'PodUpdated':
          if (event.pod.deletionTimestamp !== undefined && event.old.deletionTimestamp === undefined)
            this.syncPod(event.pod);
          break;
        case 'PodDeleted':
          this.forget(event.pod);
          break;
        case 'ControlPlaneChanged':
          if (event.writable) this.reportPending();
          break;
      }
    });
    for (const node of cluster.nodes) if (truth.isUp(node.name)) this.bootNode(node);
  }

  /** The kubelet starts: renews its Lease now and every 10 s, and (re)starts or removes its pods. */
  private bootNode(node: Node): void {
    const { sim, api, cluster } = this.ctx;
    api.renewLease(node.name);
    this.leaseTasks.get(node.name)?.cancel();
    this.leaseTasks.set(
      node.name,
      sim.every(LEASE_RENEW_INTERVAL, () => api.renewLease(node.name)),
    );
    for (const pod of [...cluster.podsOnNode(node.name)]) this.syncPod(pod);
  }

  /** The machine stops: the kubelet and every container on it die; the API server is not told. */
  private stopNode(node: Node): void {
    const { cluster, truth, sim } = this.ctx;
    this.leaseTasks.get(node.name)?.cancel();
    this.leaseTasks.delete(node.name);
    for (const pod of cluster.podsOnNode(node.name)) {
      const kp = this.pods.get(podKey(pod));
      if (kp && kp.state !== 'Running') kp.event.cancel();
      this.pods.delete(podKey(pod));
      if (truth.containersOf(pod).state === 'Running') truth.setContainers(pod, 'Terminated', sim.now);
    }
  }

  /** Brings the pod to what its object asks: running, or (when being deleted) gone. */
  private syncPod(pod: Pod): void {
    if (!this.ctx.truth.isUp(pod.nodeName)) return;
    const key = podKey(pod);
    const kp = this.pods.get(key);
    if (pod.deletionTimestamp !== undefined) {
      if (kp?.state !== 'Terminating') this.killPod(pod, kp);
    } else if (kp === undefined && this.ctx.truth.containersOf(pod).state !== 'Running') {
      this.startPod(pod);
    }
  }

  /** Sandbox, image pull and container start; the pod turns Running and Ready when they are up. */
  private startPod(pod: Pod): void {
    const { sim, truth, random } = this.ctx;
    const workload = pod.owner ? pod.owner.key.slice(pod.owner.key.indexOf('/') + 1) : pod.name;
    const startup = this.ctx.behaviour(workload).startupTime;
    const delay = Math.max(0, startup.sample(random.get(`kubelet/startup/${workload}`)));
    const key = podKey(pod);
    const restarted = truth.containersOf(pod).state === 'Terminated';
    const event = sim.schedule(delay, () => {
      this.pods.set(key, { state: 'Running' });
      truth.setContainers(pod, 'Running', sim.now, restarted);
      this.reportRunning(pod);
    });
    this.pods.set(key, { state: 'Starting', event });
  }

  private reportRunning(pod: Pod): void {
    const now = this.ctx.sim.now;
    const result = this.ctx.api.updatePod(pod, (p) => {
      p.phase = 'Running';
      p.ready = true;
      p.startedAt ??= now;
    });
    if (result.ok) this.unreported.delete(pod);
    else if (result.code === 503) this.unreported.add(pod);
  }

  private reportPending(): void {
    for (const pod of [...this.unreported]) {
      this.unreported.delete(pod);
      if (this.ctx.cluster.pod(podKey(pod)) !== pod) continue;
      if (pod.deletionTimestamp === undefined) this.reportRunning(pod);
      else this.reportDeleted(pod);
    }
  }

  private reportDeleted(pod: Pod): void {
    const { api } = this.ctx;
    if (pod.ready) api.updatePod(pod, (p) => (p.ready = false));
    const result = api.finishPodDeletion(pod);
    if (!result.ok && result.code === 503) this.unreported.add(pod);
  }

  /**
   * Graceful termination: SIGTERM, the containers exit (SHUTDOWN_TIME, bounded by the grace period),
   * then the kubelet tells the API server, which removes the object.
   */
  private killPod(pod: Pod, kp: KubeletPodState | undefined): void {
    const { sim, truth } = this.ctx;
    if (kp && kp.state === 'Starting') kp.event.cancel();
    const key = podKey(pod);
    const grace =
      (pod.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds) * MICROS_PER_SECOND;
    const event = sim.schedule(Math.min(SHUTDOWN_TIME, grace), () => {
      this.pods.delete(key);
      if (truth.containersOf(pod).state === 'Running') truth.setContainers(pod, 'Terminated', sim.now);
      this.reportDeleted(pod);
    });
    this.pods.set(key, { state: 'Terminating', event });
  }

  private forget(pod: Pod): void {
    const key = podKey(pod);
    const kp = this.pods.get(key);
    if (kp && kp.state !== 'Running') kp.event.cancel();
    this.pods.delete(key);
    this.unreported.delete(pod);
    this.ctx.truth.forget(pod);
  }
}
