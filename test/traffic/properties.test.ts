import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constant } from '../../src/engine/distributions.js';
import type { CallSpec, LoadBalancing, TrafficConfig, WorkloadConfig } from '../../src/model/traffic.js';
import { LOAD_BALANCING_POLICIES } from '../../src/model/traffic.js';
import type { TrafficEndpoint } from '../../src/traffic/endpoints.js';
import { endpoints, expServer, readyEndpoint, runTraffic, S, trafficConfig } from './harness.js';

// Random scenarios with faults: pods die, endpoints change, pods terminate. Arrivals stop at 20 s and
// every Service has a timeout, so after the drain time every request must have ended, exactly once.

const FRONT = 'default/front';
const BACK = 'default/back';
const STOP = S(20);

interface Scenario {
  frontPods: number;
  backPods: number;
  concurrency: number;
  queueLimit: number;
  timeoutMs: number;
  retries: number;
  call: CallSpec | null;
  loadBalancing: LoadBalancing;
  clients: boolean;
  cacheEntries: number;
  faults: { atMs: number; pod: number; kind: 'lose' | 'remove' | 'terminate' | 'restart' }[];
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  frontPods: fc.integer({ min: 1, max: 4 }),
  backPods: fc.integer({ min: 1, max: 3 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  queueLimit: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(Number.POSITIVE_INFINITY)),
  timeoutMs: fc.integer({ min: 20, max: 400 }),
  retries: fc.integer({ min: 0, max: 2 }),
  call: fc.option(
    fc.record({
      service: fc.constant(BACK),
      count: fc.integer({ min: 1, max: 3 }),
      probability: fc.double({ min: 0.1, max: 1, noNaN: true }),
      parallel: fc.boolean(),
    }),
  ),
  loadBalancing: fc.constantFrom(...LOAD_BALANCING_POLICIES),
  clients: fc.boolean(),
  cacheEntries: fc.integer({ min: 0, max: 5 }),
  faults: fc.array(
    fc.record({
      atMs: fc.integer({ min: 0, max: 25_000 }),
      pod: fc.integer({ min: 0, max: 3 }),
      kind: fc.constantFrom('lose' as const, 'remove' as const, 'terminate' as const, 'restart' as const),
    }),
    { maxLength: 6 },
  ),
});

function configOf(s: Scenario): TrafficConfig {
  const behaviour = {
    concurrency: s.concurrency,
    queueLimit: s.queueLimit,
    timeout: s.timeoutMs * 1000,
    retries: s.retries > 0 ? { attempts: s.retries, backoff: 5000, budget: 0.5 } : null,
    loadBalancing: s.loadBalancing,
    cache: s.cacheEntries > 0 ? { entries: s.cacheEntries, missFactor: 2 } : null,
    sessionAffinityTimeout: s.clients ? S(60) : null,
  };
  const workload: WorkloadConfig = {
    name: 'shoppers',
    target: FRONT,
    arrivals: {
      kind: 'steps',
      steps: [
        { at: 0, rate: 60 },
        { at: STOP, rate: 0 },
      ],
    },
    clients: s.clients
      ? { count: 30, sessionLength: constant(3), thinkTime: constant(50_000), skew: 1, sourceIps: 5 }
      : null,
  };
  return trafficConfig(
    {
      [FRONT]: expServer(8, { ...behaviour, calls: s.call ? [s.call] : [] }),
      [BACK]: expServer(4, behaviour),
    },
    [workload],
    { warmup: 0 },
  );
}

function simulate(s: Scenario, seed: number) {
  const front = endpoints('front', s.frontPods);
  const back = endpoints('back', s.backPods);
  return runTraffic(configOf(s), { [FRONT]: front, [BACK]: back }, S(60), seed, (sim, model) => {
    for (const f of s.faults) {
      const list = f.pod % 2 === 0 ? front : back;
      const key = f.pod % 2 === 0 ? FRONT : BACK;
      const i = f.pod % list.length;
      const ep = list[i] as TrafficEndpoint;
      sim.scheduleAt(f.atMs * 1000, () => {
        if (f.kind === 'lose') model.podLost(ep.pod);
        else if (f.kind === 'remove')
          model.setEndpoints(
            key,
            list.filter((_, j) => j !== i),
          );
        else if (f.kind === 'terminate')
          model.setEndpoints(
            key,
            list.map((e, j) => (j === i ? { ...e, ready: false, terminating: true } : e)),
          );
        else {
          model.setEndpoints(
            key,
            list.map((e, j) => (j === i ? { ...e, ready: false } : e)),
          );
          model.setEndpoints(key, list);
        }
      });
    }
  });
}

