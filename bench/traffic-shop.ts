import { loadText } from '../src/manifests/index.js';
import { createRun, type SimulationResult } from '../src/sim/run.js';
import { type Benchmark, compareVariants } from './harness.js';

/**
 * traffic-shop: a whole run with traffic. A 10-service shop (a frontend fanning out to catalog,
 * search, recommendations, cart and checkout, which call inventory, pricing, payment and shipping),
 * 20 pods each (200 pods on 30 nodes in 3 zones), 2000 requests/s at the frontend, one node crash,
 * built on createRun from a Scenario like any run. Measured in simulated seconds per CPU second.
 */

interface Svc {
  name: string;
  serviceTime: string;
  calls?: string;
}

/** The shop's call graph: each frontend request makes about 3.7 calls in all. */
const SHOP: Svc[] = [
  {
    name: 'frontend',
    serviceTime: '{ exponential: { mean: 2ms } }',
    calls:
      '[{ service: catalog }, { service: search, probability: 0.3 }, { service: recommend, probability: 0.5 }, { service: cart, probability: 0.4 }, { service: checkout, probability: 0.05 }]',
  },
  {
    name: 'catalog',
    serviceTime: '{ exponential: { mean: 3ms } }',
    calls: '[{ service: inventory }, { service: pricing }]',
  },
  {
    name: 'search',
    serviceTime: '{ lognormal: { median: 8ms, p99: 40ms } }',
    calls: '[{ service: catalog }]',
  },
  { name: 'recommend', serviceTime: '{ exponential: { mean: 5ms } }' },
  { name: 'cart', serviceTime: '{ exponential: { mean: 2ms } }', calls: '[{ service: pricing }]' },
  {
    name: 'checkout',
    serviceTime: '{ exponential: { mean: 4ms } }',
    calls: '[{ service: cart }, { service: payment }, { service: shipping, parallel: true }]',
  },
  { name: 'inventory', serviceTime: '{ exponential: { mean: 1ms } }' },
  { name: 'pricing', serviceTime: '{ constant: 1ms }' },
  { name: 'payment', serviceTime: '{ lognormal: { median: 20ms, p99: 100ms } }' },
  { name: 'shipping', serviceTime: '{ exponential: { mean: 5ms } }' },
];

export const SHOP_PODS_PER_SERVICE = 20;

/** The shop as a Scenario: `duration`, the crash `crashAt`, `fidelity`, the frontend's `arrivals`. */
export function shopScenario(duration: string, crashAt: string, fidelity: string, arrivals: string): string {
  const services = SHOP.map(
    (s) =>
      `    ${s.name}:\n      startupTime: { constant: 5s }\n      serviceTime: ${s.serviceTime}\n      concurrency: 4\n      queueLimit: 200\n      timeout: 2s\n      loadBalancing: round-robin\n${s.calls ? `      calls: ${s.calls}\n` : ''}`,
  ).join('');
  const manifests = SHOP.map(
    (s) => `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${s.name}, labels: { app: ${s.name} } }
spec:
  replicas: ${SHOP_PODS_PER_SERVICE}
  selector: { matchLabels: { app: ${s.name} } }
  template:
    metadata: { labels: { app: ${s.name} } }
    spec: { containers: [{ name: app, image: shop/${s.name}:1, resources: { requests: { cpu: 200m, memory: 256Mi } } }] }
---
apiVersion: v1
kind: Service
metadata: { name: ${s.name} }
spec: { selector: { app: ${s.name} }, ports: [{ port: 80, targetPort: 8080 }] }
`,
  ).join('');
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: shop }
spec:
  seed: 1
  duration: ${duration}
  fidelity: ${fidelity}
  cluster:
    zones: [zone-a, zone-b, zone-c]
    nodePools:
      - { name: general, instanceType: m5.large, cpu: "1930m", memory: 7Gi, pricePerHour: 0.096, count: 30, zones: [zone-a, zone-b, zone-c] }
  services:
${services}  workload:
    - { name: shoppers, target: frontend, arrivals: ${arrivals} }
  faults:
    - { at: ${crashAt}, kind: nodeCrash, target: { pool: general, zone: zone-a, count: 1 }, for: 10m }
${manifests}`;
}

/** Loads and runs a shop Scenario to its end. */
export function runShop(text: string): SimulationResult {
  const loaded = loadText(text, 'shop.yaml', { requireScenario: true });
  if (!loaded.ok) throw new Error(`the shop Scenario does not load: ${JSON.stringify(loaded.diagnostics)}`);
  return createRun(loaded.input).finish();
}

/** Requests offered to all Services, and the frontend's availability. */
export function shopNote(result: SimulationResult): string {
  const services = result.traffic?.services ?? [];
  const offered = services.reduce((a, s) => a + s.offered, 0);
  const fe = services.find((s) => s.service === 'default/frontend');
  return `${offered} requests in all, frontend availability ${fe?.availability.toFixed(5)}, mean ${fe?.latencyMs.mean.toFixed(2)} ms`;
}

export const trafficShop: Benchmark = {
  name: 'traffic-shop',
  description: '10-service shop, 200 pods, 2000 requests/s, a node crash, request level on createRun',
  run(options) {
    const seconds = options.quick ? 20 : 3600;
    const text = shopScenario(
      `${seconds}s`,
      options.quick ? '10s' : '20m',
      'request',
      '{ poisson: { rate: 2000/s } }',
    );
    return compareVariants(
      'traffic-shop',
      'simulated s',
      seconds,
      [{ name: 'createRun, request level', run: () => shopNote(runShop(text)) }],
      options.rounds,
    );
  },
};
