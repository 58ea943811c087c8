import type { PodSpec } from '../../model/pod.js';
import { CPU, EPHEMERAL_STORAGE, MEMORY, PODS } from '../../model/resources.js';
import {
  CPU_INDEX,
  EPHEMERAL_STORAGE_INDEX,
  MEMORY_INDEX,
  PODS_INDEX,
  type ResourceIndex,
} from '../framework/interface.js';
import type { SpecDerived } from './pod-info.js';

/**
 * The scheduler's ResourceIndex: cpu, memory, ephemeral-storage and pods at fixed positions, extended
 * resources (nvidia.com/gpu, hugepages-2Mi) appended the first time they are seen.
 *
 * Vectors are allocated with `capacity` slots so that a new extended resource rarely forces a
 * reallocation; readers must treat a slot past a vector's length as 0.
 */
export class DynamicResourceIndex implements ResourceIndex {
  private readonly names: string[] = [];
  private readonly positions = new Map<string, number>();
  /** Length to allocate vectors with: ≥ size, grown by doubling. */
  capacity = 8;
  /**
   * What makePodInfo derives from a PodSpec, laid out by this index: pods of one workload share their
   * spec object, so 10 000 replicas cost one derivation. Kept here, per index (one per snapshot),
   * because the vectors are only valid for this index's positions.
   */
  readonly derivedBySpec = new WeakMap<PodSpec, SpecDerived>();

  constructor() {
    for (const [name, index] of [
      [CPU, CPU_INDEX],
      [MEMORY, MEMORY_INDEX],
      [EPHEMERAL_STORAGE, EPHEMERAL_STORAGE_INDEX],
      [PODS, PODS_INDEX],
    ] as const) {
      this.names[index] = name;
      this.positions.set(name, index);
    }
  }

  /** Number of known resources. */
  get size(): number {
    return this.names.length;
  }

  /** The position of `resourceName`, registering it if new. */
  indexOf(resourceName: string): number {
    let i = this.positions.get(resourceName);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(resourceName);
      this.positions.set(resourceName, i);
      while (this.capacity < this.names.length) this.capacity *= 2;
    }
    return i;
  }

  /** The position of `resourceName`, or -1 when it was never seen (does not register it). */
  find(resourceName: string): number {
    return this.positions.get(resourceName) ?? -1;
  }

  nameOf(index: number): string {
    const name = this.names[index];
    if (name === undefined) throw new Error(`invariant: no resource at index ${index}`);
    return name;
  }

  /** A zeroed vector of the current capacity. */
  newVector(): Float64Array {
    return new Float64Array(this.capacity);
  }

  /** Writes `list` into a fresh vector (registering unseen names). */
  vectorOf(list: Readonly<Record<string, number>>): Float64Array {
    for (const name in list) this.indexOf(name);
    const v = this.newVector();
    for (const name in list) v[this.indexOf(name)] = list[name] as number;
    return v;
  }
}

/** Grows `v` to `length` (copying), or returns it when already long enough. */
export function ensureLength(v: Float64Array, length: number): Float64Array {
  if (v.length >= length) return v;
  const out = new Float64Array(length);
  out.set(v);
  return out;
}