describe('traffic properties', () => {
  it('every request ends exactly once: offered = served + failed + in flight, and none is left after the drain', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 1, max: 1000 }), (s, seed) => {
        const { result, model } = simulate(s, seed);
        for (const svc of result.services) {
          const reasons = Object.values(svc.failedByReason).reduce((a, b) => a + b, 0);
          expect(svc.failed).toBe(reasons);
          expect(svc.offered).toBe(svc.served + svc.failed + svc.inFlightAtEnd);
          // Timeouts bound every attempt, arrivals stopped 40 s before the end: nothing may linger.
          expect(model.inFlight(svc.service)).toBe(0);
          expect(svc.inFlightAtEnd).toBe(0);
        }
        const front = result.services.find((x) => x.service === FRONT);
        expect(front?.offered ?? 0).toBeGreaterThan(0);
      }),
      { numRuns: 20 },
    );
  });

  it('no pod ever holds more attempts in service than its concurrency, nor more waiting than its queue limit', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        let checks = 0;
        let violations = 0;
        const front = endpoints('front', s.frontPods);
        const back = endpoints('back', s.backPods);
        runTraffic(configOf(s), { [FRONT]: front, [BACK]: back }, S(30), 7, (sim, model) => {
          sim.every(7_919, () => {
            for (const e of [...front, ...back]) {
              const load = model.podLoad(e.pod);
              if (load === undefined) continue;
              checks++;
              // Plain comparisons: an expect() per probe would dominate the run time.
              if (load.busyWorkers > s.concurrency || load.queued > s.queueLimit) violations++;
              if (!load.alive && load.busyWorkers + load.queued > 0) violations++;
            }
          });
          for (const f of s.faults) {
            const ep = (f.pod % 2 === 0 ? front : back)[0] as TrafficEndpoint;
            if (f.kind === 'lose') sim.scheduleAt(f.atMs * 1000, () => model.podLost(ep.pod));
          }
        });
        expect(checks).toBeGreaterThan(0);
        expect(violations).toBe(0);
      }),
      { numRuns: 20 },
    );
  });

  it('the same seed gives the same bytes; another seed gives other results', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const a = JSON.stringify(simulate(s, 3).result);
        const b = JSON.stringify(simulate(s, 3).result);
        expect(a).toBe(b);
        expect(JSON.stringify(simulate(s, 4).result)).not.toBe(a);
      }),
      { numRuns: 8 },
    );
  });

  it('a pod listed again as ready after it was lost and marked not ready serves again (a restart)', () => {
    const eps = [readyEndpoint('front', 0)];
    const config = configOf({
      frontPods: 1,
      backPods: 1,
      concurrency: 1,
      queueLimit: Number.POSITIVE_INFINITY,
      timeoutMs: 200,
      retries: 0,
      call: null,
      loadBalancing: 'kube-proxy',
      clients: false,
      cacheEntries: 0,
      faults: [],
    });
    const { result } = runTraffic(config, { [FRONT]: eps }, S(15), 1, (sim, model) => {
      sim.scheduleAt(S(5), () => model.podLost(eps[0]?.pod as string));
      sim.scheduleAt(S(8), () =>
        model.setEndpoints(FRONT, [{ ...(eps[0] as TrafficEndpoint), ready: false }]),
      );
      sim.scheduleAt(S(10), () => model.setEndpoints(FRONT, eps));
    });
    const front = result.services[0];
    // Requests between 5 s and 8 s reach the dead pod (the proxies still list it) and fail; from
    // 8 s to 10 s there is no ready endpoint; after 10 s it serves again.
    expect(front?.failedByReason.podLost).toBeGreaterThan(100);
    expect(front?.failedByReason.noEndpoints).toBeGreaterThan(60);
    const series = result.series[FRONT] ?? [];
    expect(series.length).toBe(1);
    expect(front?.served).toBeGreaterThan(60 * 10 * 0.8);
  });
});
