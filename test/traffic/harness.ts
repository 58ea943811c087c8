import { exponential } from '../../src/engine/distributions.js';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { type Micros, seconds } from '../../src/engine/time.js';
import {
  DEFAULT_ENDPOINT_PROPAGATION_DELAY,
  type ServiceBehaviour,
  serviceBehaviour,
  type TrafficConfig,
  type WorkloadConfig,
} from '../../src/model/traffic.js';
import type { TrafficEndpoint } from '../../src/traffic/endpoints.js';
import { TrafficModel } from '../../src/traffic/model.js';

/** A ready endpoint for pod `default/<service>-<i>` on node `node-<i>`. */
export function readyEndpoint(service: string, i: number, zone = ''): TrafficEndpoint {
  return {
    pod: `default/${service}-${i}`,
    node: `node-${i}`,
    zone,
    ready: true,
    serving: true,
    terminating: false,
  };
}

export function endpoints(service: string, count: number): TrafficEndpoint[] {
  return Array.from({ length: count }, (_, i) => readyEndpoint(service, i));
}

/** An open-loop Poisson workload at `rate`/s to `target`. */
export function poisson(target: string, rate: number, name = 'load'): WorkloadConfig {
  return { name, target, arrivals: { kind: 'poisson', rate }, clients: null };
}

export function trafficConfig(
  services: Record<string, ServiceBehaviour>,
  workloads: WorkloadConfig[],
  fields: Partial<TrafficConfig> = {},
): TrafficConfig {
  return {
    workloads,
    services,
    proxy: { mode: 'iptables', ipvsScheduler: 'rr' },
    endpointPropagationDelay: DEFAULT_ENDPOINT_PROPAGATION_DELAY,
    warmup: 0,
    slo: { availability: null, latency: {} },
    fidelity: 'request',
    ...fields,
  };
}

/** An exponential server: mean service time in ms, and other behaviour fields. */
export function expServer(meanMs: number, fields: Partial<ServiceBehaviour> = {}): ServiceBehaviour {
  return serviceBehaviour(exponential(meanMs * 1000), fields);
}

/** Builds a model, gives each Service its endpoints at time 0, runs until `duration`. */
export function runTraffic(
  config: TrafficConfig,
  pods: Record<string, TrafficEndpoint[]>,
  duration: Micros,
  seed: number,
  during?: (sim: Simulation, model: TrafficModel) => void,
) {
  const sim = new Simulation();
  const model = new TrafficModel({ sim, random: new RandomStreams(seed), config });
  for (const [svc, eps] of Object.entries(pods)) model.setEndpoints(svc, eps);
  during?.(sim, model);
  sim.run(duration);
  return { result: model.finish(duration), model, sim };
}

/** Mean and the half-width of a two-sided confidence interval (Student t) over independent runs. */
export function confidence(xs: readonly number[], t: number): { mean: number; halfWidth: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, halfWidth: t * Math.sqrt(variance / n) };
}

/** Student t quantiles for 99.9 % two-sided intervals, by degrees of freedom. */
export const T_999: Record<number, number> = { 9: 4.781, 11: 4.437, 15: 4.073, 19: 3.883 };

export const S = seconds;
