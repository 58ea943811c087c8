import { fileURLToPath } from 'node:url';
import type { Benchmark } from './harness.js';
import { runChild, scalingRows, timeWholeRun } from './whole-run.js';

/**
 * cluster-size: issue 8's whole run at growing cluster sizes. N nodes (4 cpu, 16 GiB, 3 zones), N/10
 * Deployments of 100 replicas each behind a Service (10 pods per node, 60 % of the cpu requested),
 * 7 simulated days, five node crashes of 10 minutes. Each size runs once in a fresh process (CPU
 * time and peak RSS of load + run, as `kubesim run` pays them); each row's ratio is its growth over
 * the previous size (goal ≤ 12× per 10×).
 */

const REPLICAS = 100;
const NODE_CPU_MILLIS = 4000;
const PODS_PER_NODE = 10;
/** 60 % of a node's cpu spread over its 10 pods. */
const POD_CPU_MILLIS = (0.6 * NODE_CPU_MILLIS) / PODS_PER_NODE;

/** The Scenario and manifests of one size, as one multi-document YAML text. */
export function clusterSizeScenario(nodes: number): string {
  const deployments = Math.max(1, Math.round(nodes / 10));
  const crashes = [1, 2, 3, 4, 5]
    .map(
      (day) =>
        `    - { at: ${day * 24 - 12}h, kind: nodeCrash, target: { pool: general, zone: zone-${'abc'[day % 3]}, count: 1 }, for: 10m }`,
    )
    .join('\n');
  const manifests: string[] = [];
  for (let i = 0; i < deployments; i++) {
    const name = `app-${i}`;
    manifests.push(`---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${REPLICAS}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: app, image: bench/app:1, resources: { requests: { cpu: ${POD_CPU_MILLIS}m, memory: 512Mi } } }] }
---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec: { selector: { app: ${name} }, ports: [{ port: 80, targetPort: 8080 }] }
`);
  }
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: cluster-size-${nodes} }
spec:
  seed: 1
  duration: 168h
  cluster:
    zones: [zone-a, zone-b, zone-c]
    nodePools:
      - { name: general, instanceType: m5.xlarge, cpu: "${NODE_CPU_MILLIS}m", memory: 16Gi, pricePerHour: 0.192, count: ${nodes}, zones: [zone-a, zone-b, zone-c] }
  faults:
${crashes}
${manifests.join('')}`;
}

const thisFile = fileURLToPath(import.meta.url);

export const clusterSize: Benchmark = {
  name: 'cluster-size',
  description:
    'whole run, 7 days, N nodes, N/10 Deployments × 100 behind Services, 5 crashes; each size in its own process',
  run(options) {
    const sizes = options.quick ? [10, 100] : [100, 1_000, 10_000];
    return scalingRows('cluster-size', 'nodes', sizes, (nodes) => runChild(thisFile, [String(nodes)]));
  },
};

if (process.argv[1] === thisFile)
  process.stdout.write(JSON.stringify(timeWholeRun(clusterSizeScenario(Number(process.argv[2])))));
