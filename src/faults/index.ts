import type { Simulation } from '../engine/simulation.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Fault } from '../model/scenario.js';
import { type FaultRecord, scheduleNodeCrash } from './node-crash.js';

export type { FaultRecord } from './node-crash.js';

/** Puts every fault of the scenario's timeline on the engine's queue. */
export function scheduleFaults(
  sim: Simulation,
  cluster: ClusterState,
  faults: readonly Fault[],
  record: (r: FaultRecord) => void,
): void {
  for (const fault of faults) {
    switch (fault.kind) {
      case 'nodeCrash':
        scheduleNodeCrash(sim, cluster, fault, record);
        break;
    }
  }
}
