import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  type EndpointChanges,
  ServiceSlices,
  type SlicePlan,
} from '../../src/controllers/endpointslice-reconciler.js';
import type { Endpoint, EndpointSlice } from '../../src/model/endpoint-slice.js';

/**
 * The EndpointSlice reconciler against upstream's own cases: staging/src/k8s.io/endpointslice/
 * reconciler_test.go (v1.33), names kept. Upstream's newPod(i, …, ready) becomes `endpoint(i, ready)`
 * (one node, no zone label), its fake clientset a store of slices that counts creates, updates and
 * deletes. A full sync upstream (every pod compared with every slice) is `fullSync`: every pod's
 * desired endpoint, and "none" for every endpoint of a slice that is no longer desired.
 */

function endpoint(i: number, ready = true, node = 'node-1'): Endpoint {
  return {
    pod: `test/pod${i}`,
    uid: i + 1,
    nodeName: node,
    zone: '',
    conditions: { ready, serving: ready, terminating: false },
  };
}

/** Upstream's "ready := !(i%3 == 0)" pods 0 … n−1. */
function pods(n: number): Endpoint[] {
  return Array.from({ length: n }, (_, i) => endpoint(i, i % 3 !== 0));
}

/** The fake clientset: the slices by name, and the writes made. */
class FakeStore {
  readonly slices = new Map<string, EndpointSlice>();
  readonly actions: string[] = [];
  private serial = 0;

  constructor(
    readonly index = new ServiceSlices('test', 'foo'),
    existing: EndpointSlice[] = [],
  ) {
    for (const s of existing) {
      this.slices.set(s.name, s);
      index.adopt(s);
    }
  }

  /** One sync: plan, commit, write. */
  sync(changes: EndpointChanges): SlicePlan {
    const plan = this.index.plan(changes, () => `foo-${String(++this.serial).padStart(5, 'x')}`);
    this.index.commit(plan);
    for (const s of plan.create) {
      this.actions.push('create');
      this.slices.set(s.name, s);
    }
    for (const s of plan.update) {
      this.actions.push('update');
      this.slices.set(s.name, s);
    }
    for (const s of plan.delete) {
      this.actions.push('delete');
      this.slices.delete(s.name);
    }
    return plan;
  }

  /** Upstream's Reconcile(service, pods, existingSlices): every pod, and the endpoints that left. */
  fullSync(desired: readonly Endpoint[]): SlicePlan {
    const changes = new Map<number, Endpoint | undefined>();
    for (const s of this.slices.values()) for (const e of s.endpoints) changes.set(e.uid, undefined);
    for (const e of desired) changes.set(e.uid, e);
    return this.sync(changes);
  }

  lengths(): number[] {
    return [...this.slices.values()].map((s) => s.endpoints.length).sort((a, b) => a - b);
  }
}

function slice(name: string, endpoints: Endpoint[]): EndpointSlice {
  return { namespace: 'test', name, service: 'foo', endpoints };
}

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

