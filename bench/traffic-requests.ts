import { exponential } from '../src/engine/distributions.js';
import { RandomStreams } from '../src/engine/random.js';
import { Simulation } from '../src/engine/simulation.js';
import { seconds } from '../src/engine/time.js';
import { DEFAULT_ENDPOINT_PROPAGATION_DELAY, serviceBehaviour } from '../src/model/traffic.js';
import { TrafficModel } from '../src/traffic/model.js';
import { mm1OnEngine } from './engine-mm1.js';
import { type Benchmark, compareVariants } from './harness.js';

/**
 * traffic-requests: the cost of the request-level traffic stack. One Service of 4 pods (concurrency
 * 1, exponential service of mean 1 s), open-loop Poisson arrivals at 3.6/s balanced at random per
 * connection (kube-proxy's iptables mode): each pod is an M/M/1 at ρ = 0.9, the load of engine-mm1,
 * whose bare-engine model runs as the baseline in the same process on as many customers.
 */

const SERVICE = 'default/web';
const RATE = 3.6;

/** Runs the traffic model until about `requests` have arrived; returns the offered count and mean latency (s). */
export function trafficRun(requests: number): { offered: number; meanSeconds: number } {
  const sim = new Simulation();
  const duration = seconds(requests / RATE);
  const model = new TrafficModel({
    sim,
    random: new RandomStreams(1),
    config: {
      workloads: [
        { name: 'load', target: SERVICE, arrivals: { kind: 'poisson', rate: RATE }, clients: null },
      ],
      services: { [SERVICE]: serviceBehaviour(exponential(1_000_000)) },
      proxy: { mode: 'iptables', ipvsScheduler: 'rr' },
      endpointPropagationDelay: DEFAULT_ENDPOINT_PROPAGATION_DELAY,
      warmup: 0,
      slo: { availability: null, latency: {} },
      fidelity: 'request',
    },
  });
  model.setEndpoints(
    SERVICE,
    Array.from({ length: 4 }, (_, i) => ({
      pod: `default/web-${i}`,
      node: `node-${i}`,
      zone: '',
      ready: true,
      serving: true,
      terminating: false,
    })),
  );
  sim.run(duration);
  const s = model.finish(duration).services[0];
  return { offered: s?.offered ?? 0, meanSeconds: (s?.latencyMs.mean ?? 0) / 1000 };
}

export const trafficRequests: Benchmark = {
  name: 'traffic-requests',
  description: 'one Service, 4 pods, random balancing, exponential service: traffic model vs engine-mm1',
  run(options) {
    const items = options.quick ? 200_000 : 2_000_000;
    return compareVariants(
      'traffic-requests',
      'requests',
      items,
      [
        {
          name: 'baseline: engine-mm1 on Simulation',
          run: () => `mean wait ${mm1OnEngine(items).toFixed(3)} s (theory 9)`,
        },
        {
          name: 'TrafficModel, 4 pods, iptables random',
          run: () => {
            const r = trafficRun(items);
            return `${r.offered} offered, mean latency ${r.meanSeconds.toFixed(3)} s (theory 10)`;
          },
        },
      ],
      options.rounds,
    );
  },
};
