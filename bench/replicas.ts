import { fileURLToPath } from 'node:url';
import type { Benchmark } from './harness.js';
import { runChild, scalingRows, timeWholeRun } from './whole-run.js';

/**
 * replicas: one Deployment of N replicas behind a Service, on one fixed cluster big enough for the
 * largest N (400 nodes of 32 cpu, maxPods 550, 3 zones), 1 simulated hour with one node crash of
 * 10 minutes at 20 minutes (its pods are evicted 5 minutes after the taint and replaced). The
 * cluster stays the same so only the Deployment grows: ReplicaSet, EndpointSlice, scheduling of its
 * pods. Each size runs once in a fresh process; each row's ratio is its growth over the previous
 * size (goal ≤ 12× per 10×).
 */

const NODES = 400;

/** The Scenario and manifests of one size, as one multi-document YAML text. */
export function replicasScenario(replicas: number): string {
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: replicas-${replicas} }
spec:
  seed: 1
  duration: 1h
  cluster:
    zones: [zone-a, zone-b, zone-c]
    nodePools:
      - { name: big, instanceType: m5.8xlarge, cpu: "32", memory: 128Gi, pods: 550, pricePerHour: 1.536, count: ${NODES}, zones: [zone-a, zone-b, zone-c] }
  faults:
    - { at: 20m, kind: nodeCrash, target: { pool: big, zone: zone-a, count: 1 }, for: 10m }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: app, image: bench/web:1, resources: { requests: { cpu: 50m, memory: 64Mi } } }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }
`;
}

const thisFile = fileURLToPath(import.meta.url);

export const replicas: Benchmark = {
  name: 'replicas',
  description:
    'whole run, 1 h, one Deployment of N replicas behind a Service on 400 nodes, 1 crash; each size in its own process',
  run(options) {
    const sizes = options.quick ? [200, 2_000] : [2_000, 20_000, 200_000];
    return scalingRows('replicas', 'replicas', sizes, (n) => runChild(thisFile, [String(n)]));
  },
};

if (process.argv[1] === thisFile)
  process.stdout.write(JSON.stringify(timeWholeRun(replicasScenario(Number(process.argv[2])))));