describe('EndpointSlice reconciler (upstream reconciler_test.go)', () => {
  it('TestReconcileEmpty: even when there are no pods, the Service has a placeholder slice', () => {
    const store = new FakeStore();
    store.fullSync([]);
    expect(store.actions).toEqual(['create']);
    const [only] = [...store.slices.values()];
    expect(only?.name).toMatch(/^foo-/);
    expect(only?.service).toBe('foo');
    expect(only?.endpoints).toEqual([]);
    // A second sync with nothing to do writes nothing (the placeholder stays).
    store.fullSync([]);
    expect(store.actions).toEqual(['create']);
  });

  it('TestReconcile1Pod (ipv4): a single pod and no slices creates one slice with its endpoint', () => {
    const store = new FakeStore();
    const pod = { ...endpoint(1), zone: 'us-central1-a' };
    store.fullSync([pod]);
    expect(store.actions).toEqual(['create']);
    expect([...store.slices.values()][0]?.endpoints).toEqual([
      {
        pod: 'test/pod1',
        uid: 2,
        nodeName: 'node-1',
        zone: 'us-central1-a',
        conditions: { ready: true, serving: true, terminating: false },
      },
    ]);
  });

  it('TestReconcileManyPods: 250 pods and no slices create 3 slices, filling 2 of them', () => {
    const store = new FakeStore();
    store.fullSync(pods(250));
    expect(store.actions).toEqual(['create', 'create', 'create']);
    expect(store.lengths()).toEqual([50, 100, 100]);
  });

  it('TestReconcileEndpointSlicesSomePreexisting: 127 to add make one new full slice, and 27 go into the slice that ends closest to full', () => {
    const all = pods(250);
    const s1 = slice('foo-1', []);
    for (let i = 1; i < all.length - 4; i += 4) s1.endpoints.push(all[i] as Endpoint);
    const s2 = slice('foo-2', []);
    for (let i = 3; i < all.length - 4; i += 4) s2.endpoints.push(all[i] as Endpoint);
    expect([s1.endpoints.length, s2.endpoints.length]).toEqual([62, 61]);
    const store = new FakeStore(undefined, [s1, s2]);
    store.fullSync(all);
    expect(store.actions).toEqual(['create', 'update']);
    expect(store.lengths()).toEqual(sorted([89, 61, 100]));
    expect(store.slices.get('foo-1')?.endpoints).toHaveLength(89);
  });

  it('TestReconcileEndpointSlicesSomePreexistingWorseAllocation: 52 left that fit in no single slice get a new slice rather than two updates', () => {
    const all = pods(300);
    const s1 = slice('foo-1', []);
    for (let i = 1; i < all.length - 4; i += 4) s1.endpoints.push(all[i] as Endpoint);
    const s2 = slice('foo-2', []);
    for (let i = 3; i < all.length - 4; i += 4) s2.endpoints.push(all[i] as Endpoint);
    const store = new FakeStore(undefined, [s1, s2]);
    store.fullSync(all);
    expect(store.actions).toEqual(['create', 'create']);
    expect(store.lengths()).toEqual(sorted([74, 74, 100, 52]));
  });

  it('TestReconcileEndpointSlicesUpdatePacking: new endpoints go to the fuller of the slices already marked for update', () => {
    const all: Endpoint[] = [];
    const s1 = slice('foo-1', []);
    for (let i = 0; i < 80; i++) {
      s1.endpoints.push(endpoint(i));
      all.push(endpoint(i));
    }
    const s2 = slice('foo-2', []);
    for (let i = 100; i < 120; i++) {
      s2.endpoints.push(endpoint(i));
      all.push(endpoint(i));
    }
    const store = new FakeStore(undefined, [s1, s2]);
    // Every tenth pod turns not ready, so both slices need an update.
    const desired = all.map((e, i) =>
      i % 10 === 0 ? { ...e, conditions: { ready: false, serving: false, terminating: false } } : e,
    );
    for (let i = 200; i < 215; i++) desired.push(endpoint(i));
    store.fullSync(desired);
    expect(store.actions).toEqual(['update', 'update']);
    expect(store.lengths()).toEqual(sorted([95, 20]));
  });

  it.each([
    [50, [50, 50, 50, 50, 50]],
    [80, [80, 80, 80, 10]],
    [150, [150, 100]],
    [250, [250]],
    [500, [250]],
  ])('TestReconcileMaxEndpointsPerSlice: maxEndpointsPerSlice: %d', (max, lengths) => {
    const store = new FakeStore(new ServiceSlices('test', 'foo', max));
    store.fullSync(pods(250));
    expect(store.lengths()).toEqual(sorted(lengths));
  });

  it('TestReconcileEndpointSlicesMetrics: removing 10 of 20 pods updates the one slice', () => {
    const store = new FakeStore();
    const all = Array.from({ length: 20 }, (_, i) => endpoint(i));
    store.fullSync(all);
    expect(store.actions).toEqual(['create']);
    store.fullSync(all.slice(0, 10));
    expect(store.actions).toEqual(['create', 'update']);
    expect(store.lengths()).toEqual([10]);
  });

  it('TestReconcilerPodMissingNode: Update if publishNotReady false and no nodes are present: the slice is emptied by an update, not deleted', () => {
    // Pods on a node that does not exist are not endpoints (the controller gives no endpoint for them).
    const store = new FakeStore(undefined, [
      slice('foo-1', [endpoint(0, true, 'node-0'), endpoint(1, true, 'node-1')]),
    ]);
    const plan = store.fullSync([]);
    expect(plan.delete).toEqual([]);
    expect(store.actions).toEqual(['update']);
    expect([...store.slices.keys()]).toEqual(['foo-1']);
    expect(store.lengths()).toEqual([0]);
  });

  it('TestReconcilerPodMissingNode: Create and publishNotReady false: only the pod whose node exists is published', () => {
    const store = new FakeStore();
    store.fullSync([endpoint(0, true, 'node-0')]);
    expect(store.lengths()).toEqual([1]);
  });

  it('TestReconcilerFinalizeSvcDeletionTimestamp (recycling in action): a slice to create takes the name of one to delete', () => {
    // Two half-empty slices lose all their endpoints while 100 new ones arrive: one new slice's worth,
    // written as an update of a slice that would be deleted, plus one delete.
    const store = new FakeStore(undefined, [
      slice(
        'foo-1',
        Array.from({ length: 50 }, (_, i) => endpoint(i)),
      ),
      slice(
        'foo-2',
        Array.from({ length: 50 }, (_, i) => endpoint(50 + i)),
      ),
    ]);
    store.fullSync(Array.from({ length: 100 }, (_, i) => endpoint(1000 + i)));
    expect(store.actions).toEqual(['update', 'delete']);
    expect(store.lengths()).toEqual([100]);
  });
});

