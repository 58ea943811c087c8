import { RandomStreams } from '../src/engine/random.js';
import { Simulation } from '../src/engine/simulation.js';
import { seconds } from '../src/engine/time.js';
import { loadText } from '../src/manifests/index.js';
import type { TrafficConfig } from '../src/model/traffic.js';
import type { TrafficEndpoint } from '../src/traffic/endpoints.js';
import { FluidTrafficModel } from '../src/traffic/fluid/model.js';
import { TrafficModel } from '../src/traffic/model.js';
import type { TrafficSimulator } from '../src/traffic/traffic-simulator.js';
import { type Benchmark, compareVariants, median, type SelfTimed } from './harness.js';
import { SHOP_PODS_PER_SERVICE, shopScenario } from './traffic-shop.js';

/**
 * traffic-fluid: fluid mode against request level on the same day. The traffic of traffic-shop's
 * 10-service shop (20 pods each) under a diurnal load (mean 200 requests/s at the frontend, ±50 %, so
 * about 1350 requests/s through the call graph; 20/s for one hour with --quick), with one frontend pod crashing at noon: lost at once,
 * out of the endpoints 50 s later (the node monitor's grace period). Both models are driven through
 * the same seam, without a cluster, so the ratio is the traffic layer's own.
 */

const FRONTEND = 'default/frontend';
/**
 * Fluid days timed per round; the round's time is their median. A fluid day takes tens of ms, and in
 * the first few runs V8 is still re-optimising the model (deoptimisations as field types settle),
 * so one run would time the JIT more than the model; a request-level day takes minutes.
 */
const FLUID_DAYS_PER_ROUND = 5;

/** The shop's TrafficConfig, from the same Scenario text traffic-shop runs. */
function shopTraffic(fidelity: 'request' | 'fluid', mean: number): TrafficConfig {
  const text = shopScenario(
    '24h',
    '12h',
    fidelity,
    `{ diurnal: { mean: ${mean}/s, amplitude: 0.5, peakAt: 14h } }`,
  );
  const loaded = loadText(text, 'shop.yaml', { requireScenario: true });
  const traffic = loaded.ok ? loaded.input.scenario?.traffic : undefined;
  if (traffic === undefined)
    throw new Error(`the shop Scenario does not load: ${JSON.stringify(loaded.diagnostics)}`);
  return traffic;
}

function podsOf(service: string): TrafficEndpoint[] {
  const name = service.split('/')[1] as string;
  return Array.from({ length: SHOP_PODS_PER_SERVICE }, (_, i) => ({
    pod: `default/${name}-${i}`,
    node: `node-${i}`,
    zone: '',
    ready: true,
    serving: true,
    terminating: false,
  }));
}

/** Runs one model over `hours`; returns the frontend's offered count, availability and mean latency. */
export function dayRun(config: TrafficConfig, hours: number): string {
  const sim = new Simulation();
  const options = { sim, random: new RandomStreams(1), config };
  const model: TrafficSimulator =
    config.fidelity === 'fluid' ? new FluidTrafficModel(options) : new TrafficModel(options);
  for (const key of Object.keys(config.services)) model.setEndpoints(key, podsOf(key));
  const crash = seconds((hours * 3600) / 2);
  sim.scheduleAt(crash, () => model.podLost(`${FRONTEND}-0`));
  sim.scheduleAt(crash + seconds(50), () => model.setEndpoints(FRONTEND, podsOf(FRONTEND).slice(1)));
  const end = seconds(hours * 3600);
  sim.run(end);
  const result = model.finish(end);
  const offered = result.services.reduce((a, s) => a + s.offered, 0);
  const fe = result.services.find((s) => s.service === FRONTEND);
  return `${offered} requests, frontend availability ${fe?.availability.toFixed(6)}, mean ${fe?.latencyMs.mean.toFixed(3)} ms, p99 ${fe?.latencyMs.p99.toFixed(1)} ms`;
}

/** FLUID_DAYS_PER_ROUND runs of the fluid day, each timed; their median CPU time. */
function fluidDays(config: TrafficConfig, hours: number): SelfTimed {
  const times: number[] = [];
  let note = '';
  for (let i = 0; i < FLUID_DAYS_PER_ROUND; i++) {
    const start = process.cpuUsage();
    note = dayRun(config, hours);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return { note, cpuMs: median(times) };
}

export const trafficFluid: Benchmark = {
  name: 'traffic-fluid',
  description: 'the shop for a day (diurnal, a pod crash): FluidTrafficModel against TrafficModel',
  run(options) {
    const hours = options.quick ? 1 : 24;
    const mean = options.quick ? 20 : 200;
    const request = shopTraffic('request', mean);
    const fluid = shopTraffic('fluid', mean);
    return compareVariants(
      'traffic-fluid',
      'simulated h',
      hours,
      [
        { name: 'baseline: TrafficModel (request level)', run: () => dayRun(request, hours) },
        {
          name: `FluidTrafficModel (median of ${FLUID_DAYS_PER_ROUND} runs)`,
          run: () => fluidDays(fluid, hours),
        },
      ],
      options.rounds,
    );
  },
};
