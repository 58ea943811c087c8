import { describe, expect, it } from 'vitest';
import { mmcMetrics } from '../../src/metrics/queueing-theory.js';
import type { ServiceBehaviour, TrafficConfig } from '../../src/model/traffic.js';
import { confidence, endpoints, expServer, poisson, runTraffic, S, T_999, trafficConfig } from './harness.js';

// The traffic model driven directly (no cluster) against queueing theory. Service times are
// exponential with mean 10 ms (μ = 100/s per worker), so rounding event times to whole µs is a 10^-4
// relative effect. Each check runs independent seeds and compares the theory with the 99.9 %
// Student-t confidence interval of the per-seed means; the interval's half-width is itself bounded so
// that a noisy run cannot pass vacuously. Measured: each seed's mean has a standard error of about
// 1 % at these run lengths, so with t(0.9995, 9 df) = 4.78 the half-width is about 4.5 %; the bound
// is 6 %.

const SVC = 'default/web';
const SLOW = process.env.KUBESIM_SLOW_TESTS !== undefined && process.env.KUBESIM_SLOW_TESTS !== '';
const MU = 100;

/** Mean latency (ms) of `seeds` runs of `pods` pods behind one Service at total rate `lambda`. */
function meanLatencies(
  behaviour: ServiceBehaviour,
  lambda: number,
  pods: number,
  seeds: number,
  durationS: number,
  fields: Partial<TrafficConfig> = {},
): number[] {
  const out: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const config = trafficConfig({ [SVC]: behaviour }, [poisson(SVC, lambda)], { warmup: S(20), ...fields });
    const { result } = runTraffic(config, { [SVC]: endpoints('web', pods) }, S(durationS), seed);
    out.push((result.services[0]?.latencyMs.mean ?? 0) / 1000);
  }
  return out;
}

/**
 * The widest interval, relative to the theory, a check may have: it bounds the check's power (an error
 * of this size in the model could go unseen). 10 seeds of these lengths give half-widths of 4–9 %.
 */
const PRECISION = 0.1;

/** Asserts theory lies in the 99.9 % interval, and the interval is narrower than `maxRelative` of it. */
function expectWithinInterval(samples: number[], theory: number, maxRelative: number): void {
  const ci = confidence(samples, T_999[samples.length - 1] as number);
  expect(Math.abs(ci.mean - theory)).toBeLessThan(ci.halfWidth);
  expect(ci.halfWidth / theory).toBeLessThan(maxRelative);
}

/**
 * Mean time in system of an E_c/M/1 queue: one of c pods fed round-robin from a Poisson stream of rate
 * Λ sees Erlang-c interarrivals. For GI/M/1, W = 1/(μ(1 − σ)) where σ is the root in (0, 1) of
 * σ = A*(μ(1 − σ)), and A*(s) = (Λ/(Λ + s))^c for Erlang-c (Kleinrock, Queueing Systems I, §6.4).
 */
function erlangCM1MeanTime(totalRate: number, mu: number, c: number): number {
  let sigma = 0.5;
  for (let i = 0; i < 10_000; i++) sigma = (totalRate / (totalRate + mu * (1 - sigma))) ** c;
  return 1 / (mu * (1 - sigma));
}

/** Mitzenmacher's supermarket model (n → ∞, d choices): T = Σ_{i≥1} ρ^((d^i − d)/(d − 1)) / μ. */
function supermarketMeanTime(rho: number, mu: number, d: number): number {
  let t = 0;
  for (let i = 1; i < 30; i++) t += rho ** ((d ** i - d) / (d - 1));
  return t / mu;
}

describe('one pod against M/M/1 and M/M/c', () => {
  it('one pod with one worker has mean time in system 1/(μ − λ) (M/M/1, ρ = 0.8)', () => {
    const theory = 1 / (MU - 80);
    expectWithinInterval(meanLatencies(expServer(10), 80, 1, 10, 400), theory, PRECISION);
  });

  it('one pod with four workers matches Erlang C (M/M/4, ρ = 0.8)', () => {
    const theory = mmcMetrics(320, MU, 4).meanTimeInSystem;
    expectWithinInterval(
      meanLatencies(expServer(10, { concurrency: 4 }), 320, 1, 10, 120),
      theory,
      PRECISION,
    );
  });
});