describe('EndpointSlice reconciler, incremental', () => {
  it('a change touches only the slice that holds the endpoint', () => {
    const store = new FakeStore();
    const all = pods(250);
    store.fullSync(all);
    const holder = [...store.slices.values()].find((s) => s.endpoints.some((e) => e.uid === 101));
    const plan = store.sync(
      new Map([
        [101, { ...(all[100] as Endpoint), conditions: { ready: false, serving: true, terminating: true } }],
      ]),
    );
    expect(plan.create).toEqual([]);
    expect(plan.delete).toEqual([]);
    expect(plan.update.map((s) => s.name)).toEqual([holder?.name]);
  });

  it('an unchanged endpoint reported as changed writes nothing', () => {
    const store = new FakeStore();
    const all = pods(250);
    store.fullSync(all);
    const plan = store.sync(new Map([[1, all[0]]]));
    expect(plan).toEqual({ create: [], update: [], delete: [] });
  });

  it('keeps every desired endpoint in exactly one slice of at most maxEndpointsPerSlice, and at most one empty slice, through any sequence of changes', () => {
    const max = 7;
    const op = fc.record({
      uid: fc.integer({ min: 1, max: 60 }),
      kind: fc.constantFrom('ready', 'notReady', 'remove'),
    });
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 25 }), { maxLength: 12 }), (batches) => {
        const store = new FakeStore(new ServiceSlices('test', 'foo', max));
        const desired = new Map<number, Endpoint>();
        store.sync(new Map());
        for (const batch of batches) {
          const changes = new Map<number, Endpoint | undefined>();
          for (const { uid, kind } of batch) {
            const e = kind === 'remove' ? undefined : endpoint(uid - 1, kind === 'ready');
            changes.set(uid, e);
            if (e) desired.set(uid, e);
            else desired.delete(uid);
          }
          const before = new Map([...store.slices].map(([name, s]) => [name, s.endpoints]));
          const plan = store.sync(changes);
          // Only slices holding a changed endpoint, or given new ones, are written.
          for (const s of [...plan.update, ...plan.delete]) {
            const old = before.get(s.name) ?? [];
            const next = store.slices.get(s.name)?.endpoints ?? [];
            expect([...old, ...next].some((e) => changes.has(e.uid))).toBe(true);
          }
          const slices = [...store.slices.values()];
          expect(slices.length).toBeGreaterThan(0);
          const seen = new Map<number, Endpoint>();
          for (const s of slices) {
            expect(s.endpoints.length).toBeLessThanOrEqual(max);
            for (const e of s.endpoints) {
              expect(seen.has(e.uid)).toBe(false);
              seen.set(e.uid, e);
            }
          }
          expect(seen).toEqual(desired);
          // Emptied slices are deleted; only the placeholder may stay empty (as upstream, even beside
          // slices created while it was empty).
          expect(slices.filter((s) => s.endpoints.length === 0).length).toBeLessThanOrEqual(1);
          // The index agrees with what was written.
          expect(store.index.all.map((s) => s.endpoints)).toEqual(slices.map((s) => s.endpoints));
        }
      }),
      { numRuns: 200, seed: 8 },
    );
  });

  it('uses the upstream default of 100 endpoints per slice', () => {
    expect(DEFAULT_MAX_ENDPOINTS_PER_SLICE).toBe(100);
  });
});
