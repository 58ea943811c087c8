import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGrid } from '../src/planner/sweep/grid.js';
import { runSweep } from '../src/planner/sweep/run.js';
import { type Benchmark, compareVariants, type SelfTimed } from './harness.js';

/**
 * sweep: the same sweep of N runs (models/sweep/checkout.yaml, 4 replica counts × N/4 seeds, 2
 * simulated hours each, about 0.5 CPU s a run; --quick: 8 runs of 30 minutes) on 1 worker thread and on 2, each in a fresh process.
 *
 * What is timed is the sweep's critical path in CPU time: the main thread's CPU time (loading the
 * grid, checking every point, writing lines) plus the busiest worker thread's, read per thread from
 * /proc/self/task/<tid>/stat just after the last result, while the pool's threads are still alive.
 * That is the wall time the sweep would take with a free core per thread. The wall time itself is in
 * the note: on this shared machine the kernel's autogroup scheduling (sched_autogroup_enabled=1)
 * gives each session one fair share of the CPUs whatever its thread count, so with other sessions
 * busy a second thread adds no CPU time and the wall ratio stays near 1 (docs/sweeps.md).
 */

const thisFile = fileURLToPath(import.meta.url);
const scenario = fileURLToPath(new URL('../../models/sweep/checkout.yaml', import.meta.url));
/** USER_HZ: /proc reports CPU time in clock ticks, 100 per second on Linux. */
const TICKS_PER_SECOND = 100;

/** CPU ms of each thread of this process, by thread id. */
function threadCpuMs(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid), ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND);
  }
  return out;
}

/** Runs the sweep in this process; prints its critical-path CPU time, wall time and a checksum. */
async function child(workers: number, runs: number, duration: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-bench-sweep-'));
  const gridFile = join(dir, 'grid.yaml');
  const text = `scenario: ${JSON.stringify(scenario)}\nduration: ${duration}\nreplications: ${runs / 4}\nvary:\n  Deployment/checkout:spec.replicas: [2, 3, 4, 5]\n`;
  writeFileSync(gridFile, text);
  const start = process.hrtime.bigint();
  let done = 0;
  let threads = new Map<number, number>();
  const outcome = await runSweep({
    grid: parseGrid(text, gridFile),
    out: join(dir, 'r.jsonl'),
    workers,
    onResult: () => {
      if (++done === runs) threads = threadCpuMs();
    },
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  rmSync(dir, { recursive: true, force: true });
  const main = threads.get(process.pid) ?? 0;
  const others = [...threads.entries()].filter(([tid]) => tid !== process.pid).map(([, ms]) => ms);
  const busiest = Math.max(0, ...others);
  const total = main + others.reduce((s, ms) => s + ms, 0);
  const p99 = outcome.results.reduce(
    (s, r) => s + (r.figures['traffic.services[default/checkout].latencyMs.p99'] ?? 0),
    0,
  );
  const result: SelfTimed = {
    cpuMs: main + busiest,
    note: `critical path: main ${(main / 1000).toFixed(1)} s + busiest worker ${(busiest / 1000).toFixed(1)} s; all threads ${(total / 1000).toFixed(1)} s; wall ${(wallMs / 1000).toFixed(1)} s; Σ p99 ${p99.toFixed(1)} ms`,
  };
  process.stdout.write(JSON.stringify(result));
}

function timeChild(workers: number, runs: number, duration: string): SelfTimed {
  const out = execFileSync(process.execPath, [thisFile, String(workers), String(runs), duration], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as SelfTimed;
}

export const sweep: Benchmark = {
  name: 'sweep',
  description:
    'kubesim sweep of 32 runs on 1 worker thread against 2: critical-path CPU time (main + busiest worker), each in its own process',
  run(options) {
    const runs = options.quick ? 8 : 32;
    const duration = options.quick ? '30m' : '2h';
    return compareVariants(
      'sweep',
      'runs',
      runs,
      [
        { name: '1 worker', run: () => timeChild(1, runs, duration) },
        { name: '2 workers', run: () => timeChild(2, runs, duration) },
      ],
      options.quick ? 1 : options.rounds,
    );
  },
};

if (process.argv[1] === thisFile)
  await child(Number(process.argv[2]), Number(process.argv[3]), process.argv[4] ?? '2h');