describe('balancing across pods against queueing models', () => {
  it('iptables random balancing over 4 pods makes each an M/M/1 at λ/4', () => {
    const theory = 1 / (MU - 80);
    expectWithinInterval(meanLatencies(expServer(10), 320, 4, 10, 120), theory, PRECISION);
  });

  it('round-robin per request over 4 pods makes each an E_4/M/1 queue', () => {
    const theory = erlangCM1MeanTime(320, MU, 4);
    expect(theory).toBeLessThan(1 / (MU - 80)); // regular arrivals wait less than Poisson ones
    expectWithinInterval(
      meanLatencies(expServer(10, { loadBalancing: 'round-robin' }), 320, 4, 10, 120),
      theory,
      PRECISION,
    );
  });

  it('IPVS rr per new connection is the same E_4/M/1 when every request opens a connection', () => {
    const theory = erlangCM1MeanTime(320, MU, 4);
    const proxy = { mode: 'ipvs', ipvsScheduler: 'rr' } as const;
    expectWithinInterval(meanLatencies(expServer(10), 320, 4, 10, 120, { proxy }), theory, PRECISION);
  });

  it('IPVS lc with one worker per pod (join the shortest queue) lies between M/M/4 and round-robin', () => {
    const proxy = { mode: 'ipvs', ipvsScheduler: 'lc' } as const;
    const ci = confidence(meanLatencies(expServer(10), 320, 4, 10, 120, { proxy }), T_999[9] as number);
    expect(ci.mean - ci.halfWidth).toBeGreaterThan(mmcMetrics(320, MU, 4).meanTimeInSystem);
    expect(ci.mean + ci.halfWidth).toBeLessThan(erlangCM1MeanTime(320, MU, 4));
  });

  it('the mesh policy least-connection (per request) makes the same choices as IPVS lc with a connection per request', () => {
    const mesh = meanLatencies(expServer(10, { loadBalancing: 'least-connection' }), 320, 4, 2, 60);
    const ipvs = meanLatencies(expServer(10), 320, 4, 2, 60, {
      proxy: { mode: 'ipvs', ipvsScheduler: 'lc' },
    });
    expect(mesh).toEqual(ipvs);
  });

  it('least-request (two choices) approaches the supermarket model as pods grow (gap 4 pods > 16 pods)', () => {
    // Measured gaps over the n → ∞ limit at ρ = 0.8: about 30 % with 4 pods and 8 % with 16
    // (at ρ = 0.9: 53 %, 22 %, 11 %, 5 % for 4, 8, 16, 32 pods); finite n is always slower.
    const theory = supermarketMeanTime(0.8, MU, 2);
    const gap = (pods: number): number => {
      const samples = meanLatencies(
        expServer(10, { loadBalancing: 'least-request' }),
        80 * pods,
        pods,
        4,
        100,
      );
      const ci = confidence(samples, 5.841); // t(0.9995, 3 df)
      expect(ci.mean - ci.halfWidth).toBeGreaterThan(theory);
      return ci.mean / theory - 1;
    };
    const gap4 = gap(4);
    const gap16 = gap(16);
    expect(gap16).toBeLessThan(gap4);
    expect(gap16).toBeLessThan(0.12);
  });

  it.runIf(SLOW)(
    'least-request with 32 pods is within 4 % of the supermarket model at ρ = 0.8 (KUBESIM_SLOW_TESTS)',
    () => {
      const theory = supermarketMeanTime(0.8, MU, 2);
      const samples = meanLatencies(expServer(10, { loadBalancing: 'least-request' }), 80 * 32, 32, 10, 200);
      const ci = confidence(samples, T_999[9] as number);
      expect(ci.mean - ci.halfWidth).toBeGreaterThan(theory);
      expect(ci.mean / theory - 1).toBeLessThan(0.04);
    },
  );
});
