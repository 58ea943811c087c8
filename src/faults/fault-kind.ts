import type { RandomStream } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { Micros } from '../engine/time.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Fault } from '../model/scenario.js';
import type { RecoveryContext } from './disasters.js';

/** What a fault did, for the report. */
export interface FaultRecord {
  kind: string;
  at: Micros;
  nodes: string[];
  recoversAt?: Micros;
  /** Why it hit fewer nodes than asked, if it did. */
  note?: string;
}

/**
 * What a fault is given: the engine, the store to read (to pick its targets), the ground truth to
 * change, its own random stream ("faults/<index>/<kind>", so adding a fault never shifts another's
 * draws) and where to record what it did. Faults never write through the API server: Kubernetes
 * notices through its controllers.
 */
export interface FaultContext {
  readonly sim: Simulation;
  readonly cluster: ClusterState;
  readonly truth: GroundTruth;
  readonly random: RandomStream;
  /** A stream of its own per unit a fault drives ("faults/<index>/<kind>/<name>": one node, one zone). */
  stream(name: string): RandomStream;
  record(r: FaultRecord): void;
  /** Backups and the restore procedure's settings, for disasters (faults/disasters.ts); set when the input has them. */
  readonly recovery?: RecoveryContext;
}

/** One kind of fault: puts a fault of that kind on the engine's timeline. */
export interface FaultKind<F extends Fault = Fault> {
  readonly kind: F['kind'];
  schedule(fault: F, ctx: FaultContext): void;
}
