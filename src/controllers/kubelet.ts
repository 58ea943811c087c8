import type { ScheduledEvent } from '../engine/simulation.js';
import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import { heartbeatChange, heartbeatReaches } from '../ground-truth/heartbeat.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import { podKey, workloadName } from '../model/pod.js';
import type { ControllerContext } from './context.js';
import { RestartBackoff } from './crash-loop-backoff.js';
import { ContainerRuns, KILLED_EXIT_CODE, shouldRestart } from './kubelet-completion.js';
import { LeaseRenewals } from './kubelet-lease.js';
import { PodProbes, probeSpecs } from './probes.js';

/**
 * How long a terminating pod's containers take to exit after SIGTERM. Applications differ; kubesim
 * assumes one that exits promptly, bounded by terminationGracePeriodSeconds (documented in docs/).
 */
export const SHUTDOWN_TIME: Micros = 1 * MICROS_PER_SECOND;

/**
 * The kubelet's view of one pod it runs: Starting (sandbox, image pull, container start), Running
 * (probed; `kill` pending after a failed liveness probe), BackOff (exited, waiting to restart),
 * Terminating (SIGTERM sent, waiting for the containers to exit), Finished (exited for good under
 * restartPolicy OnFailure or Never: the pod is Succeeded or Failed).
 */
type KubeletPodState =
  | { state: 'Starting'; event: ScheduledEvent }
  | { state: 'Running'; probes: PodProbes; kill?: ScheduledEvent }
  | { state: 'BackOff'; event: ScheduledEvent }
  | { state: 'Terminating'; event: ScheduledEvent }
  | { state: 'Finished'; phase: 'Succeeded' | 'Failed' };

/** What a kubelet keeps about a pod from admission until it forgets it (or itself restarts). */
interface Admitted {
  /** When the kubelet admitted the pod: its probe workers tick from here. */
  origin: Micros;
  backoff: RestartBackoff;
}

/**
 * The kubelets of all nodes: the bridge between the ground truth (machines, containers) and the API
 * server. While its heartbeat reaches the API server (ground-truth/heartbeat.ts) a kubelet renews its
 * node's Lease (kubelet-lease.ts). On a live machine a running kubelet starts bound pods (after the
 * workload's startup time: image pull + container start), probes them (probes.ts) and reports them
 * Running and Ready, restarts exited containers with CrashLoopBackOff (restartPolicy Always), and
 * finishes graceful deletions. A machine that is down runs nothing: its containers die, its Lease goes
 * stale, and deletions wait until it boots again, when its kubelet restarts the pods it still has and
 * removes the deleted ones. A stopped kubelet on a live machine leaves the containers running but
 * reports, restarts and deletes nothing until it starts again. Status writes refused by the API server
 * are retried when it can write again.
 */
export class Kubelets {
  private readonly leases: LeaseRenewals;
  private readonly pods = new Map<string, KubeletPodState>();
  private readonly admitted = new Map<string, Admitted>();
  /** Pods whose status or finished deletion could not be written (no quorum). */
  private readonly unreported = new Set<Pod>();
  private readonly runs: ContainerRuns;

  constructor(private readonly ctx: ControllerContext) {
    this.leases = new LeaseRenewals(ctx);
    this.runs = new ContainerRuns(ctx);
  }

  start(): void {
    const { cluster, truth } = this.ctx;
    cluster.watch((event) => {
      switch (event.type) {
        case 'NodeAdded':
          if (heartbeatReaches(truth.machine(event.node.name))) this.leases.start(event.node.name);
          if (truth.isKubeletActive(event.node.name)) this.bootNode(event.node);
          break;
        case 'MachineUpdated':
        case 'KubeletUpdated':
        case 'PartitionUpdated': {
          const node = cluster.node(event.machine.name);
          if (!node) break;
          const heartbeat = heartbeatChange(event);
          if (heartbeat?.reaches) this.leases.start(node.name);
          else if (heartbeat) this.leases.stop(node.name);
          const wasActive = heartbeatReaches(event.old);
          const active = truth.isKubeletActive(node.name);
          if (active && !wasActive) this.bootNode(node);
          else if (!active && wasActive) this.stopKubelet(node);
          if (!event.machine.up && event.old.up) this.killContainers(node);
          break;
        }
        case 'NodeDeleted':
          this.leases.forget(event.node.name);
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
        case 'ContainersUpdated': {
          const kp = this.pods.get(podKey(event.pod));
          if (
            kp?.state === 'Running' &&
            event.old.state === 'Running' &&
            event.containers.state === 'Terminated'
          )
            this.containersExited(event.pod, kp, event.containers.exitCode ?? KILLED_EXIT_CODE);
          break;
        }
        case 'ProbeHealthUpdated':
          for (const pod of cluster.pods) {
            if (workloadName(pod) !== event.workload) continue;
            const kp = this.pods.get(podKey(pod));
            if (kp?.state === 'Running' && kp.kill === undefined) kp.probes.answersChanged();
          }
          break;
        case 'ControlPlaneChanged':
          if (event.writable) this.reportPending();
          break;
      }
    });
    for (const node of cluster.nodes) {
      if (heartbeatReaches(truth.machine(node.name))) this.leases.start(node.name);
      if (truth.isKubeletActive(node.name)) this.bootNode(node);
    }
  }

