import type { Endpoint, EndpointSlice } from '../model/endpoint-slice.js';

// --max-endpoints-per-slice (pkg/controller/endpointslice/config/v1alpha1/defaults.go, v1.33): 100.
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

/** What one sync of a Service writes: new slices, replaced slices (new objects) and slices to delete. */
export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/**
 * The desired state of the endpoints that may have changed since the last sync, by pod uid: the
 * endpoint, or undefined when the pod is no longer one (deleted, finished, on a missing node).
 */
export type EndpointChanges = ReadonlyMap<number, Endpoint | undefined>;

/**
 * The EndpointSlices of one Service, indexed so a sync costs what changed, not what exists: which
 * slice holds each endpoint, and the slices by how many endpoints they hold. `plan` is upstream's
 * reconcileByPortMapping and finalize (staging/src/k8s.io/endpointslice/reconciler.go, v1.33) over
 * the slices holding a changed endpoint; the other slices are what upstream finds unchanged. One
 * Service has one port mapping and one address type in kubesim, so there is one group of slices.
 */
export class ServiceSlices {
  /** The index's own copies of the slices, by name, in creation order. */
  private readonly slices = new Map<string, EndpointSlice>();
  /** Each endpoint's slice, by pod uid (see Placement). */
  private readonly sliceOf = new Map<number, Placement>();
  /** Counts commits, to tell the endpoints a commit placed from those it found. */
  private commits = 0;
  /** bySize[n]: the slices holding n endpoints, in the order they reached that size. */
  private readonly bySize: Set<EndpointSlice>[] = [];

  constructor(
    readonly namespace: string,
    readonly service: string,
    readonly maxEndpointsPerSlice = DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  ) {
    for (let n = 0; n <= maxEndpointsPerSlice; n++) this.bySize.push(new Set());
  }

  /** The Service's slices as last committed, in creation order. */
  get all(): readonly EndpointSlice[] {
    return [...this.slices.values()];
  }

  /**
   * The writes that make the slices hold `changes`, touching only slices that hold a changed
   * endpoint or have room for new ones:
   *  1. in each slice holding a changed endpoint, drop the ones no longer wanted, replace the ones
   *     whose conditions or node changed; a slice left empty is to be deleted;
   *  2. fill the slices changed in 1 with new endpoints, fullest first;
   *  3. put what is left into the unchanged slice that will be closest to full (getSliceToFill), when
   *     fewer than a slice's worth are left, else into new slices;
   *  4. a Service without endpoints keeps one empty placeholder slice; a new slice takes the name of
   *     one to be deleted (an update instead of a create and a delete).
   * `newName` gives a new slice's name (generateName `<service>-`). Nothing changes until `commit`.
   */
  plan(changes: EndpointChanges, newName: () => string): SlicePlan {
    const max = this.maxEndpointsPerSlice;
    const touched = new Set<EndpointSlice>();
    for (const uid of changes.keys()) {
      const slice = this.sliceOf.get(uid)?.slice;
      if (slice) touched.add(slice);
    }
    // 1.
    const placed = new Set<number>();
    const update: EndpointSlice[] = [];
    const toDelete: EndpointSlice[] = [];
    for (const slice of touched) {
      const kept: Endpoint[] = [];
      let changed = false;
      for (const e of slice.endpoints) {
        if (!changes.has(e.uid)) {
          kept.push(e);
          continue;
        }
        const desired = changes.get(e.uid);
        if (desired === undefined || placed.has(e.uid)) {
          changed = true;
          continue;
        }
        placed.add(e.uid);
        kept.push(desired);
        if (!sameEndpoint(desired, e)) changed = true;
      }
      if (!changed) touched.delete(slice);
      else if (kept.length === 0) toDelete.push(slice);
      else update.push({ ...slice, endpoints: kept });
    }
    const toAdd: Endpoint[] = [];
    for (const [uid, desired] of changes) if (desired && !placed.has(uid)) toAdd.push(desired);
    let next = 0;
    const fill = (slice: EndpointSlice): void => {
      while (next < toAdd.length && slice.endpoints.length < max)
        slice.endpoints.push(toAdd[next++] as Endpoint);
    };
    // 2. (A stable sort: equal lengths keep their order.)
    if (toAdd.length > 0)
      for (const slice of [...update].sort((a, b) => b.endpoints.length - a.endpoints.length)) fill(slice);
    // 3.
    const create: EndpointSlice[] = [];
    while (next < toAdd.length) {
      const left = toAdd.length - next;
      const target = left < max ? this.sliceToFill(left, touched) : undefined;
      if (target) {
        touched.add(target);
        const copy = { ...target, endpoints: [...target.endpoints] };
        fill(copy);
        update.push(copy);
      } else {
        const slice = this.newSlice(newName);
        fill(slice);
        create.push(slice);
      }
    }
    // 4.
    if (this.slices.size === toDelete.length && create.length === 0) create.push(this.newSlice(newName));
    while (create.length > 0 && toDelete.length > 0) {
      const recycled = toDelete.shift() as EndpointSlice;
      update.push({ ...(create.pop() as EndpointSlice), name: recycled.name });
    }
    return { create, update, delete: toDelete };
  }

