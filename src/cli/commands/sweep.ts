import { basename, dirname, extname, join } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { readSmallFile } from '../../manifests/files.js';
import { type Grid, GridError, gridPoints, parseGrid } from '../../planner/sweep/grid.js';
import { emitSweepJob, JobError } from '../../planner/sweep/job.js';
import { checkPoints, PointsError } from '../../planner/sweep/prepare.js';
import { ResultsError } from '../../planner/sweep/results.js';
import { runSweep, SweepError } from '../../planner/sweep/run.js';
import { parseShard, ShardError } from '../../planner/sweep/shard.js';
import { renderSweepCsv, renderSweepTable, summarizeSweep } from '../../planner/sweep/summary.js';
import { secondsText } from '../../report/format.js';
import { prepareOutputDirectory, writeFilesAtomic } from '../../report/write.js';
import { UserError } from '../errors.js';
import { writeUninterrupted } from '../interrupt.js';
import { addLimitOptions, type LimitOptions, parseLimits } from '../options.js';

interface SweepCliOptions extends LimitOptions {
  workers?: string;
  out: string;
  csv?: string;
  resume?: boolean;
  shard?: string;
  full?: boolean;
  quiet?: boolean;
  emitJob?: boolean;
  image: string;
  shards: string;
  parallelism?: string;
  resultsClaim?: string;
}

/** The errors of the sweep library that are the user's input, shown as one paragraph, exit 1. */
const INPUT_ERRORS = [GridError, PointsError, ResultsError, SweepError, ShardError, JobError];

function positiveInteger(text: string, flag: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UserError(`Cannot sweep: ${flag} expected an integer >= 1, got "${text}"`);
  return n;
}

/** Reads the grid file, with the loader's refusals (missing, too large, a directory). */
export function readGrid(path: string): Grid {
  const r = readSmallFile(path);
  if (!('text' in r))
    throw new UserError(
      `Cannot read the sweep grid ${path}: ${r.error === 'refused' ? r.reason : r.error === 'missing' ? 'no such file' : 'it is a directory'}`,
    );
  return parseGrid(r.text, path);
}

/**
 * Progress on a TTY: runs done of the shard's runs and an ETA from this session's rate (runs already
 * in the file at the start count as done but not towards the rate); "…" until a first run is done.
 */
function progressBar(enabled: boolean) {
  if (!enabled) return { start: () => {}, tick: () => {}, stop: () => {} };
  const bar = new SingleBar({
    format: 'sweep [{bar}] {value}/{total} runs | {duration_formatted} | ETA {etaText}',
    stream: process.stderr,
    hideCursor: true,
  });
  let started = 0;
  let total = 0;
  let before = 0;
  let done = 0;
  return {
    start: (runs: number, alreadyDone: number) => {
      started = Date.now();
      total = runs;
      before = alreadyDone;
      done = alreadyDone;
      bar.start(runs, alreadyDone, { etaText: '…' });
    },
    tick: () => {
      done++;
      const perRun = (Date.now() - started) / (done - before);
      bar.update(done, { etaText: secondsText(Math.round(((total - done) * perRun) / 1000)) });
    },
    stop: () => bar.stop(),
  };
}

export function registerSweepCommand(program: Command): void {
  const command = program
    .command('sweep')
    .description(
      'run a grid of scenario variants × seeds on worker threads, appending each result to a JSONL file',
    )
    .argument('<grid>', 'a YAML grid file: scenario, vary (paths → values), replications (docs/sweeps.md)')
    .option('--workers <n>', 'worker threads (default: the CPU cores; with --emit-job, per pod: default 1)')
    .option('--out <file>', 'the results file (JSON Lines, one run per line)', 'results.jsonl')
    .option('--csv <file>', 'the summary CSV (default: beside --out, .csv)')
    .option('--resume', 'keep the results already in --out and run only the missing ones')
    .option('--shard <i/N>', 'run only the i-th of N deterministic slices of the runs (1-based)')
    .option('--full', "keep each run's whole report in its line")
    .option('--quiet', 'print nothing but errors')
    .option('--emit-job', 'print a Kubernetes Indexed Job and its inputs ConfigMap instead of running')
    .option('--image <image>', 'with --emit-job: an image with kubesim on its PATH', 'kubesim:latest')
    .option('--shards <n>', "with --emit-job: the Job's completions, one shard each", '4')
    .option('--parallelism <n>', 'with --emit-job: pods at once (default: --shards)')
    .option('--results-claim <pvc>', 'with --emit-job: a PersistentVolumeClaim for the shard files');
  addLimitOptions(command).action(async (gridPath: string, opts: SweepCliOptions) => {
    try {
      await sweepCommand(gridPath, opts);
    } catch (error) {
      if (INPUT_ERRORS.some((E) => error instanceof E)) throw new UserError((error as Error).message);
      throw error;
    }
  });
}

async function sweepCommand(gridPath: string, opts: SweepCliOptions): Promise<void> {
  const grid = readGrid(gridPath);
  const limits = parseLimits(opts, 'sweep');
  if (opts.emitJob) {
    // The same checks as a run's, so a bad grid fails here rather than in every pod of the Job.
    await checkPoints(grid, gridPoints(grid), limits);
    process.stdout.write(
      emitSweepJob(grid, {
        image: opts.image,
        shards: positiveInteger(opts.shards, '--shards'),
        parallelism:
          opts.parallelism === undefined ? undefined : positiveInteger(opts.parallelism, '--parallelism'),
        workersPerPod: opts.workers === undefined ? 1 : positiveInteger(opts.workers, '--workers'),
        resultsClaim: opts.resultsClaim,
      }),
    );
    return;
  }
  const workers = opts.workers === undefined ? undefined : positiveInteger(opts.workers, '--workers');
  const total = gridPoints(grid).length * grid.replications;
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard, total);
  const csv = opts.csv ?? join(dirname(opts.out), `${basename(opts.out, extname(opts.out))}.csv`);
  for (const file of [opts.out, csv]) {
    const problem = prepareOutputDirectory(dirname(file), [basename(file)]);
    if (problem) throw new UserError(problem);
  }
  const bar = progressBar(!opts.quiet && process.stderr.isTTY === true);
  const outcome = await runSweep({
    grid,
    out: opts.out,
    workers,
    shard,
    resume: opts.resume,
    full: opts.full,
    limits,
    onStart: bar.start,
    onResult: bar.tick,
  }).finally(bar.stop);
  const points = summarizeSweep(outcome.results);
  writeUninterrupted(() => writeFilesAtomic([{ path: csv, content: renderSweepCsv(points) }]));
  if (opts.quiet) return;
  const skipped = outcome.runs.length - outcome.ran;
  process.stdout.write(
    `kubesim sweep: ${grid.file}${shard ? ` (shard ${shard.index}/${shard.count})` : ''}: ${outcome.runs.length} runs` +
      `${skipped > 0 ? ` (${skipped} already in ${opts.out})` : ''}; mean [95 % interval] over each point's seeds\n\n` +
      `${renderSweepTable(points)}\nresults: ${opts.out}\nsummary: ${csv}\n`,
  );
}
