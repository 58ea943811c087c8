import { describe, expect, it } from 'vitest';
import { exponential, lognormal } from '../../../src/engine/distributions.js';
import { RandomStreams } from '../../../src/engine/random.js';
import { Simulation } from '../../../src/engine/simulation.js';
import type { Micros } from '../../../src/engine/time.js';
import { serviceBehaviour, type TrafficConfig } from '../../../src/model/traffic.js';
import type { TrafficEndpoint } from '../../../src/traffic/endpoints.js';
import { FluidTrafficModel } from '../../../src/traffic/fluid/model.js';
import type { ServiceResult } from '../../../src/traffic/result.js';
import type { TrafficSimulator } from '../../../src/traffic/traffic-simulator.js';
import {
  confidence,
  endpoints,
  expServer,
  poisson,
  runTraffic,
  S,
  T_999,
  trafficConfig,
} from '../harness.js';

// Fluid mode against request level on the same configurations. Request level runs SEEDS seeds; a
// measure agrees when the fluid value lies within the 99.9 % Student-t interval of the seeds' values
// widened by the tolerance docs/traffic.md states for it (Fluid mode, Where it is accurate).

const SEEDS = 10;
const FE = 'default/frontend';
const CART = 'default/cart';

function runFluid(
  config: TrafficConfig,
  pods: Record<string, TrafficEndpoint[]>,
  duration: Micros,
  during?: (sim: Simulation, model: TrafficSimulator) => void,
) {
  const sim = new Simulation();
  const model = new FluidTrafficModel({
    sim,
    random: new RandomStreams(1),
    config: { ...config, fidelity: 'fluid' },
  });
  for (const [svc, eps] of Object.entries(pods)) model.setEndpoints(svc, eps);
  during?.(sim, model);
  sim.run(duration);
  return model.finish(duration);
}

type Measure = (s: ServiceResult) => number;
const meanLatency: Measure = (s) => s.latencyMs.mean;
const availability: Measure = (s) => s.availability;
const utilisation: Measure = (s) => s.pods.reduce((a, p) => a + p.busy, 0) / s.pods.length;

/** Asserts the fluid value is within the request-level interval, widened by `tolerance` (relative). */
function expectAgreement(
  config: TrafficConfig,
  pods: Record<string, TrafficEndpoint[]>,
  duration: Micros,
  service: string,
  checks: [Measure, number][],
  during?: (sim: Simulation, model: TrafficSimulator) => void,
): void {
  const fluid = runFluid(config, pods, duration, during).services.find((s) => s.service === service);
  expect(fluid).toBeDefined();
  const runs: ServiceResult[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const { result } = runTraffic(config, pods, duration, seed, during);
    runs.push(result.services.find((s) => s.service === service) as ServiceResult);
  }
  for (const [measure, tolerance] of checks) {
    const ci = confidence(runs.map(measure), T_999[SEEDS - 1] as number);
    const value = measure(fluid as ServiceResult);
    expect(Math.abs(value - ci.mean)).toBeLessThanOrEqual(ci.halfWidth + tolerance * Math.abs(ci.mean));
  }
}

