import type { RandomStreams } from '../engine/random.js';
import type { Fault } from '../model/scenario.js';
import { controlPlaneMemberLoss } from './control-plane.js';
import { crashLoop } from './crash-loop.js';
import { disasterKinds } from './disasters.js';
import type { FaultContext, FaultKind } from './fault-kind.js';
import { kubeletStop } from './kubelet-stop.js';
import { networkPartition } from './network-partition.js';
import { nodeCrash, nodeReboot } from './node-crash.js';
import { podCrash } from './pod-crash.js';
import { probeFailure } from './probe-failure.js';
import { nodeFailures, zoneFailures } from './random-failures.js';
import { slowNode } from './slow-node.js';
import { zoneOutage } from './zone-outage.js';

export { DEFAULT_CONTROL_PLANE, startControlPlane } from './control-plane.js';
export type { FaultContext, FaultKind, FaultRecord } from './fault-kind.js';

/** The fault kinds kubesim simulates, by `kind`: a fresh registry per run, so runs share no state. */
export function defaultFaultKinds(): Map<string, FaultKind> {
  const kinds = [
    nodeCrash,
    nodeReboot,
    kubeletStop,
    podCrash,
    crashLoop,
    probeFailure,
    zoneOutage,
    networkPartition,
    slowNode,
    controlPlaneMemberLoss,
    nodeFailures,
    zoneFailures,
    ...disasterKinds,
  ] as FaultKind[];
  return new Map(kinds.map((k) => [k.kind, k]));
}

/**
 * Puts every fault of the scenario's timeline on the engine's queue, each with its own random stream
 * "faults/<index>/<kind>". A kind missing from the registry is an invariant breach: the loader only
 * passes kinds it simulates (and warns about the others).
 */
export function scheduleFaults(
  faults: readonly Fault[],
  kinds: ReadonlyMap<string, FaultKind>,
  ctx: Omit<FaultContext, 'random' | 'stream'> & { streams: RandomStreams },
): void {
  faults.forEach((fault, index) => {
    const kind = kinds.get(fault.kind);
    if (!kind) throw new Error(`invariant: no fault kind ${fault.kind} in the registry`);
    const name = `faults/${index}/${fault.kind}`;
    kind.schedule(fault, {
      ...ctx,
      random: ctx.streams.get(name),
      stream: (unit) => ctx.streams.get(`${name}/${unit}`),
    });
  });
}
