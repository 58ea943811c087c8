import { describe, expect, it } from 'vitest';
import { exponential } from '../../src/engine/distributions.js';
import { deployment, makeCluster, podSpec, pool, S, template } from '../controllers/harness.js';

const HOUR = 3600 * S;
const SAMPLE_EVERY = 30 * S;

/** C(n, i). */
function choose(n: number, i: number): number {
  let c = 1;
  for (let j = 1; j <= i; j++) c = (c * (n - i + j)) / j;
  return c;
}

/** P(at least k of n independent units are up), each up with probability a: Σ_{i≥k} C(n,i) aⁱ(1−a)ⁿ⁻ⁱ. */
function atLeastKOfN(k: number, n: number, a: number): number {
  let p = 0;
  for (let i = k; i <= n; i++) p += choose(n, i) * a ** i * (1 - a) ** (n - i);
  return p;
}

/** Student's t quantile for a two-sided 99 % interval, by degrees of freedom (the ones used here). */
const T_99: Record<number, number> = { 19: 2.861, 29: 2.756 };

interface Estimate {
  mean: number;
  halfWidth: number;
}

/** Batch means: the mean of the batches' values and the half-width of its 99 % confidence interval. */
function batchMeans(values: readonly number[]): Estimate {
  const b = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / b;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (b - 1);
  const t = T_99[b - 1];
  if (t === undefined) throw new Error(`no t quantile for ${b - 1} degrees of freedom`);
  return { mean, halfWidth: t * Math.sqrt(variance / b) };
}

/**
 * n replicas of a Deployment pinned one per node by required pod anti-affinity on the hostname, on n
 * nodes failing and repairing independently (nodeFailures, exponential MTBF and MTTR). After a warm-up,
 * the available pods (running, Ready, not terminating) and the machines up are sampled every 30 s;
 * for each k, the fraction of samples with at least k is estimated by batch means.
 */
function simulateKOfN(o: {
  n: number;
  mtbfHours: number;
  mttrHours: number;
  warmupHours: number;
  batches: number;
  batchHours: number;
}) {
  const duration = (o.warmupHours + o.batches * o.batchHours) * HOUR;
  const spec = podSpec({
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    },
  });
  const c = makeCluster({
    pools: [pool({ count: o.n })],
    workloads: [{ ...deployment('web', o.n), template: template('web', spec) }],
    duration,
    faults: [
      {
        kind: 'nodeFailures',
        at: 0,
        target: {},
        mtbf: exponential(o.mtbfHours * HOUR),
        mttr: exponential(o.mttrHours * HOUR),
      },
    ],
  });
  // atLeast[kind][k][batch]: samples with at least k available pods (or machines up).
  const zeros = () => Array.from({ length: o.n + 1 }, () => new Array<number>(o.batches).fill(0));
  const pods = zeros();
  const machines = zeros();
  const perBatch = new Array<number>(o.batches).fill(0);
  c.sim.every(SAMPLE_EVERY, () => {
    const t = c.sim.now - o.warmupHours * HOUR;
    if (t < 0) return;
    const batch = Math.floor(t / (o.batchHours * HOUR));
    if (batch >= o.batches) return;
    perBatch[batch] = (perBatch[batch] ?? 0) + 1;
    const available = [...c.cluster.pods].filter(
      (p) => p.ready && p.deletionTimestamp === undefined && c.truth.isRunning(p),
    ).length;
    const up = [...c.cluster.nodes].filter((n) => c.truth.isUp(n.name)).length;
    const bump = (counts: number[][], k: number) => {
      const row = counts[k] as number[];
      row[batch] = (row[batch] ?? 0) + 1;
    };
    for (let k = 0; k <= o.n; k++) {
      if (available >= k) bump(pods, k);
      if (up >= k) bump(machines, k);
    }
  });
  c.sim.run(duration);
  const estimate = (counts: number[][], k: number) =>
    batchMeans((counts[k] as number[]).map((v, b) => v / (perBatch[b] as number)));
  return {
    pods: (k: number) => estimate(pods, k),
    machines: (k: number) => estimate(machines, k),
  };
}

describe('k-of-n availability under random node failures', () => {
  // a = MTBF / (MTBF + MTTR) = 2/3. MTTR (1 h) is long against what a pod's recovery adds to its
  // node's (the old pod's deletion when the node boots, the scheduler's retry, 10 s start-up: about
  // half a minute), which shifts P(≥2) by about 0.002, far inside the interval.
  it('3 pods on 3 nodes, MTBF 2h, MTTR 1h: time with ≥ k available pods matches the binomial', () => {
    const r = simulateKOfN({ n: 3, mtbfHours: 2, mttrHours: 1, warmupHours: 5, batches: 20, batchHours: 60 });
    const a = 2 / 3;
    for (const k of [1, 2, 3]) {
      const expected = atLeastKOfN(k, 3, a);
      for (const est of [r.machines(k), r.pods(k)]) {
        expect(est.halfWidth).toBeLessThan(0.05);
        expect(Math.abs(est.mean - expected)).toBeLessThanOrEqual(est.halfWidth);
      }
    }
    // The same intervals reject a wrong availability (a = 1/2, as if MTTR were 2 h).
    const wrong = atLeastKOfN(2, 3, 1 / 2);
    expect(Math.abs(r.pods(2).mean - wrong)).toBeGreaterThan(r.pods(2).halfWidth);
  }, 180_000);

  // The figures: 5 replicas, MTBF 100 h, MTTR 10 h (a = 10/11), 30 batches of 600 h.
  it.runIf(process.env.KUBESIM_SLOW_TESTS === '1')(
    '5 pods on 5 nodes, MTBF 100h, MTTR 10h: time with ≥ k available pods matches the binomial (slow)',
    () => {
      const r = simulateKOfN({
        n: 5,
        mtbfHours: 100,
        mttrHours: 10,
        warmupHours: 50,
        batches: 30,
        batchHours: 600,
      });
      for (const k of [3, 4, 5]) {
        const expected = atLeastKOfN(k, 5, 10 / 11);
        for (const est of [r.machines(k), r.pods(k)]) {
          console.log(
            `k-of-n (slow): k=${k} binomial ${expected.toFixed(4)}: ${est.mean.toFixed(4)} ± ${est.halfWidth.toFixed(4)}`,
          );
          expect(est.halfWidth).toBeLessThan(0.04);
          expect(Math.abs(est.mean - expected)).toBeLessThanOrEqual(est.halfWidth);
        }
      }
    },
    3_600_000,
  );
});
