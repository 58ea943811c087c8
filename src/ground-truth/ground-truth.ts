import type { Micros } from '../engine/time.js';
import type { EventStream } from '../events/event-stream.js';
import type { ClusterEvent } from '../model/cluster-state.js';
import { type Pod, workloadName } from '../model/pod.js';
import { heartbeatReaches } from './heartbeat.js';

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
  /**
   * Cut off from the control plane (a networkPartition fault): the machine and its containers run, but
   * nothing its kubelet sends reaches the API server and it sees no API change.
   */
  partitioned: boolean;
}

/** One etcd member with its API server (stacked etcd, as kubeadm sets it up). */
export interface ControlPlaneMember {
  readonly name: string;
  /** Its zone; undefined when the control plane is not placed in the cluster's zones. */
  readonly zone: string | undefined;
  up: boolean;
}

/** etcd's quorum for `members` voting members: ⌊n/2⌋+1 (etcd.io/docs FAQ, failure tolerance). */
export function etcdQuorum(members: number): number {
  return Math.floor(members / 2) + 1;
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
  /**
   * How the containers exited, when Terminated by their own program (a run-to-completion pod: 0 or
   * not); undefined when killed (crash fault, liveness kill, machine lost), which counts as non-zero.
   */
  exitCode?: number;
}

/** Changes to the ground truth, on the same ordered stream as the API server's watch events. */
export type GroundTruthEvent =
  | { type: 'MachineUpdated'; machine: Machine; old: Readonly<Machine> }
  | { type: 'KubeletUpdated'; machine: Machine; old: Readonly<Machine> }
  | { type: 'PartitionUpdated'; machine: Machine; old: Readonly<Machine> }
  /** Service times of the node's pods are now multiplied by `factor` (slowNode faults; 1 = normal). */
  | { type: 'NodeSlowdownUpdated'; node: string; factor: number }
  | { type: 'ControlPlaneMemberUpdated'; member: ControlPlaneMember; old: Readonly<ControlPlaneMember> }
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
  /** Per machine, how many faults hold it down now (overlapping faults add up). */
  private readonly downCauses = new Map<string, number>();
  /** Per machine, how many partitions cut it off now. */
  private readonly partitions = new Map<string, number>();
  /** Per node, the slowdown factors of the slowNode faults acting on it now. */
  private readonly slowdowns = new Map<string, number[]>();
  private readonly members: ControlPlaneMember[] = [];
  private readonly memberDownCauses = new Map<string, number>();

  constructor(private readonly stream: EventStream<ClusterEvent>) {}

  addMachine(name: string, up: boolean): Machine {
    const machine = { name, up, kubeletRunning: true, partitioned: false };
    this.machines.set(name, machine);
    return machine;
  }

  removeMachine(name: string): void {
    this.machines.delete(name);
    this.downCauses.delete(name);
    this.partitions.delete(name);
    this.slowdowns.delete(name);
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

  /**
   * One more (`down`) or one fewer fault holds the machine down: it is down while any does, so a zone
   * outage ending does not boot a node whose own crash lasts longer. Faults use this; `setMachineUp`
   * stays for direct control (tests).
   */
  holdMachineDown(name: string, down: boolean): void {
    if (!this.machines.has(name)) return;
    const after = count(this.downCauses, name, down);
    this.setMachineUp(name, after === 0);
  }

  /**
   * Whether the machine is up, its kubelet runs and it is not partitioned away: only then does anything
   * reach the API server (its Lease, pod status) or the kubelet see the API server's changes.
   */
  isKubeletActive(name: string | undefined): boolean {
    return heartbeatReaches(name === undefined ? undefined : this.machines.get(name));
  }

  /** One more (`cut`) or one fewer partition cuts the machine off from the control plane. */
  setPartitioned(name: string, cut: boolean): void {
    const machine = this.machines.get(name);
    if (!machine) return;
    const partitioned = count(this.partitions, name, cut) > 0;
    if (machine.partitioned === partitioned) return;
    const old = { ...machine };
    machine.partitioned = partitioned;
    this.stream.publish({ type: 'PartitionUpdated', machine, old });
  }

  /**
   * A slowNode fault starts (`acting`) or ends on the node: service times of its pods are multiplied
   * by the product of the factors acting now (two causes of slowness compound).
   */
  setSlowdown(node: string, factor: number, acting: boolean): void {
    const factors = this.slowdowns.get(node) ?? [];
    const before = this.slowdownOf(node);
    if (acting) factors.push(factor);
    else {
      const i = factors.indexOf(factor);
      if (i < 0) return;
      factors.splice(i, 1);
    }
    if (factors.length > 0) this.slowdowns.set(node, factors);
    else this.slowdowns.delete(node);
    const after = this.slowdownOf(node);
    if (after !== before) this.stream.publish({ type: 'NodeSlowdownUpdated', node, factor: after });
  }

  /** The factor by which service times on the node are multiplied now (1 when not slowed). */
  slowdownOf(node: string): number {
    const factors = this.slowdowns.get(node);
    return factors === undefined ? 1 : factors.reduce((a, b) => a * b, 1);
  }

  /** Adds an etcd member (with its API server), running. */
  addControlPlaneMember(name: string, zone: string | undefined): ControlPlaneMember {
    const member: ControlPlaneMember = { name, zone, up: true };
    this.members.push(member);
    return member;
  }

  /** The control plane's members, in the order they were added. */
  get controlPlaneMembers(): readonly Readonly<ControlPlaneMember>[] {
    return this.members;
  }

  /** One more (`down`) or one fewer fault holds the member down (machine lost, zone out). */
  holdMemberDown(name: string, down: boolean): void {
    const member = this.members.find((m) => m.name === name);
    if (!member) return;
    const up = count(this.memberDownCauses, name, down) === 0;
    if (member.up === up) return;
    const old = { ...member };
    member.up = up;
    this.stream.publish({ type: 'ControlPlaneMemberUpdated', member, old });
  }

  /** Whether etcd has quorum: at least ⌊n/2⌋+1 of its n members up (true with no member modelled). */
  hasEtcdQuorum(): boolean {
    if (this.members.length === 0) return true;
    return this.members.filter((m) => m.up).length >= etcdQuorum(this.members.length);
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

  /**
   * Moves the pod's containers to `state`; `restarted` counts a restart (the kubelet decides);
   * `exitCode` is how a program that ran to completion exited (Terminated only).
   */
  setContainers(pod: Pod, state: ContainerState, now: Micros, restarted = false, exitCode?: number): void {
    const current = this.containers.get(pod.uid);
    const old = current ?? NOT_STARTED;
    if (current && old.state === state && !restarted) return;
    const next: PodContainers = { state, since: now, restarts: old.restarts + (restarted ? 1 : 0) };
    if (state === 'Terminated' && exitCode !== undefined) next.exitCode = exitCode;
    this.containers.set(pod.uid, next);
    this.stream.publish({ type: 'ContainersUpdated', pod, containers: next, old });
  }

  /** Forgets a pod whose object is gone. */
  forget(pod: Pick<Pod, 'uid'>): void {
    this.containers.delete(pod.uid);
  }
}

/** Adds (`more`) or removes one cause from a counter map and returns the count after (never below 0). */
function count(causes: Map<string, number>, key: string, more: boolean): number {
  const after = Math.max(0, (causes.get(key) ?? 0) + (more ? 1 : -1));
  if (after === 0) causes.delete(key);
  else causes.set(key, after);
  return after;
}
