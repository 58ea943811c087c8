import type { GridPoint } from './grid.js';

/** One simulation of a sweep: a grid point on one seed. Runs are numbered point-major, seed-minor. */
export interface SweepRun {
  /** Position in the whole sweep, 0-based: point.index × replications + replication. */
  ordinal: number;
  point: GridPoint;
  seed: number;
}

/** `--shard i/N`: the i-th of N slices, 1-based. */
export interface Shard {
  index: number;
  count: number;
}

/** Why a --shard option could not be read. */
export class ShardError extends Error {}

/** Every run of the sweep in grid order: each point on seeds base … base + replications − 1. */
export function sweepRuns(
  points: readonly GridPoint[],
  replications: number,
  baseSeed: (point: GridPoint) => number,
): SweepRun[] {
  return points.flatMap((point) =>
    Array.from({ length: replications }, (_, r) => ({
      ordinal: point.index * replications + r,
      point,
      seed: baseSeed(point) + r,
    })),
  );
}

/** Reads `i/N` (1 ≤ i ≤ N); `runs` is the sweep's size, for the message when N exceeds it. */
export function parseShard(text: string, runs: number): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m)
    throw new ShardError(`Cannot read --shard "${text}": expected i/N such as 2/4 (the 2nd of 4 slices)`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || !Number.isSafeInteger(count))
    throw new ShardError(
      `Cannot read --shard "${text}": the number of shards must be >= 1: current value is ${m[2]}`,
    );
  if (index < 1 || index > count)
    throw new ShardError(
      `Cannot read --shard "${text}": the shard must be from 1 to ${count}: current value is ${index}`,
    );
  if (count > runs)
    throw new ShardError(
      `Cannot read --shard "${text}": the sweep has ${runs} runs, so at most ${runs} shards (shard ${count} would be empty)`,
    );
  return { index, count };
}

/**
 * The runs of one shard: every N-th run of the grid order, starting at the i-th. Interleaving rather
 * than cutting the list into blocks gives each shard a share of every point, so shards of a grid
 * whose points differ in cost (more nodes, more traffic) take about as long as each other.
 */
export function shardRuns(runs: readonly SweepRun[], shard: Shard): SweepRun[] {
  return runs.filter((r) => r.ordinal % shard.count === shard.index - 1);
}
