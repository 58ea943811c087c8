import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseGrid } from '../../../src/planner/sweep/grid.js';
import { mergeResultFiles, renderResults } from '../../../src/planner/sweep/merge.js';
import { ResultsError, readResults } from '../../../src/planner/sweep/results.js';
import { runSweep, SweepError, type SweepOptions } from '../../../src/planner/sweep/run.js';
import { renderSweepCsv, summarizeSweep } from '../../../src/planner/sweep/summary.js';
import { runCli } from '../../cli/run-cli.js';
import { ensureBuilt, writeFixture } from './fixture.js';

// Issue 12's guarantees for sweeps: the same results whatever --workers and however sharded, and a
// sweep killed mid-way then resumed ends with the results of one never interrupted.

const fixture = writeFixture();
const grid = parseGrid(readFileSync(fixture.grid, 'utf8'), fixture.grid);

async function sweep(name: string, options: Partial<SweepOptions> = {}) {
  const out = join(fixture.dir, name);
  const outcome = await runSweep({ grid, out, workers: 2, ...options });
  return { out, outcome, merged: renderResults(outcome.results) };
}

let reference: Awaited<ReturnType<typeof sweep>>;

beforeAll(async () => {
  ensureBuilt();
  reference = await sweep('reference.jsonl');
}, 300_000);

describe('runSweep', () => {
  it('runs every point on every seed, one line each, seeds from the Scenario spec.seed', () => {
    const keys = reference.outcome.results.map((r) => `${r.point}/${r.seed}`);
    expect(keys).toEqual([
      '0/3',
      '0/4',
      '0/5',
      '1/3',
      '1/4',
      '1/5',
      '2/3',
      '2/4',
      '2/5',
      '3/3',
      '3/4',
      '3/5',
    ]);
    expect(Object.keys(reference.outcome.results[0]?.figures ?? {})).toEqual([
      'availability.pods',
      'cost.total',
      'traffic.services[default/web].availability',
      'traffic.services[default/web].latencyMs.p99',
    ]);
    // The seeds differ (the crash hits different pods), so the interval is a real one.
    const p99 = reference.outcome.results
      .slice(0, 3)
      .map((r) => r.figures['traffic.services[default/web].latencyMs.p99']);
    expect(new Set(p99).size).toBeGreaterThan(1);
  });

  it('gives the same bytes with 1 worker as with 2 (merged, and the summary CSV)', async () => {
    const one = await sweep('one-worker.jsonl', { workers: 1 });
    expect(one.merged).toBe(reference.merged);
    expect(renderSweepCsv(summarizeSweep(one.outcome.results))).toBe(
      renderSweepCsv(summarizeSweep(reference.outcome.results)),
    );
    // The file itself lists the same lines, in completion order.
    expect(readFileSync(one.out, 'utf8').split('\n').sort()).toEqual(
      readFileSync(reference.out, 'utf8').split('\n').sort(),
    );
  }, 300_000);

  it('gives the same merged bytes from shards 1/3, 2/3 and 3/3 as unsharded', async () => {
    const files: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const shard = await sweep(`shard-${i}.jsonl`, { shard: { index: i, count: 3 } });
      expect(shard.outcome.runs).toHaveLength(4);
      files.push(shard.out);
    }
    expect(renderResults(mergeResultFiles(files))).toBe(reference.merged);
  }, 300_000);

  it('resumes after a torn last line: cuts it off, runs the rest, ends with the same results', async () => {
    const out = join(fixture.dir, 'torn.jsonl');
    const lines = readFileSync(reference.out, 'utf8').split('\n');
    writeFileSync(out, `${lines.slice(0, 9).join('\n')}\n${(lines[9] as string).slice(0, 40)}`);
    const resumed = await runSweep({ grid, out, workers: 2, resume: true });
    expect(resumed.ran).toBe(3);
    expect(renderResults(resumed.results)).toBe(reference.merged);
    expect(readResults(out).tornBytes).toBe(0);
  }, 300_000);

  it('stops at a run that fails, leaving only whole lines (the Scenario changed under the sweep)', async () => {
    const changing = writeFixture();
    const g = parseGrid(readFileSync(changing.grid, 'utf8'), changing.grid);
    const out = join(changing.dir, 'r.jsonl');
    const sweepRun = runSweep({
      grid: g,
      out,
      workers: 2,
      onStart: () => writeFileSync(changing.scenario, 'kind: Scenario\n'),
    });
    await expect(sweepRun).rejects.toThrow(/scenario\.yaml no longer loads for point \d+/);
    expect(readResults(out).lines).toEqual([]);
  }, 120_000);

  it('refuses a results file that is there without --resume', async () => {
    await expect(runSweep({ grid, out: reference.out })).rejects.toThrow(SweepError);
    await expect(runSweep({ grid, out: reference.out })).rejects.toThrow(
      /already holds 12 results; add --resume/,
    );
  });

  it('refuses to resume a file written by another shard or grid', async () => {
    const out = join(fixture.dir, 'other.jsonl');
    writeFileSync(out, readFileSync(reference.out, 'utf8'));
    await expect(runSweep({ grid, out, resume: true, shard: { index: 1, count: 2 } })).rejects.toThrow(
      ResultsError,
    );
    const line = JSON.parse(readFileSync(reference.out, 'utf8').split('\n')[0] as string);
    writeFileSync(out, `${JSON.stringify({ ...line, values: { other: 1 } })}\n`);
    await expect(runSweep({ grid, out, resume: true })).rejects.toThrow(
      /other\.jsonl:1: point \d+ has values \{"other":1\} here but .* in the grid/,
    );
  });
});

