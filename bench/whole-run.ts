import { execFileSync } from 'node:child_process';
import { loadText } from '../src/manifests/index.js';
import { createRun } from '../src/sim/run.js';
import type { BenchRow } from './harness.js';

/**
 * Shared by the whole-run scaling benchmarks (cluster-size, replicas): a Scenario written as a user
 * would (YAML through the loader, then createRun to the horizon), run in a child process so its CPU
 * time and peak RSS are its own, and rows that report each size's growth over the previous one.
 */

/** What the child prints: its CPU time, its peak resident set and a sanity note. */
export interface WholeRunResult {
  cpuMs: number;
  peakRssMb: number;
  note: string;
}

/** Loads `text` and runs it to its end, timing load + run; called in the child process. */
export function timeWholeRun(text: string): WholeRunResult {
  const start = process.cpuUsage();
  const loaded = loadText(text, 'bench.yaml', { requireScenario: true });
  if (!loaded.ok)
    throw new Error(`the benchmark Scenario does not load: ${JSON.stringify(loaded.diagnostics)}`);
  const result = createRun(loaded.input).finish();
  const used = process.cpuUsage(start);
  return {
    cpuMs: (used.user + used.system) / 1000,
    // resourceUsage().maxRSS is in KiB (getrusage ru_maxrss on Linux).
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    note: `${result.eventsFired.toLocaleString('en-US')} events, availability ${result.availability.overall.toFixed(5)}, ${result.faults.length} faults`,
  };
}

/** Runs `script` with `args` in a fresh Node process and parses the WholeRunResult it prints. */
export function runChild(script: string, args: readonly string[]): WholeRunResult {
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', script, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as WholeRunResult;
}

/**
 * One row per size: its CPU time, and as `ratio` the growth of CPU time over the previous size
 * (1.00 for the first). `items` is what the size counts (nodes, replicas).
 */
export function scalingRows(
  benchmark: string,
  unit: string,
  sizes: readonly number[],
  measure: (size: number) => WholeRunResult,
): BenchRow[] {
  const rows: BenchRow[] = [];
  let previous: WholeRunResult | undefined;
  for (const size of sizes) {
    const r = measure(size);
    const growth = previous ? r.cpuMs / previous.cpuMs : 1;
    rows.push({
      benchmark,
      variant: `${size.toLocaleString('en-US')} ${unit}`,
      unit,
      items: size,
      medianMs: r.cpuMs,
      perSecond: size / (r.cpuMs / 1000),
      // Growth, not a speed-up: this row's time over the previous row's (×10 in size each step).
      ratio: growth,
      ratioRange: [growth, growth],
      note: `×${growth.toFixed(1)} CPU, peak RSS ${r.peakRssMb.toFixed(0)} MB; ${r.note}`,
    });
    previous = r;
  }
  return rows;
}
