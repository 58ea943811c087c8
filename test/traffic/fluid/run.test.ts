import { describe, expect, it } from 'vitest';
import { loadText } from '../../../src/manifests/index.js';
import { createRun } from '../../../src/sim/run.js';

const scenario = (fidelity: string) => `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: fluid-run }
spec:
  seed: 3
  duration: 20m
  warmup: 1m
  fidelity: ${fidelity}
  cluster:
    zones: [zone-a, zone-b]
    nodePools:
      - { name: general, instanceType: m5.large, cpu: "1930m", memory: 7Gi, pricePerHour: 0.096, count: 3, zones: [zone-a, zone-b] }
  services:
    web:
      startupTime: { constant: 5s }
      serviceTime: { exponential: { mean: 20ms } }
      concurrency: 2
      loadBalancing: random
  workload:
    - { name: users, target: web, arrivals: { poisson: { rate: 100/s } } }
  faults:
    - { at: 10m, kind: nodeCrash, target: { pool: general, zone: zone-a, count: 1 }, for: 5m }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: web:1, resources: { requests: { cpu: 500m } } }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
`;

function run(fidelity: string) {
  const loaded = loadText(scenario(fidelity), 'fluid.yaml', { requireScenario: true });
  expect(loaded.ok && loaded.diagnostics).toEqual([]);
  if (!loaded.ok) throw new Error('does not load');
  return createRun(loaded.input).finish().traffic?.services[0];
}

describe('createRun with spec.fidelity: fluid', () => {
  it('runs the fluid model through the cluster bridge, close to request level through a node crash', () => {
    const fluid = run('fluid');
    const request = run('request');
    expect(fluid && request).toBeDefined();
    if (!fluid || !request) return;
    expect(fluid.offered).toBe(fluid.served + fluid.failed + fluid.inFlightAtEnd);
    // The crashed node's pod is listed until the node monitor notices (about 50 s): podLost.
    expect(fluid.failedByReason.podLost).toBeGreaterThan(0);
    expect(Math.abs(fluid.offered - request.offered) / request.offered).toBeLessThan(0.01);
    // One request-level seed: about 1 500 podLost failures, a binomial spread of about 0.0003 in availability.
    expect(Math.abs(fluid.availability - request.availability)).toBeLessThan(0.001);
    expect(Math.abs(fluid.latencyMs.mean - request.latencyMs.mean) / request.latencyMs.mean).toBeLessThan(
      0.03,
    );
  });
});
