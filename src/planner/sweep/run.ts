import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { SizeLimits } from '../../manifests/limits.js';
import { type Grid, gridPoints } from './grid.js';
import { checkPoints } from './prepare.js';
import {
  compareResults,
  ResultsAppender,
  ResultsError,
  readResults,
  repairTornTail,
  type SweepResultLine,
} from './results.js';
import { type Shard, type SweepRun, shardRuns, sweepRuns } from './shard.js';
import type { SweepTask } from './worker.js';

/** What runSweep needs. */
export interface SweepOptions {
  grid: Grid;
  /** The JSONL results file, appended to as runs complete. */
  out: string;
  /** Worker threads. @default os.availableParallelism() */
  workers?: number;
  /** Run only this slice of the runs. @default the whole sweep */
  shard?: Shard;
  /** Keep the results already in `out` and run only the others. @default false */
  resume?: boolean;
  /** Keep every run's whole report in its line. @default false */
  full?: boolean;
  limits?: Partial<SizeLimits>;
  /** Called once the work is known: the shard's runs, and how many `out` already held. */
  onStart?: (total: number, alreadyDone: number) => void;
  /** Called as each run's line is written. */
  onResult?: (line: SweepResultLine) => void;
}

/** What a sweep (or its shard) produced. */
export interface SweepOutcome {
  /** The shard's runs, in grid order. */
  runs: SweepRun[];
  /** Their results, in grid order (the file itself is in completion order). */
  results: SweepResultLine[];
  /** Runs simulated now (the others were in the file already). */
  ran: number;
}

/** Why a sweep cannot start: a results file from another sweep, or one there without --resume. */
export class SweepError extends Error {}

/**
 * Runs a sweep on worker threads:
 *
 *   grid ──► points (product of the vary lists) ──► each point loaded once here (bad values fail now)
 *        ──► runs (point × seed) ──► shard slice ──► minus those already in the results file (--resume)
 *        ──► piscina pool: load + simulate + headline figures, per run ──► one appended line per result
 *
 * Every run is independent and seeded, so its line is the same bytes whichever thread ran it and
 * whenever; only the order of lines in the file depends on which finished first.
 */
export async function runSweep(options: SweepOptions): Promise<SweepOutcome> {
  const { grid, out } = options;
  const limits = options.limits ?? {};
  const points = gridPoints(grid);
  const seeds = await checkPoints(grid, points, limits);
  const all = sweepRuns(points, grid.replications, (p) => seeds[p.index] as number);
  const runs = options.shard ? shardRuns(all, options.shard) : all;

  const existing = readResults(out);
  if (existing.lines.length > 0 || existing.tornBytes > 0) {
    if (!options.resume)
      throw new SweepError(
        `Cannot start the sweep: ${out} already holds ${existing.lines.length} results; add --resume to continue it, or remove the file`,
      );
    checkBelongs(existing.lines, runs, out);
    repairTornTail(out, existing);
  }
  const done = new Set(existing.lines.map(runKey));
  const todo = runs.filter((r) => !done.has(runKey({ point: r.point.index, seed: r.seed })));
  options.onStart?.(runs.length, runs.length - todo.length);

  if (todo.length > 0) {
    const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), todo.length));
    const pool = new Piscina<SweepTask, SweepResultLine>({
      filename: workerFile(),
      minThreads: workers,
      maxThreads: workers,
    });
    const appender = new ResultsAppender(out);
    // The first failure (a bug: the inputs were checked) stops the sweep: the pool is destroyed, which
    // rejects the queued runs, and no line is appended after it; the lines before it stay valid.
    let failure: { error: unknown } | undefined;
    await Promise.allSettled(
      todo.map(async (r) => {
        try {
          const line = await pool.run({
            scenario: grid.scenario,
            overrides: r.point.overrides,
            point: r.point.index,
            values: r.point.values,
            seed: r.seed,
            duration: grid.duration,
            full: options.full ?? false,
            limits,
          });
          if (failure) return;
          appender.append(line);
          options.onResult?.(line);
        } catch (error) {
          if (failure) return;
          failure = { error };
          await pool.destroy();
        }
      }),
    );
    appender.close();
    if (failure) throw failure.error;
    await pool.destroy();
  }
  const results = readResults(out).lines.sort(compareResults);
  return { runs, results, ran: todo.length };
}

function runKey(r: { point: number; seed: number }): string {
  return `${r.point}/${r.seed}`;
}

/** Every line of a file being resumed must be a run of this sweep (shard) with this point's values. */
function checkBelongs(lines: readonly SweepResultLine[], runs: readonly SweepRun[], out: string): void {
  const byKey = new Map(runs.map((r) => [runKey({ point: r.point.index, seed: r.seed }), r]));
  lines.forEach((line, i) => {
    const run = byKey.get(runKey(line));
    const why =
      run === undefined
        ? `point ${line.point} on seed ${line.seed} is not a run of this sweep or shard`
        : JSON.stringify(line.values) !== JSON.stringify(run.point.values)
          ? `point ${line.point} has values ${JSON.stringify(line.values)} here but ${JSON.stringify(run.point.values)} in the grid`
          : undefined;
    if (why)
      throw new ResultsError(
        `Cannot resume: ${out}:${i + 1}: ${why}; the file was written by another grid or shard`,
      );
  });
}

/**
 * The compiled worker file. Worker threads load plain JavaScript, so it is always the build's
 * `worker.js`: beside this module when it runs from dist/, or at the same place under dist/ when
 * this module runs from its TypeScript source (vitest), which then needs a current `npm run build`.
 */
export function workerFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  if (!import.meta.url.endsWith('.ts')) return join(here, 'worker.js');
  const root = join(here, '..', '..', '..');
  const file = join(root, 'dist', relative(root, here), 'worker.js');
  if (!existsSync(file))
    throw new SweepError(`Cannot start sweep workers: ${file} is missing; run npm run build first`);
  return file;
}
