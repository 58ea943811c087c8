import { describe, expect, it } from 'vitest';
import { constant } from '../../src/engine/distributions.js';
import { serviceBehaviour, type WorkloadConfig } from '../../src/model/traffic.js';
import { endpoints, expServer, poisson, readyEndpoint, runTraffic, S, trafficConfig } from './harness.js';

const FRONT = 'default/front';
const BACK = 'default/back';

/** A constant-time server (ms). */
function fixed(ms: number, fields: Parameters<typeof serviceBehaviour>[1] = {}) {
  return serviceBehaviour(constant(ms * 1000), fields);
}

function sessions(
  target: string,
  rate: number,
  fields: Partial<NonNullable<WorkloadConfig['clients']>> = {},
) {
  return {
    name: 'shoppers',
    target,
    arrivals: { kind: 'poisson', rate },
    clients: {
      count: 200,
      sessionLength: constant(10),
      thinkTime: constant(100_000),
      skew: 0,
      sourceIps: 200,
      ...fields,
    },
  } satisfies WorkloadConfig;
}

describe('failure semantics', () => {
  it('a full queue rejects: one worker and no queue loses ρ/(1 + ρ) of requests (Erlang B, M/M/1/1)', () => {
    const { result } = runTraffic(
      trafficConfig({ [FRONT]: expServer(10, { queueLimit: 0 }) }, [poisson(FRONT, 100)]),
      { [FRONT]: endpoints('front', 1) },
      S(200),
      1,
    );
    const s = result.services[0];
    const loss = (s?.failedByReason.rejected ?? 0) / (s?.offered ?? 1);
    // 20 000 requests: the loss fraction's standard error is about 0.4 %.
    expect(loss).toBeGreaterThan(0.5 - 0.02);
    expect(loss).toBeLessThan(0.5 + 0.02);
    expect(s?.failed).toBe(s?.failedByReason.rejected);
  });

  it('a timeout shorter than the service time fails every request with timeout', () => {
    const { result } = runTraffic(
      trafficConfig({ [FRONT]: fixed(100, { timeout: 50_000, concurrency: 100 }) }, [poisson(FRONT, 50)]),
      { [FRONT]: endpoints('front', 1) },
      S(10),
      1,
    );
    const s = result.services[0];
    expect(s?.served).toBe(0);
    expect(s?.failedByReason.timeout).toBe((s?.offered ?? 0) - (s?.inFlightAtEnd ?? 0));
  });

  it('a Service with no endpoints fails every request at once with noEndpoints', () => {
    const { result } = runTraffic(trafficConfig({ [FRONT]: fixed(5) }, [poisson(FRONT, 50)]), {}, S(10), 1);
    const s = result.services[0];
    expect(s?.offered).toBeGreaterThan(400);
    expect(s?.failedByReason.noEndpoints).toBe(s?.offered);
    expect(s?.availability).toBe(0);
  });

  it('a lost pod fails what it holds with podLost; the other pod keeps serving', () => {
    const { result } = runTraffic(
      trafficConfig({ [FRONT]: fixed(200, { concurrency: 4 }) }, [poisson(FRONT, 20)]),
      { [FRONT]: endpoints('front', 2) },
      S(20),
      1,
      (sim, model) => sim.scheduleAt(S(10), () => model.podLost('default/front-0')),
    );
    const s = result.services[0];
    expect(s?.failedByReason.podLost).toBeGreaterThan(0);
    expect(s?.pods.find((p) => p.pod === 'default/front-1')?.served).toBeGreaterThan(150);
  });

  it('retries turn rejections into successes, within the retry budget', () => {
    const run = (attempts: number) =>
      runTraffic(
        trafficConfig(
          {
            [FRONT]: expServer(10, {
              queueLimit: 0,
              retries: attempts > 0 ? { attempts, backoff: 25_000, budget: 1 } : null,
            }),
          },
          [poisson(FRONT, 50)],
        ),
        { [FRONT]: endpoints('front', 2) },
        S(100),
        1,
      ).result.services[0];
    const without = run(0);
    const withRetries = run(3);
    expect(withRetries?.failed).toBeLessThan((without?.failed ?? 0) / 5);
    expect(withRetries?.offered).toBe(without?.offered);
  });

  it('the retry budget caps retries in flight: a tight budget leaves more failures than a loose one', () => {
    const failures = (budget: number) =>
      runTraffic(
        trafficConfig(
          { [FRONT]: expServer(10, { queueLimit: 0, retries: { attempts: 5, backoff: 100_000, budget } }) },
          [poisson(FRONT, 100)],
        ),
        { [FRONT]: endpoints('front', 1) },
        S(20),
        1,
      ).result.services[0]?.failed ?? 0;
    // Half the first tries are rejected and each retry waits tens of ms, so more than 3 retries are
    // usually in flight: budget 0 allows only Envoy's min_retry_concurrency of 3, budget 100 % all.
    expect(failures(0)).toBeGreaterThan(1.5 * failures(1));
  });

  it('a terminating pod gets no new requests but finishes the ones it holds', () => {
    const eps = endpoints('front', 2);
    const { result } = runTraffic(
      trafficConfig({ [FRONT]: fixed(1000, { concurrency: 1 }) }, [poisson(FRONT, 1.5)]),
      { [FRONT]: eps },
      S(40),
      1,
      (sim, model) =>
        sim.scheduleAt(S(10), () =>
          model.setEndpoints(FRONT, [
            { ...(eps[0] as (typeof eps)[number]), ready: false, terminating: true },
            eps[1] as (typeof eps)[number],
          ]),
        ),
    );
    const s = result.services[0];
    expect(s?.failed).toBe(0);
    const terminating = s?.pods.find((p) => p.pod === 'default/front-0');
    // About 7 requests before 10 s, plus its queue then, and nothing after.
    expect(terminating?.served).toBeLessThan(20);
    expect(s?.pods.find((p) => p.pod === 'default/front-1')?.served).toBeGreaterThan(25);
  });
});