/** Starts the built CLI; resolves with its exit once it ends. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, ['bin/kubesim.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, ended };
}

describe('kubesim sweep, killed and resumed', () => {
  it.each(['SIGKILL', 'SIGTERM'] as const)(
    'ends with the same results as a sweep never interrupted (%s after 4 lines)',
    async (signal) => {
      const out = join(fixture.dir, `killed-${signal}.jsonl`);
      const run = startCli(['sweep', fixture.grid, '--workers', '1', '--out', out, '--quiet']);
      // Kill it once four runs are in the file: mid-way, with the pool busy on the next one.
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          let text = '';
          try {
            text = readFileSync(out, 'utf8');
          } catch {}
          if (text.split('\n').length > 4) {
            clearInterval(timer);
            run.child.kill(signal);
            resolve();
          }
        }, 20);
        run.ended.then((r) => {
          clearInterval(timer);
          reject(new Error(`the sweep ended before it was killed: ${r.code} ${r.stderr}`));
        });
      });
      const killed = await run.ended;
      expect(killed.signal).toBe(signal);
      // Never a corrupt file: every line is whole (readResults would throw otherwise).
      const partial = readResults(out);
      expect(partial.lines.length).toBeGreaterThanOrEqual(4);
      expect(partial.lines.length).toBeLessThan(12);
      const resumed = startCli([
        'sweep',
        fixture.grid,
        '--workers',
        '2',
        '--out',
        out,
        '--resume',
        '--quiet',
      ]);
      expect((await resumed.ended).code).toBe(0);
      expect(renderResults(mergeResultFiles([out]))).toBe(reference.merged);
    },
    300_000,
  );
});

describe('kubesim sweep and merge on the command line', () => {
  it('merges shard files into the same bytes as merging the unsharded file', async () => {
    const merged = join(fixture.dir, 'merged.jsonl');
    const r = await runCli('merge', reference.out, '--out', merged, '--csv', join(fixture.dir, 'merged.csv'));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/12 runs of 4 points from 1 file/);
    expect(readFileSync(merged, 'utf8')).toBe(reference.merged);
    expect(readFileSync(join(fixture.dir, 'merged.csv'), 'utf8')).toBe(
      renderSweepCsv(summarizeSweep(reference.outcome.results)),
    );
  });

  it.each([
    [['--shard', '4/3'], /--shard "4\/3": the shard must be from 1 to 3: current value is 4/],
    [['--shard', '1/13'], /the sweep has 12 runs, so at most 12 shards/],
    [['--workers', '0'], /--workers expected an integer >= 1, got "0"/],
  ])('refuses %j with one paragraph and exit 1', async (args, message) => {
    const r = await runCli('sweep', fixture.grid, '--out', join(fixture.dir, 'never.jsonl'), ...args);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it('refuses a grid with no values, naming file and line', async () => {
    const bad = writeFixture('scenario: scenario.yaml\nvary:\n  spec.services.web.concurrency: []\n');
    const r = await runCli('sweep', bad.grid, '--out', join(bad.dir, 'r.jsonl'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /grid\.yaml:3:34: Sweep: vary\.spec\.services\.web\.concurrency: expected a list/,
    );
  });
});
