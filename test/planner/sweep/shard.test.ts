import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GridPoint } from '../../../src/planner/sweep/grid.js';
import { parseShard, ShardError, shardRuns, sweepRuns } from '../../../src/planner/sweep/shard.js';

const points = (n: number): GridPoint[] =>
  Array.from({ length: n }, (_, index) => ({
    index,
    label: `p${index}`,
    values: { x: index },
    overrides: [],
  }));

describe('sweepRuns', () => {
  it('lists each point on its seeds base … base + replications − 1, point-major', () => {
    const runs = sweepRuns(points(2), 3, (p) => 10 * (p.index + 1));
    expect(runs.map((r) => [r.ordinal, r.point.index, r.seed])).toEqual([
      [0, 0, 10],
      [1, 0, 11],
      [2, 0, 12],
      [3, 1, 20],
      [4, 1, 21],
      [5, 1, 22],
    ]);
  });
});

describe('parseShard', () => {
  it('reads i/N, 1-based', () => {
    expect(parseShard('2/3', 12)).toEqual({ index: 2, count: 3 });
  });

  it.each([
    ['3', /expected i\/N such as 2\/4/],
    ['a/b', /expected i\/N/],
    ['0/3', /the shard must be from 1 to 3: current value is 0/],
    ['4/3', /the shard must be from 1 to 3: current value is 4/],
    ['1/0', /the number of shards must be >= 1/],
    ['1/13', /the sweep has 12 runs, so at most 12 shards/],
  ])('refuses %s', (text, message) => {
    expect(() => parseShard(text, 12)).toThrow(ShardError);
    expect(() => parseShard(text, 12)).toThrow(message);
  });
});

describe('shardRuns', () => {
  it('deals the runs out in turn, so each shard has a share of every point', () => {
    const runs = sweepRuns(points(2), 3, () => 0);
    expect(shardRuns(runs, { index: 1, count: 2 }).map((r) => r.ordinal)).toEqual([0, 2, 4]);
    expect(shardRuns(runs, { index: 2, count: 2 }).map((r) => r.ordinal)).toEqual([1, 3, 5]);
  });

  it('partitions the runs: every run in exactly one shard, each shard non-empty, sizes within one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 6 }), fc.nat(), (n, reps, k) => {
        const runs = sweepRuns(points(n), reps, () => 1);
        const count = 1 + (k % runs.length);
        const slices = Array.from({ length: count }, (_, i) => shardRuns(runs, { index: i + 1, count }));
        const ordinals = slices.flat().map((r) => r.ordinal);
        expect(ordinals.sort((a, b) => a - b)).toEqual(runs.map((r) => r.ordinal));
        const sizes = slices.map((s) => s.length);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