describe('calls', () => {
  it('latency adds up along the call tree: sequential calls add, parallel ones overlap', () => {
    const latency = (parallel: boolean) =>
      runTraffic(
        trafficConfig(
          {
            [FRONT]: fixed(10, {
              concurrency: 100,
              calls: [{ service: BACK, count: 2, probability: 1, parallel }],
            }),
            [BACK]: fixed(5, { concurrency: 100 }),
          },
          [poisson(FRONT, 10)],
        ),
        { [FRONT]: endpoints('front', 1), [BACK]: endpoints('back', 1) },
        S(10),
        1,
      ).result;
    const sequential = latency(false);
    expect(sequential.services.find((s) => s.service === FRONT)?.latencyMs.max).toBeCloseTo(20, 1);
    expect(sequential.services.find((s) => s.service === BACK)?.offered).toBeGreaterThan(150);
    expect(latency(true).services.find((s) => s.service === FRONT)?.latencyMs.max).toBeCloseTo(15, 1);
  });

  it('a failed call fails its caller with dependency', () => {
    const { result } = runTraffic(
      trafficConfig(
        {
          [FRONT]: fixed(1, { calls: [{ service: BACK, count: 1, probability: 1, parallel: false }] }),
          [BACK]: fixed(1),
        },
        [poisson(FRONT, 10)],
      ),
      { [FRONT]: endpoints('front', 1) },
      S(10),
      1,
    );
    const front = result.services.find((s) => s.service === FRONT);
    expect(front?.failedByReason.dependency).toBe(front?.offered);
    expect(result.services.find((s) => s.service === BACK)?.failedByReason.noEndpoints).toBe(front?.offered);
  });
});

