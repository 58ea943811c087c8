import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RandomStreams } from '../src/engine/random.js';
import type { Benchmark } from './harness.js';
import { runChild, scalingRows, timeWholeRun } from './whole-run.js';

/**
 * batch-trace: a pod arrival trace (spec.batch.podTrace) of N bare pods on a fixed cluster of 100
 * nodes of 8 cpu. Pods arrive as a Poisson process at 0.9/s, request 250m–2 cpu (mean 1) and run an
 * exponential time of mean 10 min, so the offered load is about 540 of 800 cores: pods mostly fit, and
 * queue during bursts. The run lasts the trace plus 2 h, so every pod finishes. Each size runs in a
 * fresh process; pods per CPU-second is the figure to read, the ratio the growth over the previous size.
 */

const NODES = 100;
const RATE_PER_SECOND = 0.9;
const CPUS = ['250m', '500m', '1', '2'] as const;

/** The trace CSV of `pods` rows, from a fixed seed. */
export function batchTraceCsv(pods: number): { csv: string; spanSeconds: number } {
  const rng = new RandomStreams(1).get('bench/batch-trace');
  const rows: string[] = ['time,cpu,memory,duration'];
  let t = 0;
  for (let i = 0; i < pods; i++) {
    t += -Math.log(1 - rng.next()) / RATE_PER_SECOND;
    // cpu 250m, 500m, 1, 2 with weights 2:2:3:3 → mean ≈ 1.05 cores.
    const u = rng.next();
    const cpu = CPUS[u < 0.2 ? 0 : u < 0.4 ? 1 : u < 0.7 ? 2 : 3];
    const duration = Math.max(1, Math.round(-600 * Math.log(1 - rng.next())));
    rows.push(`${t.toFixed(3)},${cpu},1Gi,${duration}`);
  }
  return { csv: `${rows.join('\n')}\n`, spanSeconds: Math.ceil(t) };
}

/** The Scenario of one size, its trace written to a temporary file. */
export function batchTraceScenario(pods: number): string {
  const { csv, spanSeconds } = batchTraceCsv(pods);
  const file = join(mkdtempSync(join(tmpdir(), 'kubesim-bench-batch-')), 'pods.csv');
  writeFileSync(file, csv);
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: batch-trace-${pods} }
spec:
  seed: 1
  duration: ${spanSeconds + 7200}s
  cluster:
    zones: [zone-a, zone-b]
    nodePools:
      - { name: compute, instanceType: c5.2xlarge, cpu: "8", memory: 32Gi, pricePerHour: 0.34, count: ${NODES}, zones: [zone-a, zone-b] }
  batch:
    podTrace: { file: ${JSON.stringify(file)}, startupTime: { constant: 5s } }
`;
}

const thisFile = fileURLToPath(import.meta.url);

export const batchTrace: Benchmark = {
  name: 'batch-trace',
  description:
    'whole run, a pod arrival trace of N pods on 100 nodes (0.9 pods/s, mean 10 min); each size in its own process',
  run(options) {
    const sizes = options.quick ? [200, 1_000] : [1_000, 10_000];
    return scalingRows('batch-trace', 'pods', sizes, (n) => runChild(thisFile, [String(n)]));
  },
};

if (process.argv[1] === thisFile)
  process.stdout.write(JSON.stringify(timeWholeRun(batchTraceScenario(Number(process.argv[2])))));
