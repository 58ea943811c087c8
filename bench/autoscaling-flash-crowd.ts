import { loadText } from '../src/manifests/index.js';
import type { SimulationResult } from '../src/sim/run.js';
import { createRun } from '../src/sim/run.js';
import { type Benchmark, compareVariants } from './harness.js';
import { shopScenario } from './traffic-shop.js';

/**
 * autoscaling-flash-crowd: traffic-shop's 10-service shop (20 pods each, 200 pods) with an HPA on every
 * Deployment (CPU at 60 %, 5–40 replicas, 20 ms of CPU per request) and the cluster-autoscaler on its
 * pool (30 nodes at start, 10–80), one simulated day: 20 requests/s at the frontend, a flash crowd to
 * 400/s at 10 h for an hour. Request level and fluid, each also with autoscaling off (the same run on
 * a fixed cluster), so the ratio shows the autoscalers' share of the run. Simulated s per CPU s.
 */

/** The shop Scenario with autoscaling: a pool with bounds, CPU per request, an HPA per Deployment. */
export function autoscaledShop(duration: string, fidelity: string, arrivals: string): string {
  const text = shopScenario(duration, '12h', fidelity, arrivals)
    .replace(
      'count: 30,',
      'count: 30, min: 10, max: 80, provisioningTime: { lognormal: { median: 90s, p99: 4m } },',
    )
    .replaceAll(
      '      concurrency: 4\n',
      '      concurrency: 4\n      cpuPerRequest: 20ms\n      idleCpu: 5m\n',
    );
  const names = [...text.matchAll(/^kind: Deployment\nmetadata: \{ name: ([a-z]+),/gm)].map((m) => m[1]);
  const hpas = names
    .map(
      (n) => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: ${n} }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${n} }
  minReplicas: 5
  maxReplicas: 40
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 60 } } }]
`,
    )
    .join('');
  return text + hpas;
}

function run(text: string, autoscaling: boolean): SimulationResult {
  const loaded = loadText(text, 'shop.yaml', { requireScenario: true });
  if (!loaded.ok) throw new Error(`the shop Scenario does not load: ${JSON.stringify(loaded.diagnostics)}`);
  return createRun(loaded.input, { autoscaling }).finish();
}

/** HPA rescales, node-group scale-ups and -downs, nodes at the end and the cost: the same work each round. */
function note(r: SimulationResult): string {
  const ca = r.autoscaling?.clusterAutoscaler ?? [];
  const ups = ca.filter((e) => e.to > e.from).length;
  return `${r.autoscaling?.events.length ?? 0} HPA rescales, ${ca.length} node-group events (${ups} increases), ${r.nodes.atEnd} nodes at the end, cost $${r.cost.total.toFixed(2)}`;
}

export const autoscalingFlashCrowd: Benchmark = {
  name: 'autoscaling-flash-crowd',
  description:
    '200-pod shop with HPAs and the cluster-autoscaler, a flash crowd, one day, request level and fluid',
  run(options) {
    const seconds = options.quick ? 3600 : 86400;
    const arrivals = options.quick
      ? '{ flashCrowd: { from: 20, to: 400, at: 10m, rampUp: 2m, hold: 20m } }'
      : '{ flashCrowd: { from: 20, to: 400, at: 10h, rampUp: 5m, hold: 1h } }';
    const duration = `${seconds}s`;
    const request = autoscaledShop(duration, 'request', arrivals);
    const fluid = autoscaledShop(duration, 'fluid', arrivals);
    return compareVariants(
      'autoscaling-flash-crowd',
      'simulated s',
      seconds,
      [
        { name: 'request level, HPAs + cluster-autoscaler', run: () => note(run(request, true)) },
        { name: 'request level, autoscaling off', run: () => note(run(request, false)) },
        { name: 'fluid, HPAs + cluster-autoscaler', run: () => note(run(fluid, true)) },
        { name: 'fluid, autoscaling off', run: () => note(run(fluid, false)) },
      ],
      options.rounds,
    );
  },
};