  /**
   * Records that `plan`'s writes were made. The index keeps its own slice objects (sharing the
   * endpoint arrays, which nothing changes once written), so it never depends on the store's.
   */
  commit(plan: SlicePlan): void {
    const stamp = ++this.commits;
    for (const slice of plan.delete) {
      this.forget(slice, stamp);
      this.slices.delete(slice.name);
    }
    for (const change of plan.update) {
      const slice = this.slices.get(change.name);
      if (!slice) throw new Error(`invariant: EndpointSlice ${change.name} to update is not indexed`);
      // Re-point the slice's endpoints in place, then drop the ones it no longer holds: deleting and
      // re-adding all of them rehashed the uid map (per Service, as large as its pods) on every sync.
      const old = slice.endpoints;
      this.bySize[old.length]?.delete(slice);
      slice.endpoints = change.endpoints;
      this.remember(slice, stamp);
      for (const e of old) {
        const p = this.sliceOf.get(e.uid);
        if (p !== undefined && p.slice === slice && p.stamp !== stamp) this.sliceOf.delete(e.uid);
      }
    }
    for (const slice of plan.create) this.adopt(slice, stamp);
  }

  /** Takes an existing slice into the index (a controller restart, or a test's starting state). */
  adopt(slice: EndpointSlice, stamp = ++this.commits): void {
    const own = { ...slice };
    this.slices.set(own.name, own);
    this.remember(own, stamp);
  }

  /**
   * getSliceToFill upstream: the slice not touched by this sync that `count` more endpoints bring
   * closest to full, without going over; among equals, the first to reach that size.
   */
  private sliceToFill(count: number, touched: ReadonlySet<EndpointSlice>): EndpointSlice | undefined {
    for (let size = this.maxEndpointsPerSlice - count; size >= 0; size--) {
      for (const slice of this.bySize[size] as Set<EndpointSlice>) if (!touched.has(slice)) return slice;
    }
    return undefined;
  }

  private newSlice(newName: () => string): EndpointSlice {
    let name = newName();
    while (this.slices.has(name)) name = newName();
    return { namespace: this.namespace, name, service: this.service, endpoints: [] };
  }

  /** Unindexes a deleted slice's endpoints, except those commit `stamp` already placed elsewhere. */
  private forget(slice: EndpointSlice, stamp: number): void {
    this.bySize[slice.endpoints.length]?.delete(slice);
    for (const e of slice.endpoints) {
      const p = this.sliceOf.get(e.uid);
      if (p !== undefined && p.slice === slice && p.stamp !== stamp) this.sliceOf.delete(e.uid);
    }
  }

  /** Indexes the slice's endpoints as placed by commit `stamp`. */
  private remember(slice: EndpointSlice, stamp: number): void {
    this.bySize[slice.endpoints.length]?.add(slice);
    for (const e of slice.endpoints) {
      const p = this.sliceOf.get(e.uid);
      if (p === undefined) this.sliceOf.set(e.uid, { slice, stamp });
      else {
        p.slice = slice;
        p.stamp = stamp;
      }
    }
  }
}

/** Where an endpoint is: its slice, and the commit that last put it there. */
interface Placement {
  slice: EndpointSlice;
  stamp: number;
}

/** EndpointsEqualBeyondHash upstream, on the fields kubesim keeps. */
export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return (
    a.uid === b.uid &&
    a.pod === b.pod &&
    a.nodeName === b.nodeName &&
    a.zone === b.zone &&
    a.conditions.ready === b.conditions.ready &&
    a.conditions.serving === b.conditions.serving &&
    a.conditions.terminating === b.conditions.terminating
  );
}
