import type { ApiServer } from '../api/api-server.js';
import type { Simulation } from '../engine/simulation.js';
import type { Micros } from '../engine/time.js';
import type { TimelineEntry } from '../metrics/timeline.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { Node } from '../model/node.js';
import type { Operation } from '../model/operations.js';
import type { NodePool } from '../model/scenario.js';

/** What an operation did, for the report; filled in as it goes. */
export interface OperationRecord {
  kind: Operation['kind'];
  at: Micros;
  /** What it acted on: "node/NAME", "deployment/NAMESPACE/NAME", "pool/NAME", "file PATH". */
  target: string;
  /** running until it finishes; failed with kubectl's message. */
  outcome: 'running' | 'done' | 'failed';
  finishedAt?: Micros;
  /** What it did, or why it failed. */
  message: string;
  /** Evictions the API server accepted. */
  evictions: number;
  /** Evictions refused with 429 (a PodDisruptionBudget), each retried 5 s later. */
  evictionsRefused: number;
}

/**
 * The cloud provider's side of a node: a machine (ground truth) and its Node object (API server).
 * Only upgradeNodePool uses it, as GKE's node-pool upgrade creates and deletes VMs.
 */
export interface Cloud {
  /** Boots a machine and registers its Node; false (and the refusal's message) if the API server refused. */
  createNode(node: Node): { ok: true } | { ok: false; message: string };
  /** Deletes the VM (its containers die) and the Node object. */
  deleteNode(name: string): { ok: true } | { ok: false; message: string };
}

/**
 * What an operation is given: the engine, the API server to write through (operations are clients,
 * like kubectl), the store to read, the Scenario's node pools, the cloud (for node-pool upgrades),
 * and where to record what it did and the steps for the timeline.
 */
export interface OperationContext {
  readonly sim: Simulation;
  readonly api: ApiServer;
  readonly cluster: ClusterState;
  readonly nodePools: readonly NodePool[];
  readonly cloud: Cloud;
  /** Starts the record of an operation (outcome running). */
  begin(kind: Operation['kind'], target: string): OperationRecord;
  /** A step of an operation on the run's timeline. */
  step(entry: Omit<TimelineEntry, 'at'>): void;
}

/** One kind of operation: puts an operation of that kind on the engine's timeline. */
export interface OperationKind<O extends Operation = Operation> {
  readonly kind: O['kind'];
  schedule(op: O, ctx: OperationContext): void;
}

/** Marks the record finished now. */
export function finish(
  ctx: OperationContext,
  record: OperationRecord,
  outcome: 'done' | 'failed',
  message: string,
): void {
  record.outcome = outcome;
  record.finishedAt = ctx.sim.now;
  record.message = message;
  ctx.step({
    kind: 'Operation',
    object: record.target,
    to: `${record.kind} ${outcome === 'done' ? 'finished' : 'failed'}`,
    reason: message,
  });
}
