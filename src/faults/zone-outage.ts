import type { ZoneOutageFault } from '../model/scenario.js';
import type { FaultKind } from './fault-kind.js';
import { membersNote, ZoneDowns } from './zone-down.js';

/**
 * A zone outage (power, cooling or network of a whole availability zone): every machine of the zone
 * stops at `at`, as if each crashed, together with the control-plane members placed there; all come
 * back after `for` (never if unset). Kubernetes notices node by node; the node lifecycle controller's
 * zone states (FullDisruption) then set the eviction rates.
 */
export const zoneOutage: FaultKind<ZoneOutageFault> = {
  kind: 'zoneOutage',
  schedule(fault, ctx) {
    const { sim } = ctx;
    const zones = new ZoneDowns(ctx);
    sim.scheduleAt(fault.at, () => {
      const recoversAt = fault.for === undefined ? undefined : sim.now + fault.for;
      const down = zones.takeDown(fault.target.zone, ({ nodes, members }) =>
        ctx.record({
          kind: 'zoneOutage',
          at: sim.now,
          nodes: [...nodes],
          recoversAt,
          note: membersNote(members, ctx.truth),
        }),
      );
      if (recoversAt !== undefined) sim.scheduleAt(recoversAt, () => zones.bringUp(down));
    });
  },
};