  /** The kubelet starts: it (re)starts or removes its pods. */
  private bootNode(node: Node): void {
    for (const pod of [...this.ctx.cluster.podsOnNode(node.name)]) this.syncPod(pod);
  }

  /** The kubelet stops (with its machine, or alone): its pods' timers stop, its memory is lost. */
  private stopKubelet(node: Node): void {
    for (const pod of this.ctx.cluster.podsOnNode(node.name)) {
      const key = podKey(pod);
      const kp = this.pods.get(key);
      if (kp) cancel(kp);
      this.pods.delete(key);
      this.admitted.delete(key);
    }
  }

  /** The machine stops: every container on it dies; the API server is not told. */
  private killContainers(node: Node): void {
    const { cluster, truth, sim } = this.ctx;
    for (const pod of cluster.podsOnNode(node.name))
      if (truth.containersOf(pod).state === 'Running') truth.setContainers(pod, 'Terminated', sim.now);
  }

  /** Brings the pod to what its object asks: running, or (when being deleted) gone. */
  private syncPod(pod: Pod): void {
    const { truth } = this.ctx;
    if (!truth.isKubeletActive(pod.nodeName)) return;
    const key = podKey(pod);
    const kp = this.pods.get(key);
    if (pod.deletionTimestamp !== undefined) {
      if (kp?.state !== 'Terminating') this.killPod(pod, kp);
    } else if (kp === undefined) {
      // A finished pod is never run again (its phase is terminal).
      if (pod.phase === 'Succeeded' || pod.phase === 'Failed') return;
      const containers = truth.containersOf(pod);
      const exitCode = containers.exitCode ?? KILLED_EXIT_CODE;
      // Containers that kept running while the kubelet was stopped are adopted, not restarted.
      if (containers.state === 'Running') this.runPod(pod, containers.since);
      else if (containers.state === 'Terminated' && !shouldRestart(pod.spec.restartPolicy, exitCode))
        this.finish(pod, exitCode);
      else this.startPod(pod);
    }
  }

  private admission(pod: Pod): Admitted {
    const key = podKey(pod);
    let a = this.admitted.get(key);
    if (a === undefined) {
      a = { origin: this.ctx.sim.now, backoff: new RestartBackoff() };
      this.admitted.set(key, a);
    }
    return a;
  }

  /** Sandbox, image pull and container start; the pod turns Running (and Ready, probes permitting). */
  private startPod(pod: Pod): void {
    const { sim, truth, random } = this.ctx;
    const workload = workloadName(pod);
    const startup = this.ctx.behaviour(workload).startupTime;
    const delay = Math.max(0, startup.sample(random.get(`kubelet/startup/${workload}`)));
    this.admission(pod);
    const restarted = truth.containersOf(pod).state === 'Terminated';
    const event = sim.schedule(delay, () => {
      truth.setContainers(pod, 'Running', sim.now, restarted);
      this.runs.started(pod);
      this.runPod(pod, sim.now);
    });
    this.pods.set(podKey(pod), { state: 'Starting', event });
  }

  /** The containers run (since `startedAt`): probing begins and the status is reported. */
  private runPod(pod: Pod, startedAt: Micros): void {
    const { sim, truth } = this.ctx;
    const key = podKey(pod);
    const probes = new PodProbes(probeSpecs(pod.spec.containers), this.admission(pod).origin, {
      sim,
      failing: (probe) => truth.isProbeFailing(pod, probe),
      readyChanged: () => this.reportStatus(pod),
      livenessFailed: () => this.livenessFailed(pod),
    });
    const kp: KubeletPodState = { state: 'Running', probes };
    this.pods.set(key, kp);
    probes.containersStarted(startedAt);
    this.reportStatus(pod);
  }

