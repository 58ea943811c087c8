import type { Distribution } from '../engine/distributions.js';
import type { RandomStream } from '../engine/random.js';
import type { ScheduledEvent, Simulation } from '../engine/simulation.js';
import type { Micros } from '../engine/time.js';
import { nodeZone } from '../model/node.js';
import type { NodeFailuresFault, ZoneFailuresFault } from '../model/scenario.js';
import type { FaultKind } from './fault-kind.js';
import { inSelection, nodesIn } from './node-targets.js';
import { membersNote, ZoneDowns } from './zone-down.js';

/** One failing-and-repairing unit: what happens when it fails (told when it will be repaired) and when repaired. */
interface Unit {
  fail(repairAt: Micros): void;
  repair(): void;
}

/**
 * An alternating renewal process on the engine: up for a draw of `mtbf`, down for a draw of `mttr`,
 * again and again. No failure starts at or after `end`; a failure under way when the process stops or
 * ends still gets its repair. Draws are whole µs, at least 1, so a cycle always moves time forward.
 */
function alternate(
  sim: Simulation,
  random: RandomStream,
  times: { mtbf: Distribution; mttr: Distribution; end: Micros },
  unit: Unit,
): { stop(): void } {
  let next: ScheduledEvent | undefined;
  const draw = (d: Distribution) => Math.max(1, Math.round(d.sample(random)));
  const up = () => {
    const failAt = sim.now + draw(times.mtbf);
    if (failAt >= times.end) return;
    next = sim.scheduleAt(failAt, () => {
      const repairAt = sim.now + draw(times.mttr);
      unit.fail(repairAt);
      next = sim.scheduleAt(repairAt, () => {
        unit.repair();
        up();
      });
    });
  };
  up();
  return {
    stop: () => {
      // A node deleted while up fails no more; one deleted while down has nothing left to repair.
      next?.cancel();
    },
  };
}

function windowEnd(fault: { at: Micros; for?: Micros }): Micros {
  return fault.for === undefined ? Number.POSITIVE_INFINITY : fault.at + fault.for;
}

/**
 * Random node failures: from `at`, every node of the target pool and zone (and any node that joins
 * them later) fails and is repaired independently, up for a draw of `mtbf` and down for one of `mttr`
 * (exponential when given as a duration: a Poisson failure process). Each node draws from its own
 * stream "faults/<index>/nodeFailures/<node>", so adding a node never shifts another's failures.
 * Nodes start up (not in the stationary state): measure after a warm-up of a few MTTRs.
 */
export const nodeFailures: FaultKind<NodeFailuresFault> = {
  kind: 'nodeFailures',
  schedule(fault, ctx) {
    const { sim, cluster, truth } = ctx;
    const end = windowEnd(fault);
    const processes = new Map<string, { stop(): void }>();
    const follow = (name: string) => {
      if (processes.has(name) || sim.now >= end) return;
      const unit: Unit = {
        fail(repairAt) {
          ctx.record({ kind: 'nodeFailures', at: sim.now, nodes: [name], recoversAt: repairAt });
          truth.holdMachineDown(name, true);
        },
        repair: () => truth.holdMachineDown(name, false),
      };
      processes.set(name, alternate(sim, ctx.stream(name), { ...fault, end }, unit));
    };
    sim.scheduleAt(fault.at, () => {
      for (const node of nodesIn(ctx, fault.target)) follow(node.name);
      cluster.watch((event) => {
        if (event.type === 'NodeAdded' && inSelection(event.node, fault.target)) follow(event.node.name);
        if (event.type === 'NodeDeleted') {
          processes.get(event.node.name)?.stop();
          processes.delete(event.node.name);
        }
      });
    });
  },
};

/**
 * Random, correlated zone failures: from `at`, each zone of the target (every zone with nodes or
 * control-plane members at `at` if unset) fails as a whole, like a zoneOutage, up for a draw of `mtbf`
 * and down for one of `mttr`, each zone on its own stream "faults/<index>/zoneFailures/<zone>".
 */
export const zoneFailures: FaultKind<ZoneFailuresFault> = {
  kind: 'zoneFailures',
  schedule(fault, ctx) {
    const { sim, cluster, truth } = ctx;
    const end = windowEnd(fault);
    const zones = new ZoneDowns(ctx);
    sim.scheduleAt(fault.at, () => {
      const names =
        fault.target.zone !== undefined
          ? [fault.target.zone]
          : [
              ...new Set([
                ...[...cluster.nodes].map(nodeZone).filter((z) => z !== ''),
                ...truth.controlPlaneMembers.flatMap((m) => (m.zone === undefined ? [] : [m.zone])),
              ]),
            ].sort();
      for (const zone of names) {
        let down: ReturnType<ZoneDowns['takeDown']> | undefined;
        alternate(
          sim,
          ctx.stream(zone),
          { ...fault, end },
          {
            fail(repairAt) {
              down = zones.takeDown(zone, ({ nodes, members }) =>
                ctx.record({
                  kind: 'zoneFailures',
                  at: sim.now,
                  nodes: [...nodes],
                  recoversAt: repairAt,
                  note: membersNote(members, ctx.truth),
                }),
              );
            },
            repair() {
              if (down) zones.bringUp(down);
              down = undefined;
            },
          },
        );
      }
    });
  },
};
