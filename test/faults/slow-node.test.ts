import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';
import { simulate } from '../../src/sim/simulate.js';

/** Two nodes, one web pod on each, round-robin traffic with a constant 10 ms service time. */
function scenario(faults: string): string {
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: slow}
spec:
  duration: 10m
  warmup: 1m
  cluster:
    zones: [a, b]
    nodePools: [{name: p, cpu: 4, memory: 16Gi, count: 2}]
  services:
    web:
      startupTime: {constant: 5s}
      serviceTime: {constant: 10ms}
      concurrency: 4
      loadBalancing: round-robin
  workload:
    - {name: users, target: web, arrivals: {poisson: {rate: 50/s}}}
  faults:
${faults}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      topologySpreadConstraints:
        - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}
      containers: [{name: web, resources: {requests: {cpu: 100m}}}]
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;
}

/** The busy fraction of the pod on p-0 over that of the pod on p-1. */
function busyRatio(faults: string): number {
  const r = loadText(scenario(faults), 'slow.yaml', { requireScenario: true });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  const pods = simulate(r.input).traffic?.services[0]?.pods ?? [];
  const busy = (node: string) => pods.find((p) => p.node === node)?.busy ?? Number.NaN;
  return busy('p-0') / busy('p-1');
}

describe('slowNode', () => {
  it('multiplies the service times of the pods on the node: the same requests keep it factor times as busy', () => {
    expect(busyRatio('    - {at: 30s, kind: slowNode, target: {node: p-0}, factor: 4}\n')).toBeCloseTo(4, 1);
    expect(busyRatio('    []\n')).toBeCloseTo(1, 1);
  });

  it('two slowdowns at once compound; the node is back to normal after `for`', () => {
    const both = `    - {at: 30s, kind: slowNode, target: {node: p-0}, factor: 2}
    - {at: 30s, kind: slowNode, target: {zone: a}, factor: 3}
`;
    expect(busyRatio(both)).toBeCloseTo(6, 1);
    // Slow for the first half of the 9-minute window only: busy (1 + 4) / 2 = 2.5 times the other.
    expect(
      busyRatio('    - {at: 1m, kind: slowNode, target: {node: p-0}, factor: 4, for: 270s}\n'),
    ).toBeCloseTo(2.5, 1);
  });
});