describe('FluidTrafficModel against request level', () => {
  it('4 pods, random balancing, exponential service at ρ 0.8: each pod an M/M/1', () => {
    const config = trafficConfig({ [FE]: expServer(10) }, [poisson(FE, 320)], { warmup: S(10) });
    expectAgreement(config, { [FE]: endpoints('frontend', 4) }, S(200), FE, [
      [meanLatency, 0],
      [utilisation, 0],
      [availability, 0],
    ]);
  });

  it('1 pod, 4 workers, queue limit 2 at ρ 0.95: M/M/4/6 rejections', () => {
    const config = trafficConfig({ [FE]: expServer(10, { concurrency: 4, queueLimit: 2 }) }, [
      poisson(FE, 380),
    ]);
    expectAgreement(config, { [FE]: endpoints('frontend', 1) }, S(200), FE, [
      [availability, 0],
      [utilisation, 0],
      [meanLatency, 0],
    ]);
  });

  it('a frontend calling a cart twice, lognormal service (Allen–Cunneen)', () => {
    const config = trafficConfig(
      {
        [FE]: serviceBehaviour(exponential(2000), {
          concurrency: 8,
          calls: [{ service: CART, count: 2, probability: 1, parallel: false }],
        }),
        [CART]: serviceBehaviour(lognormal(4000, 20_000), { concurrency: 2, loadBalancing: 'random' }),
      },
      [poisson(FE, 200)],
      { warmup: S(10) },
    );
    const pods = { [FE]: endpoints('frontend', 2), [CART]: endpoints('cart', 4) };
    expectAgreement(config, pods, S(200), CART, [
      [meanLatency, 0.03],
      [utilisation, 0.01],
    ]);
    expectAgreement(config, pods, S(200), FE, [
      [meanLatency, 0.03],
      [utilisation, 0.01],
    ]);
  });

  it('a pod crash: lost while still listed, then gone from the endpoints', () => {
    const config = trafficConfig({ [FE]: expServer(10) }, [poisson(FE, 200)]);
    const pods = { [FE]: endpoints('frontend', 4) };
    expectAgreement(config, pods, S(300), FE, [[availability, 0]], (sim, model) => {
      sim.scheduleAt(S(100), () => model.podLost('default/frontend-0'));
      sim.scheduleAt(S(150), () => model.setEndpoints(FE, endpoints('frontend', 4).slice(1)));
    });
  });
});

describe('FluidTrafficModel', () => {
  it('fails everything with noEndpoints when no endpoint is eligible', () => {
    const result = runFluid(trafficConfig({ [FE]: expServer(10) }, [poisson(FE, 50)]), { [FE]: [] }, S(60));
    const s = result.services[0] as ServiceResult;
    expect([s.offered, s.served, s.failedByReason.noEndpoints]).toEqual([3000, 0, 3000]);
  });

  it('over capacity with an unbounded queue serves at capacity and holds the backlog in flight', () => {
    const result = runFluid(
      trafficConfig({ [FE]: expServer(10) }, [poisson(FE, 150)]),
      { [FE]: endpoints('frontend', 1) },
      S(600),
    );
    const s = result.services[0] as ServiceResult;
    expect(s.offered).toBe(90_000);
    expect(s.inFlightAtEnd).toBeCloseTo(30_000, -1); // (150 − 100)/s × 600 s
    expect(s.offered).toBe(s.served + s.failed + s.inFlightAtEnd);
    expect(s.pods[0]?.busy).toBeCloseTo(1, 9);
    // The last minute's requests wait for a backlog of about 30 000 at 100/s: about 5 minutes.
    expect(result.series[FE]?.at(-1)?.p99).toBeGreaterThan(250_000);
  });

  it('fails nothing held by a pod that left the endpoints before it dies', () => {
    const result = runFluid(
      trafficConfig({ [FE]: expServer(10) }, [poisson(FE, 100)]),
      { [FE]: endpoints('frontend', 2) },
      S(120),
      (sim, model) => {
        sim.scheduleAt(S(30), () => model.setEndpoints(FE, endpoints('frontend', 2).slice(1)));
        sim.scheduleAt(S(60), () => model.podLost('default/frontend-0'));
      },
    );
    const s = result.services[0] as ServiceResult;
    expect([s.failed, s.offered]).toEqual([0, 12_000]);
    expect(s.pods.map((p) => p.served)).toEqual([1500, 10_500]);
  });

  it('counts CPU per pod: cpuPerRequest per admitted request, readable at any time', () => {
    const sim = new Simulation();
    const config = trafficConfig({ [FE]: expServer(10, { cpuPerRequest: 2000 }) }, [poisson(FE, 100)], {
      fidelity: 'fluid',
    });
    const model = new FluidTrafficModel({ sim, random: new RandomStreams(1), config });
    model.setEndpoints(FE, endpoints('frontend', 2));
    sim.run(S(90));
    expect(model.cpuSeconds('default/frontend-0')).toBeCloseTo(50 * 90 * 0.002, 9);
    model.setPodSlowdown('default/frontend-0', 2);
    sim.run(S(120));
    const pods = model.finish(S(120)).services[0]?.pods ?? [];
    expect(pods.map((p) => p.cpuSeconds)).toEqual([expect.closeTo(12, 9), expect.closeTo(12, 9)]);
    expect(pods[0]?.busy).toBeCloseTo((0.5 * 90 + 1 * 30) / 120, 9);
  });
});