describe('sessions, affinity and caches', () => {
  it('IPVS sh and the mesh source-hash spread open-loop requests, each from its own source', () => {
    for (const fields of [{ proxy: { mode: 'ipvs', ipvsScheduler: 'sh' } as const }, {}]) {
      const loadBalancing = 'proxy' in fields ? 'kube-proxy' : 'source-hash';
      const s = runTraffic(
        trafficConfig(
          { [FRONT]: expServer(5, { concurrency: 10, loadBalancing }) },
          [poisson(FRONT, 100)],
          fields,
        ),
        { [FRONT]: endpoints('front', 4) },
        S(20),
        1,
      ).result.services[0];
      expect(s?.imbalance.maxOverMean).toBeLessThan(1.15);
    }
  });

  it('IPVS sh keeps each client address on one endpoint', () => {
    const s = runTraffic(
      trafficConfig(
        {
          [FRONT]: expServer(5, {
            concurrency: 10,
            keepAlive: { connectionsPerClient: 1, maxRequestsPerConnection: 1, idleTimeout: S(90) },
          }),
        },
        [sessions(FRONT, 5)],
        { proxy: { mode: 'ipvs', ipvsScheduler: 'sh' } },
      ),
      { [FRONT]: endpoints('front', 4) },
      S(60),
      1,
    ).result.services[0];
    expect(s?.sessionsRemapped).toBe(0);
    expect(s?.served).toBeGreaterThan(1000);
  });

  it('ClientIP affinity keeps every session on one pod while the pods do not change', () => {
    const run = (affinity: boolean) =>
      runTraffic(
        trafficConfig(
          {
            [FRONT]: expServer(5, {
              concurrency: 10,
              sessionAffinityTimeout: affinity ? S(10_800) : null,
              keepAlive: { connectionsPerClient: 1, maxRequestsPerConnection: 1, idleTimeout: S(90) },
            }),
          },
          [sessions(FRONT, 5)],
        ),
        { [FRONT]: endpoints('front', 4) },
        S(60),
        1,
      ).result.services[0];
    expect(run(true)?.sessionsRemapped).toBe(0);
    // Without affinity each new connection picks again: about 3/4 of requests move.
    expect(run(false)?.sessionsRemapped).toBeGreaterThan(100);
  });

  it('clients behind one NAT address all land on one pod under ClientIP affinity', () => {
    const s = runTraffic(
      trafficConfig({ [FRONT]: expServer(2, { concurrency: 50, sessionAffinityTimeout: S(10_800) }) }, [
        sessions(FRONT, 20, { sourceIps: 1 }),
      ]),
      { [FRONT]: endpoints('front', 4) },
      S(30),
      1,
    ).result.services[0];
    const served = (s?.pods ?? []).map((p) => p.served).sort((a, b) => b - a);
    expect(served[0]).toBe(s?.served);
    expect(s?.imbalance.maxOverMean).toBeCloseTo(4, 5);
  });

  it('two source addresses over two pods share a pod half the time (balls into bins), over 200 seeds', () => {
    let same = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const s = runTraffic(
        trafficConfig({ [FRONT]: fixed(1, { concurrency: 50, sessionAffinityTimeout: S(10_800) }) }, [
          sessions(FRONT, 5, { sourceIps: 2, count: 20 }),
        ]),
        { [FRONT]: endpoints('front', 2) },
        S(4),
        seed,
      ).result.services[0];
      if ((s?.pods ?? []).some((p) => p.served === 0)) same++;
    }
    // Binomial(200, 1/2): mean 100, standard deviation 7.1; 3.3 σ either side is a 99.9 % interval.
    expect(same).toBeGreaterThan(100 - 24);
    expect(same).toBeLessThan(100 + 24);
  });

  it('a warm cache serves repeat sessions fast; a cold one costs missFactor', () => {
    const run = (entries: number) =>
      runTraffic(
        trafficConfig(
          {
            [FRONT]: fixed(10, {
              concurrency: 50,
              cache: { entries, missFactor: 5 },
              sessionAffinityTimeout: S(10_800),
            }),
          },
          [sessions(FRONT, 5)],
        ),
        { [FRONT]: endpoints('front', 2) },
        S(60),
        1,
      ).result.services[0];
    const warm = run(1000);
    // 10 requests per session, all on one pod: the first misses, the other nine hit.
    expect(warm?.cache?.hitRate).toBeGreaterThan(0.85);
    expect(warm?.latencyMs.p50).toBeCloseTo(10, 0);
    const cold = run(1);
    expect(cold?.cache?.hitRate).toBeLessThan(warm?.cache?.hitRate ?? 0);
    expect(cold?.latencyMs.mean).toBeGreaterThan(warm?.latencyMs.mean ?? 0);
  });

  it('keep-alive connections leave new pods idle after a scale-up; per-request round-robin does not', () => {
    const run = (loadBalancing: 'kube-proxy' | 'round-robin') =>
      runTraffic(
        trafficConfig({ [FRONT]: expServer(5, { concurrency: 20, loadBalancing }) }, [
          {
            // 50 sessions start in the first 10 s and run on for 50 s.
            ...sessions(FRONT, 0, { sessionLength: constant(500), thinkTime: constant(100_000), count: 50 }),
            arrivals: {
              kind: 'steps',
              steps: [
                { at: 0, rate: 5 },
                { at: S(10), rate: 0 },
              ],
            },
          },
        ]),
        { [FRONT]: endpoints('front', 2) },
        S(60),
        1,
        (sim, model) => sim.scheduleAt(S(10), () => model.setEndpoints(FRONT, endpoints('front', 4))),
      ).result.services[0];
    // Connections opened before the scale-up stay on the two old pods: max/mean ≈ 2. Per request,
    // the old pods' extra share is only their first 10 s alone: max/mean ≈ 17.5/15 ≈ 1.17.
    expect(run('kube-proxy')?.imbalance.maxOverMean).toBeGreaterThan(1.8);
    expect(run('round-robin')?.imbalance.maxOverMean).toBeLessThan(1.3);
  });
});

