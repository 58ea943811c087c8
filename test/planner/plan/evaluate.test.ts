import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/planner/plan/candidate.js';
import { parseCatalog } from '../../../src/planner/plan/catalog.js';
import { evaluateCandidate, type ReplicationPolicy } from '../../../src/planner/plan/evaluate.js';
import { parseSlo } from '../../../src/planner/plan/slo.js';
import { studentTQuantile } from '../../../src/planner/statistics.js';

const type = parseCatalog('instanceType,cpu,memory,pricePerHour\nm,2,8Gi,0.1\n', 't.csv', 'none').types[0];
const candidate = { type, zones: [], perZone: 1 } as unknown as Candidate;
const policy: ReplicationPolicy = { confidence: 0.95, initial: 3, max: 20, seed: 1 };
const availability = parseSlo('availability>=99.9%');

/** Normal draws of mean `mean` and sd `sd`, one per seed (Box–Muller on a seeded stream). */
function normalRuns(mean: number, sd: number): (seed: number) => number[] {
  return (seed) => {
    const rng = seedrandom(String(seed));
    const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    return [mean + sd * z];
  };
}

describe('sequential replications per candidate', () => {
  it('decides a deterministic outcome after the initial replications', () => {
    const met = evaluateCandidate(candidate, 1, availability, () => [1], policy);
    const missed = evaluateCandidate(candidate, 1, availability, () => [0.95], policy);
    expect([met.verdict, met.runs]).toEqual(['feasible', 3]);
    expect([missed.verdict, missed.runs]).toEqual(['infeasible', 3]);
  });

  it('stops at once when even the optimistic bound misses (clearly infeasible)', () => {
    const e = evaluateCandidate(candidate, 1, availability, normalRuns(0.99, 0.001), policy);
    expect(e.verdict).toBe('infeasible');
    expect(e.runs).toBe(3);
  });

  it('spends more runs only near the line, and its verdict follows the one-sided t bound', () => {
    const far = evaluateCandidate(candidate, 1, availability, normalRuns(0.9999, 0.00005), policy);
    const near = evaluateCandidate(candidate, 1, availability, normalRuns(0.9992, 0.0003), policy);
    expect(far.runs).toBe(3);
    expect(near.runs).toBeGreaterThan(3);
    for (const e of [far, near]) {
      const s = e.estimates[0];
      if (!s) throw new Error('no estimate');
      // The pessimistic bound is mean − t_{0.95, n−1} · s / √n.
      const bound = s.mean - (studentTQuantile(0.95, s.n - 1) * s.stdev) / Math.sqrt(s.n);
      expect(s.pessimistic).toBeCloseTo(bound, 12);
      expect(e.verdict === 'feasible').toBe(bound >= 0.999);
    }
  });

  it('gives up as undecided at the most replications when the mean sits on the target', () => {
    // Runs alternating 0.998 and 1 around the 0.999 target: the interval always straddles it.
    const e = evaluateCandidate(candidate, 1, availability, (seed) => [seed % 2 === 0 ? 1 : 0.998], {
      ...policy,
      max: 8,
    });
    expect([e.verdict, e.runs]).toEqual(['undecided', 8]);
  });
});
