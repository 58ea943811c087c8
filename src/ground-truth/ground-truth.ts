import type { Micros } from '../engine/time.js';
import type { EventStream } from '../events/event-stream.js';
import type { ClusterEvent } from '../model/cluster-state.js';
import { type Pod, workloadName } from '../model/pod.js';

/** A machine as it really is, whatever the API server believes. */
export interface Machine {
  readonly name: string;
  /** Powered and booted: its kubelet and containers can run. */
  up: boolean;
  /**
   * The kubelet process runs (false after a kubeletStop fault): while false but `up`, the containers
   * keep running but nobody heartbeats, reports, starts or stops them.
   */
  kubeletRunning: boolean;
}

/** The probes a probeFailure fault can make fail (startup probes always succeed in kubesim). */
export type FailingProbe = 'readiness' | 'liveness';

/**
 * The lifecycle of a pod's containers on its machine (containerd's view): Waiting (image pull, start,
 * or back-off before a restart), Running, Terminated (exited, or killed with the machine).
 */
export type ContainerState = 'Waiting' | 'Running' | 'Terminated';

/** A pod's containers, taken together: kubesim runs a pod's containers as one unit. */
export interface PodContainers {
  state: ContainerState;
  /** When the state was entered. */
  since: Micros;
  /** Restarts so far (status.containerStatuses[].restartCount). */
  restarts: number;
}

/** Changes to the ground truth, on the same ordered stream as the API server's watch events. */
export type GroundTruthEvent =
  | { type: 'MachineUpdated'; machine: Machine; old: Readonly<Machine> }
  | { type: 'KubeletUpdated'; machine: Machine; old: Readonly<Machine> }
  | { type: 'ContainersUpdated'; pod: Pod; containers: PodContainers; old: Readonly<PodContainers> }
  | { type: 'ProbeHealthUpdated'; workload: string; probe: FailingProbe; failing: boolean };

const NOT_STARTED: Readonly<PodContainers> = Object.freeze({ state: 'Waiting', since: 0, restarts: 0 });

/**
 * What really runs: machines and containers. Faults change machines; kubelets change containers. The
 * API server learns of either only through the kubelet and the controllers, with their delays.
 */
export class GroundTruth {
  private readonly machines = new Map<string, Machine>();
  private readonly containers = new Map<number, PodContainers>();
  /** Per "workload/probe", how many faults make that probe fail now (overlapping faults add up). */
  private readonly failingProbes = new Map<string, number>();

  constructor(private readonly stream: EventStream<ClusterEvent>) {}

  addMachine(name: string, up: boolean): Machine {
    const machine = { name, up, kubeletRunning: true };
    this.machines.set(name, machine);
    return machine;
  }

  removeMachine(name: string): void {
    this.machines.delete(name);
  }

  machine(name: string): Machine | undefined {
    return this.machines.get(name);
  }

  /** Whether the machine behind node `name` is up (false for an unknown node). */
  isUp(name: string | undefined): boolean {
    return name !== undefined && this.machines.get(name)?.up === true;
  }

  /** Powers the machine on or off; booting starts its kubelet (systemd starts it at boot). */
  setMachineUp(name: string, up: boolean): void {
    const machine = this.machines.get(name);
    if (!machine || machine.up === up) return;
    const old = { ...machine };
    machine.up = up;
    if (up) machine.kubeletRunning = true;
    this.stream.publish({ type: 'MachineUpdated', machine, old });
  }

  /** Whether the machine is up and its kubelet runs: only then does anything reach the API server. */
  isKubeletActive(name: string | undefined): boolean {
    const machine = name === undefined ? undefined : this.machines.get(name);
    return machine?.up === true && machine.kubeletRunning;
  }

  /** Stops or starts the kubelet process (the machine and its containers are unaffected). */
  setKubeletRunning(name: string, running: boolean): void {
    const machine = this.machines.get(name);
    if (!machine || machine.kubeletRunning === running) return;
    const old = { ...machine };
    machine.kubeletRunning = running;
    this.stream.publish({ type: 'KubeletUpdated', machine, old });
  }

  /**
   * One more (`failing`) or one fewer cause makes a probe of every pod of `workload` fail (with
   * `image`, only of its pods running a container of that image): it fails while any cause lasts, so
   * overlapping probeFailure faults do not cut each other short.
   */
  setProbeFailing(workload: string, probe: FailingProbe, failing: boolean, image?: string): void {
    const key = image === undefined ? `${workload}/${probe}` : `${workload}/${probe}@${image}`;
    const before = this.failingProbes.get(key) ?? 0;
    const after = Math.max(0, before + (failing ? 1 : -1));
    this.failingProbes.set(key, after);
    if (before > 0 !== after > 0)
      this.stream.publish({ type: 'ProbeHealthUpdated', workload, probe, failing: after > 0 });
  }

  /** Whether the pod's application answers that probe with a failure now. */
  isProbeFailing(pod: Pick<Pod, 'name' | 'owner' | 'spec'>, probe: FailingProbe): boolean {
    const key = `${workloadName(pod)}/${probe}`;
    if ((this.failingProbes.get(key) ?? 0) > 0) return true;
    return pod.spec.containers.some(
      (c) => c.image !== undefined && (this.failingProbes.get(`${key}@${c.image}`) ?? 0) > 0,
    );
  }

  /** The state of a pod's containers (Waiting before the kubelet has run them). */
  containersOf(pod: Pick<Pod, 'uid'>): Readonly<PodContainers> {
    return this.containers.get(pod.uid) ?? NOT_STARTED;
  }

  /** Whether the pod's containers are running now. */
  isRunning(pod: Pick<Pod, 'uid'>): boolean {
    return this.containers.get(pod.uid)?.state === 'Running';
  }

  /** Moves the pod's containers to `state`; `restarted` counts a restart (the kubelet decides). */
  setContainers(pod: Pod, state: ContainerState, now: Micros, restarted = false): void {
    const current = this.containers.get(pod.uid);
    const old = current ?? NOT_STARTED;
    if (current && old.state === state && !restarted) return;
    const next: PodContainers = { state, since: now, restarts: old.restarts + (restarted ? 1 : 0) };
    this.containers.set(pod.uid, next);
    this.stream.publish({ type: 'ContainersUpdated', pod, containers: next, old });
  }

  /** Forgets a pod whose object is gone. */
  forget(pod: Pick<Pod, 'uid'>): void {
    this.containers.delete(pod.uid);
  }
}