describe('zones, CPU, slowdown, warm-up and SLOs', () => {
  it('setPodSlowdown multiplies the service times of requests the pod starts afterwards', () => {
    const { result } = runTraffic(
      trafficConfig({ [FRONT]: fixed(10, { concurrency: 100, loadBalancing: 'round-robin' }) }, [
        poisson(FRONT, 20),
      ]),
      { [FRONT]: endpoints('front', 2) },
      S(20),
      1,
      (sim, model) => sim.scheduleAt(S(10), () => model.setPodSlowdown('default/front-1', 3)),
    );
    const latency = result.services[0]?.latencyMs;
    expect(latency?.p50).toBeCloseTo(10, 1);
    expect(latency?.max).toBeCloseTo(30, 1);
    // A quarter of the requests (pod 1, second half) take 30 ms.
    expect(latency?.mean).toBeGreaterThan(14);
    expect(latency?.mean).toBeLessThan(16);
  });

  it('PreferClose sends a caller in zone a only to zone-a endpoints while one is ready', () => {
    const { result } = runTraffic(
      trafficConfig(
        {
          [FRONT]: fixed(1, {
            concurrency: 10,
            calls: [{ service: BACK, count: 1, probability: 1, parallel: false }],
          }),
          [BACK]: fixed(1, { concurrency: 10, preferClose: true }),
        },
        [poisson(FRONT, 50)],
      ),
      {
        [FRONT]: [readyEndpoint('front', 0, 'a')],
        [BACK]: [readyEndpoint('back', 0, 'a'), readyEndpoint('back', 1, 'b')],
      },
      S(10),
      1,
    );
    const back = result.services.find((s) => s.service === BACK);
    expect(back?.pods.find((p) => p.zone === 'b')?.served).toBe(0);
    expect(back?.pods.find((p) => p.zone === 'a')?.served).toBe(back?.served);
  });

  it('CPU used per pod is cpuPerRequest per request, and counts a request in service pro rata', () => {
    const { result, model } = runTraffic(
      trafficConfig({ [FRONT]: fixed(100, { cpuPerRequest: 30_000 }) }, [poisson(FRONT, 5)]),
      { [FRONT]: endpoints('front', 1) },
      S(20),
      1,
    );
    const pod = result.services[0]?.pods[0];
    const served = pod?.served ?? 0;
    expect(served).toBeGreaterThan(50);
    const cpu = model.cpuSeconds('default/front-0');
    expect(pod?.cpuSeconds).toBeCloseTo(cpu, 9);
    // Finished requests, plus at most the one in service (concurrency 1) in part.
    expect(cpu).toBeGreaterThanOrEqual(0.03 * served - 1e-9);
    expect(cpu).toBeLessThanOrEqual(0.03 * (served + 1) + 1e-9);
    expect(pod?.busy).toBeGreaterThan(0.3);
  });

  it('statistics ignore the warm-up; the per-minute series covers the whole run', () => {
    const { result } = runTraffic(
      trafficConfig({ [FRONT]: fixed(1, { concurrency: 10 }) }, [poisson(FRONT, 10)], { warmup: S(60) }),
      { [FRONT]: endpoints('front', 1) },
      S(180),
      1,
    );
    const s = result.services[0];
    const series = result.series[FRONT] ?? [];
    expect(series.map((p) => p.t)).toEqual([0, 60, 120]);
    const afterWarmup = (series[1]?.offered ?? 0) + (series[2]?.offered ?? 0);
    expect(s?.offered).toBe(afterWarmup);
    expect(series[0]?.readyPods).toBe(1);
  });

  it('SLOs compare the workload requests with their targets', () => {
    const { result } = runTraffic(
      trafficConfig({ [FRONT]: fixed(10, { concurrency: 10 }) }, [poisson(FRONT, 10)], {
        slo: { availability: 0.999, latency: { p99: 20_000, p50: 5_000 } },
      }),
      { [FRONT]: endpoints('front', 1) },
      S(30),
      1,
    );
    expect(result.slo.map((o) => [o.objective, o.met])).toEqual([
      ['availability', true],
      ['latency.p50', false],
      ['latency.p99', true],
    ]);
    expect(result.slo[2]?.value).toBeCloseTo(10, 1);
  });
});
