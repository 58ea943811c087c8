import { describe, expect, it } from 'vitest';
import {
  allocatableFrom,
  cpuReservedMillis,
  eksMemoryReservedBytes,
  gkeMemoryReservedBytes,
} from '../../../src/planner/plan/reservations.js';

const MI = 1024 ** 2;
const GI = 1024 ** 3;

describe('GKE and EKS reservations', () => {
  it.each([
    // GKE's published ladder; 2 and 4 cores give the 1930m and 3920m allocatable GKE nodes report.
    [1000, 60],
    [2000, 70],
    [4000, 80],
    [8000, 90],
    [32000, 150],
  ])('reserves cpu on %i millicores: %i m', (cpu, reserved) => {
    expect(cpuReservedMillis(cpu)).toBe(reserved);
  });

  it('reserves 9.76 GiB of a 150 GiB machine, 140.14 GiB allocatable with the eviction threshold', () => {
    // 0.25·4 + 0.2·4 + 0.1·8 + 0.06·112 + 0.02·22 = 9.76 GiB; GKE's node-size page gives the ladder.
    expect(gkeMemoryReservedBytes(150 * GI) / GI).toBeCloseTo(9.76, 6);
    const a = allocatableFrom({ cpuMillis: 4000, memoryBytes: 150 * GI, pods: 110 }, 'gke');
    expect(a.memoryBytes / GI).toBeCloseTo(140.1423, 4);
  });

  it('reserves 255 MiB on a machine below 1 GiB (GKE)', () => {
    expect(gkeMemoryReservedBytes(0.5 * GI)).toBe(255 * MI);
  });

  it('reserves 255 MiB + 11 MiB per pod on EKS: 574 MiB for an m5.large (29 pods)', () => {
    expect(eksMemoryReservedBytes(29)).toBe(574 * MI);
    const a = allocatableFrom({ cpuMillis: 2000, memoryBytes: 8 * GI, pods: 29 }, 'eks');
    expect(a).toEqual({ cpuMillis: 1930, memoryBytes: 8 * GI - 574 * MI - 100 * MI, pods: 29 });
  });

  it('keeps capacity as allocatable with none', () => {
    const c = { cpuMillis: 2000, memoryBytes: 8 * GI, pods: 110 };
    expect(allocatableFrom(c, 'none')).toEqual(c);
  });
});
