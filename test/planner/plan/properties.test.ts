import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstanceType } from '../../../src/planner/plan/catalog.js';
import { type Demand, lowerBoundPerZone, nodesByVolume } from '../../../src/planner/plan/packing.js';
import {
  allocatableFrom,
  cpuReservedMillis,
  gkeMemoryReservedBytes,
} from '../../../src/planner/plan/reservations.js';

const GI = 1024 ** 3;

function type(cpuMillis: number, memoryBytes: number): InstanceType {
  const capacity = { cpuMillis, memoryBytes, pods: 110 };
  return {
    instanceType: 't',
    capacity,
    allocatable: capacity,
    gpu: 0,
    pricePerHour: 1,
    purchasePrice: null,
    powerWatts: null,
    line: 1,
  };
}

describe('planning invariants', () => {
  it('reservations grow with the machine but never faster than it: a bigger machine never has less allocatable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 256_000 }), fc.integer({ min: 1, max: 256_000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(cpuReservedMillis(lo)).toBeLessThanOrEqual(cpuReservedMillis(hi));
        expect(lo - cpuReservedMillis(lo)).toBeLessThanOrEqual(hi - cpuReservedMillis(hi));
        const [mlo, mhi] = [lo * 4 * 1024 ** 2, hi * 4 * 1024 ** 2];
        if (mlo >= GI)
          expect(mlo - gkeMemoryReservedBytes(mlo)).toBeLessThanOrEqual(mhi - gkeMemoryReservedBytes(mhi));
      }),
    );
  });

  it('allocatable never exceeds capacity, whichever reservations', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 512_000 }),
        fc.integer({ min: 1, max: 2048 }),
        fc.constantFrom('gke', 'eks', 'none'),
        (cpu, gi, r) => {
          const c = { cpuMillis: cpu, memoryBytes: gi * GI, pods: 110 };
          const a = allocatableFrom(c, r as 'gke' | 'eks' | 'none');
          expect(a.cpuMillis).toBeLessThanOrEqual(c.cpuMillis);
          expect(a.memoryBytes).toBeLessThanOrEqual(c.memoryBytes);
        },
      ),
    );
  });

  it('the packing bound holds the pods after the failures and is the least count that does, by volume', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 16_000 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 2, max: 4 }),
        fc.constantFrom('node', 'zone'),
        (cpu, gi, pods, zones, kind) => {
          const t = type(cpu, gi * GI);
          const demand: Demand = {
            pods,
            cpuMillis: pods * 250,
            memoryBytes: pods * 256 * 1024 ** 2,
            gpu: 0,
            largest: { cpuMillis: 250, memoryBytes: 256 * 1024 ** 2, gpu: 0, owner: 'w' },
          };
          const need = nodesByVolume(t, demand);
          const failures = { kind: kind as 'node' | 'zone', count: 1 };
          const m = lowerBoundPerZone(t, demand, zones, failures);
          const survivors = (perZone: number) =>
            kind === 'zone' ? perZone * (zones - 1) : perZone * zones - 1;
          expect(survivors(m)).toBeGreaterThanOrEqual(need);
          if (m > 1) expect(survivors(m - 1)).toBeLessThan(need);
        },
      ),
    );
  });
});
