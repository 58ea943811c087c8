import type { NodeVectors } from '../framework/interface.js';
import type { DynamicResourceIndex } from './resource-index.js';

/** Node slots allocated at first; doubled whenever a node does not fit. */
const INITIAL_NODE_SLOTS = 64;

/** A NodeInfo as the store sees it: its slot and the three views it re-takes after a relayout. */
export interface VectorOwner {
  readonly index: number;
  bindVectors(store: NodeVectorStore): void;
}

/**
 * Contiguous storage of every NodeInfo's resource vectors (struct of arrays): allocatable, Σ requests
 * and Σ non-zero requests of node slot i live at [i × stride, (i + 1) × stride) of one Float64Array
 * per quantity, and each NodeInfo's `allocatable`/`requested`/`nonZeroRequested` are `subarray` views
 * of its slot. Hot per-node loops (NodeResourcesFit and BalancedAllocation scoring) read the flat
 * arrays by node index instead of following NodeInfo → vector → elements for every node, which is
 * what the typed-array reference in bench/scheduler-basic.ts does; with 5 000 NodeInfos that chase
 * was most of the per-node cost (bench/README.md).
 *
 * Grown by doubling the node slots, and re-laid out when a new extended resource outgrows the stride;
 * both replace the arrays, after which every owner re-takes its views (`bindVectors`).
 */
export class NodeVectorStore implements NodeVectors {
  stride: number;
  allocatable: Float64Array;
  requested: Float64Array;
  nonZeroRequested: Float64Array;
  private slots = INITIAL_NODE_SLOTS;

  constructor(
    private readonly resources: DynamicResourceIndex,
    /** The NodeInfos, slot i = owners[i] (the snapshot's node list, shared). */
    private readonly owners: readonly VectorOwner[],
  ) {
    this.stride = resources.capacity;
    this.allocatable = new Float64Array(this.slots * this.stride);
    this.requested = new Float64Array(this.slots * this.stride);
    this.nonZeroRequested = new Float64Array(this.slots * this.stride);
  }

  /**
   * Makes room for `nodes` slots and the resource index's current capacity, moving the data and
   * re-binding every owner's views when the arrays are replaced.
   */
  reserve(nodes: number): void {
    const stride = Math.max(this.stride, this.resources.capacity);
    if (nodes <= this.slots && stride === this.stride) return;
    let slots = this.slots;
    while (slots < nodes) slots *= 2;
    const old = this.stride;
    const copy = (from: Float64Array): Float64Array => {
      const to = new Float64Array(slots * stride);
      if (stride === old) to.set(from);
      else for (let i = 0; i < this.slots; i++) to.set(from.subarray(i * old, (i + 1) * old), i * stride);
      return to;
    };
    this.allocatable = copy(this.allocatable);
    this.requested = copy(this.requested);
    this.nonZeroRequested = copy(this.nonZeroRequested);
    this.slots = slots;
    this.stride = stride;
    for (const owner of this.owners) owner.bindVectors(this);
  }

  /** Copies slot `from` into slot `to` (a node moving into a deleted node's place). */
  move(from: number, to: number): void {
    const s = this.stride;
    for (const a of [this.allocatable, this.requested, this.nonZeroRequested]) {
      a.copyWithin(to * s, from * s, (from + 1) * s);
    }
  }

  /** Zeroes slot `i` (a node added into it). */
  clear(i: number): void {
    const s = this.stride;
    for (const a of [this.allocatable, this.requested, this.nonZeroRequested]) a.fill(0, i * s, (i + 1) * s);
  }
}
