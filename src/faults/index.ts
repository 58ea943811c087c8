import type { RandomStreams } from '../engine/random.js';
import type { Fault } from '../model/scenario.js';
import { crashLoop } from './crash-loop.js';
import type { FaultContext, FaultKind } from './fault-kind.js';
import { kubeletStop } from './kubelet-stop.js';
import { nodeCrash, nodeReboot } from './node-crash.js';
import { podCrash } from './pod-crash.js';
import { probeFailure } from './probe-failure.js';

export type { FaultContext, FaultKind, FaultRecord } from './fault-kind.js';

/** The fault kinds kubesim simulates, by `kind`: a fresh registry per run, so runs share no state. */
export function defaultFaultKinds(): Map<string, FaultKind> {
  const kinds = [nodeCrash, nodeReboot, kubeletStop, podCrash, crashLoop, probeFailure] as FaultKind[];
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
  ctx: Omit<FaultContext, 'random'> & { streams: RandomStreams },
): void {
  faults.forEach((fault, index) => {
    const kind = kinds.get(fault.kind);
    if (!kind) throw new Error(`invariant: no fault kind ${fault.kind} in the registry`);
    kind.schedule(fault, { ...ctx, random: ctx.streams.get(`faults/${index}/${fault.kind}`) });
  });
}