  /**
   * A failed liveness probe: the kubelet kills the containers (SIGTERM, exit after SHUTDOWN_TIME within
   * the grace period) and restarts them as any exited container (pkg/kubelet/kuberuntime
   * computePodActions: ContainersToKill, then restart per restartPolicy).
   */
  private livenessFailed(pod: Pod): void {
    const { sim, truth } = this.ctx;
    const kp = this.pods.get(podKey(pod));
    if (kp?.state !== 'Running') return;
    const grace = pod.spec.terminationGracePeriodSeconds * MICROS_PER_SECOND;
    kp.kill = sim.schedule(Math.min(SHUTDOWN_TIME, grace), () => {
      if (truth.isRunning(pod)) truth.setContainers(pod, 'Terminated', sim.now);
    });
  }

  /**
   * The containers exited (their program ended, a crash, a liveness kill): Ready goes false and, as
   * the restartPolicy says, a restart waits its back-off or the pod finishes.
   */
  private containersExited(
    pod: Pod,
    kp: Extract<KubeletPodState, { state: 'Running' }>,
    exitCode: number,
  ): void {
    const { sim } = this.ctx;
    cancel(kp);
    if (!shouldRestart(pod.spec.restartPolicy, exitCode)) {
      this.finish(pod, exitCode);
      return;
    }
    const delay = this.admission(pod).backoff.delayAfterExit(sim.now);
    const event = sim.schedule(delay, () => {
      this.pods.delete(podKey(pod));
      this.startPod(pod);
    });
    this.pods.set(podKey(pod), { state: 'BackOff', event });
    this.reportStatus(pod);
  }

  /**
   * The containers exited for good: the pod is Succeeded (exit 0) or Failed (pkg/kubelet
   * getPhase: every container terminated and none to restart).
   */
  private finish(pod: Pod, exitCode: number): void {
    this.pods.set(podKey(pod), { state: 'Finished', phase: exitCode === 0 ? 'Succeeded' : 'Failed' });
    this.reportStatus(pod);
  }

  /**
   * Writes phase Running (or the finished phase) and the Ready the kubelet computes now (false unless
   * its probes say ready), with the restart count and, once finished, when the containers exited.
   */
  private reportStatus(pod: Pod): void {
    const now = this.ctx.sim.now;
    const kp = this.pods.get(podKey(pod));
    const ready = kp?.state === 'Running' && kp.probes.ready;
    const containers = this.ctx.truth.containersOf(pod);
    const result = this.ctx.api.updatePod(pod, (p) => {
      p.phase = kp?.state === 'Finished' ? kp.phase : 'Running';
      p.ready = ready;
      p.startedAt ??= now;
      if (kp?.state === 'Finished') p.finishedAt = containers.since;
      if (containers.restarts > 0) p.restartCount = containers.restarts;
    });
    if (result.ok) this.unreported.delete(pod);
    else if (result.code === 503) this.unreported.add(pod);
  }

  private reportPending(): void {
    for (const pod of [...this.unreported]) {
      this.unreported.delete(pod);
      if (this.ctx.cluster.pod(podKey(pod)) !== pod) continue;
      if (pod.deletionTimestamp === undefined) this.reportStatus(pod);
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
   * Graceful termination (pkg/kubelet/kuberuntime killContainer): the preStop hooks run (a `sleep`
   * hook for its seconds), then SIGTERM and the containers exit (SHUTDOWN_TIME); the grace period
   * bounds the whole (SIGKILL at its end). Then the kubelet tells the API server, which removes the object.
   */
  private killPod(pod: Pod, kp: KubeletPodState | undefined): void {
    const { sim, truth } = this.ctx;
    if (kp) cancel(kp);
    const key = podKey(pod);
    const grace =
      (pod.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds) * MICROS_PER_SECOND;
    const preStop =
      Math.max(0, ...pod.spec.containers.map((c) => c.preStopSleepSeconds ?? 0)) * MICROS_PER_SECOND;
    const event = sim.schedule(Math.min(preStop + SHUTDOWN_TIME, grace), () => {
      this.pods.delete(key);
      if (truth.containersOf(pod).state === 'Running') truth.setContainers(pod, 'Terminated', sim.now);
      this.reportDeleted(pod);
    });
    this.pods.set(key, { state: 'Terminating', event });
  }

  private forget(pod: Pod): void {
    const key = podKey(pod);
    const kp = this.pods.get(key);
    if (kp) cancel(kp);
    this.pods.delete(key);
    this.admitted.delete(key);
    this.unreported.delete(pod);
    this.runs.forget(pod);
    this.ctx.truth.forget(pod);
  }
}

/** Cancels whatever the kubelet had pending for a pod. */
function cancel(kp: KubeletPodState): void {
  if (kp.state === 'Running') {
    kp.probes.stop();
    kp.kill?.cancel();
  } else if (kp.state !== 'Finished') kp.event.cancel();
}
