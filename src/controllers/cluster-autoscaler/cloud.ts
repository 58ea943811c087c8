import type { RandomStream } from '../../engine/random.js';
import { formatDuration, type Micros, seconds } from '../../engine/time.js';
import type { ControllerContext } from '../context.js';
import { DEFAULT_PROVISIONING_TIME } from './defaults.js';
import type { NodeGroup, UpcomingNode } from './node-groups.js';

/**
 * Starts paying for a machine that has no Node yet (a provisioning one); the returned function stops.
 * Registered nodes are paid for from their Node object on (metrics/utilisation.ts).
 */
export type ChargeMachine = (name: string, pool: string, pricePerHour: number) => () => void;

/** Why a machine never became a node. */
export interface ProvisioningFailure {
  group: NodeGroup;
  node: UpcomingNode;
  backoff: Micros;
}

/**
 * The cloud behind the node groups (cloudprovider.NodeGroup IncreaseSize/DeleteNodes): a machine
 * asked for is paid for at once and registers its Node after the pool's provisioning time; one that
 * would take longer than max-node-provision-time is given up at that moment (clusterstate's long
 * unregistered nodes: deleted, and the group backed off). Registration writes through the API
 * server; while it refuses (no quorum) the kubelet retries every 10 s.
 */
/** How soon a refused registration is tried again (kubelet's node status retry, kubesim's round value). */
const REGISTRATION_RETRY: Micros = seconds(10);

export class SimulatedCloud {
  private readonly streams = new Map<string, RandomStream>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly maxNodeProvisionTime: Micros,
    private readonly charge: ChargeMachine,
    private readonly onFailure: (failure: ProvisioningFailure) => void,
  ) {}

  /** Asks for `delta` more machines of the group. */
  increaseSize(group: NodeGroup, delta: number): void {
    const { sim } = this.ctx;
    for (let i = 0; i < delta; i++) {
      const upcoming = group.takeNext(sim.now);
      const stop = this.charge(upcoming.name, group.pool.name, group.pool.pricePerHour);
      const time = this.provisioningTime(group);
      const deadline = upcoming.requestedAt + this.maxNodeProvisionTime;
      const giveUp = (): void => {
        group.upcoming.delete(upcoming.name);
        stop();
        this.onFailure({ group, node: upcoming, backoff: group.backOff(sim.now) });
      };
      const register = (): void => {
        const { api, truth } = this.ctx;
        truth.addMachine(upcoming.name, true);
        if (api.createNode({ ...upcoming.node, createdAt: sim.now }).ok) {
          group.upcoming.delete(upcoming.name);
          stop();
          return;
        }
        truth.removeMachine(upcoming.name);
        if (sim.now + REGISTRATION_RETRY < deadline) sim.schedule(REGISTRATION_RETRY, register);
        else sim.scheduleAt(deadline, giveUp);
      };
      if (upcoming.requestedAt + time <= deadline) sim.schedule(time, register);
      else sim.scheduleAt(deadline, giveUp);
    }
  }

  /** Deletes a registered node: its Node object and its machine. */
  deleteNode(group: NodeGroup, name: string): boolean {
    const { api, truth } = this.ctx;
    if (!api.deleteNode(name).ok) return false;
    truth.removeMachine(name);
    group.deleting.delete(name);
    return true;
  }

  private provisioningTime(group: NodeGroup): Micros {
    const d = group.pool.provisioningTime;
    if (!d) return DEFAULT_PROVISIONING_TIME;
    let stream = this.streams.get(group.id);
    if (!stream) {
      stream = this.ctx.random.get(`cluster-autoscaler/provisioning/${group.id}`);
      this.streams.set(group.id, stream);
    }
    return Math.max(0, Math.round(d.sample(stream)));
  }
}

/** "node X did not register within 15m0s". */
export function provisioningFailureMessage(f: ProvisioningFailure, maxNodeProvisionTime: Micros): string {
  return `FailedToScaleUp: node ${f.node.name} did not register within max-node-provision-time ${formatDuration(maxNodeProvisionTime)}; ${f.group.id} backed off for ${formatDuration(f.backoff)}`;
}
