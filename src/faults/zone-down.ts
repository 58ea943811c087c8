import { etcdQuorum, type GroundTruth } from '../ground-truth/ground-truth.js';
import { nodeZone } from '../model/node.js';
import type { FaultContext } from './fault-kind.js';
import { nodesIn } from './node-targets.js';

/** What one zone failure holds down: the machines and control-plane members it took. */
export interface ZoneDown {
  readonly zone: string;
  readonly nodes: string[];
  readonly members: string[];
}

/**
 * Zone failures of one fault: a zone that fails takes every machine of its nodes down, and the
 * control-plane members placed in it; a node that joins the zone while it is down (the
 * cluster-autoscaler) goes down with it. Bringing the zone back releases exactly what it held: a node
 * whose own crash outlasts the zone stays down (the ground truth counts the causes).
 */
export class ZoneDowns {
  private readonly active = new Map<string, ZoneDown[]>();

  constructor(private readonly ctx: Pick<FaultContext, 'cluster' | 'truth'>) {
    ctx.cluster.watch((event) => {
      if (event.type !== 'NodeAdded') return;
      for (const down of this.active.get(nodeZone(event.node)) ?? []) {
        down.nodes.push(event.node.name);
        ctx.truth.holdMachineDown(event.node.name, true);
      }
    });
  }

  /** The zone fails now; `announce` is told what it takes before anything goes down (to record the fault first). */
  takeDown(zone: string, announce: (down: ZoneDown) => void): ZoneDown {
    const { truth } = this.ctx;
    const nodes = nodesIn(this.ctx, { zone }).map((n) => n.name);
    const members = truth.controlPlaneMembers.filter((m) => m.zone === zone).map((m) => m.name);
    const down: ZoneDown = { zone, nodes, members };
    announce(down);
    this.active.set(zone, [...(this.active.get(zone) ?? []), down]);
    for (const name of nodes) truth.holdMachineDown(name, true);
    for (const name of members) truth.holdMemberDown(name, true);
    return down;
  }

  /** The zone failure `down` is repaired. */
  bringUp(down: ZoneDown): void {
    const { truth } = this.ctx;
    const rest = (this.active.get(down.zone) ?? []).filter((d) => d !== down);
    if (rest.length > 0) this.active.set(down.zone, rest);
    else this.active.delete(down.zone);
    for (const name of down.nodes) truth.holdMachineDown(name, false);
    for (const name of down.members) truth.holdMemberDown(name, false);
  }
}

/** The fault record's note for control-plane members a fault took down, if any, with what that did to quorum. */
export function membersNote(members: readonly string[], truth: GroundTruth): string | undefined {
  if (members.length === 0) return undefined;
  return `control-plane members down: ${members.join(', ')}; ${quorumText(truth, members)}`;
}

/** Once the members `losing` are down: "2 of 3 members up, quorum 2: kept", or lost and what that means. */
export function quorumText(truth: GroundTruth, losing: readonly string[]): string {
  const all = truth.controlPlaneMembers;
  const up = all.filter((m) => m.up && !losing.includes(m.name)).length;
  const quorum = etcdQuorum(all.length);
  const status = up >= quorum ? 'kept' : 'lost, the API server refuses every write';
  return `${up} of ${all.length} members up, quorum ${quorum}: ${status}`;
}
