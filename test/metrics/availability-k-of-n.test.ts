import { describe, expect, it } from 'vitest';
import { exponential } from '../../src/engine/distributions.js';
import { RandomStreams } from '../../src/engine/random.js';
import type { Deployment } from '../../src/model/workloads.js';
import { deployment, makeCluster, podSpec, S, template } from '../controllers/harness.js';

const HOUR = 3600 * S;
const MTBF = 2 * HOUR;
const MTTR = 20 * 60 * S;
const N = 3;

/** n replicas pinned one per node: required anti-affinity on the hostname. */
function pinned(): Deployment {
  const labels = { app: 'web' };
  const spec = podSpec({
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    },
  });
  return { ...deployment('web', N), template: template('web', spec) };
}

function binomialAtLeast(k: number, n: number, a: number): number {
  let p = 0;
  for (let i = k; i <= n; i++) p += choose(n, i) * a ** i * (1 - a) ** (n - i);
  return p;
}

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** Fractions of [0, horizon) with at least k = 1 … N of `intervals`' machines up (exact). */
function machinesAtLeast(downs: [number, number][][], horizon: number): number[] {
  const changes: [number, number][] = [];
  for (const node of downs)
    for (const [from, to] of node) {
      if (from >= horizon) continue;
      changes.push([from, -1], [Math.min(to, horizon), +1]);
    }
  changes.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const time = new Array<number>(N + 1).fill(0);
  let upCount = N;
  let since = 0;
  for (const [t, delta] of changes) {
    time[upCount] = (time[upCount] as number) + (t - since);
    upCount += delta;
    since = t;
  }
  time[upCount] = (time[upCount] as number) + (horizon - since);
  return [1, 2, 3].map((k) => time.slice(k).reduce((a, b) => a + b, 0) / horizon);
}

/**
 * One run: every node fails and is repaired independently (exponential up and down times). Returns
 * the time fractions with ≥ k available pods, the same for machines up, and the number of failures.
 */
function run(seed: number, horizon: number): { pods: number[]; machines: number[]; failures: number } {
  const c = makeCluster({ workloads: [pinned()], duration: horizon, startupSeconds: 1 });
  const streams = new RandomStreams(seed);
  const up = exponential(MTBF);
  const down = exponential(MTTR);
  const downs: [number, number][][] = [];
  for (let i = 0; i < N; i++) {
    const random = streams.get(`node-${i}`);
    const intervals: [number, number][] = [];
    // Failures start once the pods are up, so the first start-up is not a failure.
    let t = 60 * S;
    while (t < horizon) {
      const from = t + Math.round(up.sample(random));
      t = from + Math.round(down.sample(random));
      c.crash(`p-${i}`, from);
      c.recover(`p-${i}`, t);
      intervals.push([from, t]);
    }
    downs.push(intervals);
  }
  const [web] = c.run.finish().availability.workloads;
  const f = web?.availablePodsTimeFraction ?? [];
  return {
    pods: [1, 2, 3].map((k) => f.slice(k).reduce((a, b) => a + b, 0)),
    machines: machinesAtLeast(downs, horizon),
    failures: downs.reduce((sum, d) => sum + d.filter(([from]) => from < horizon).length, 0),
  };
}

describe('availablePodsTimeFraction answers k-of-n questions', () => {
  const a = MTBF / (MTBF + MTTR);
  const horizon = 100 * HOUR;
  const runs = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => run(seed, horizon));

  // A pod serves only while its node's machine is up, and is back a few seconds after the machine
  // (Lease seen on the next 5 s monitor pass, taint lifted, pod scheduled and started in 1 s).
  it('follows the machines, a few seconds behind each failure', () => {
    for (const r of runs)
      for (const [index] of [1, 2, 3].entries()) {
        const lag = (r.machines[index] as number) - (r.pods[index] as number);
        expect(lag).toBeGreaterThanOrEqual(-1e-9);
        expect(lag * horizon).toBeLessThan((r.failures * 30 + 11) * S); // ≤ 30 s per failure, + start-up
      }
  });

  // n replicas pinned one per node, nodes failing and repairing independently: the time with ≥ k
  // available pods is the binomial Σ_{i≥k} C(n,i) aⁱ(1−a)ⁿ⁻ⁱ with a = MTBF/(MTBF+MTTR). Eight
  // independent runs; their mean must lie within its 99 % confidence interval (Student's t).
  it('matches the binomial for 3 replicas, MTBF 2h, MTTR 20m', () => {
    for (const [index, k] of [1, 2, 3].entries()) {
      const diffs = runs.map((r) => (r.pods[index] as number) - binomialAtLeast(k, N, a));
      const mean = diffs.reduce((x, y) => x + y, 0) / diffs.length;
      const sd = Math.sqrt(diffs.reduce((x, d) => x + (d - mean) ** 2, 0) / (diffs.length - 1));
      const t99 = 3.499; // 7 degrees of freedom, two-sided 99 %
      expect(Math.abs(mean), `k = ${k}`).toBeLessThan(t99 * (sd / Math.sqrt(diffs.length)));
    }
  });
});
