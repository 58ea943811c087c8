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

  /** The zone fails now. */
  takeDown(zone: string): ZoneDown {
    const { truth } = this.ctx;
    const nodes = nodesIn(this.ctx, { zone }).map((n) => n.name);
    const members = truth.controlPlaneMembers.filter((m) => m.zone === zone).map((m) => m.name);
    const down: ZoneDown = { zone, nodes, members };
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

/** The fault record's note for control-plane members a fault took down, if any. */
export function membersNote(members: readonly string[]): string | undefined {
  return members.length === 0 ? undefined : `control-plane members down: ${members.join(', ')}`;
}
