import { describe, expect, it } from 'vitest';
import { loadText } from '../../../src/manifests/index.js';
import type { ClusterInput } from '../../../src/model/cluster-input.js';
import { nodeCount } from '../../../src/planner/plan/candidate.js';
import { parseCatalog } from '../../../src/planner/plan/catalog.js';
import type { Failures } from '../../../src/planner/plan/failures.js';
import { buildPlanReport } from '../../../src/planner/plan/report.js';
import { type PlanOptions, type PlanResult, plan } from '../../../src/planner/plan/search.js';
import { parseSlo } from '../../../src/planner/plan/slo.js';

/**
 * `plan` where the optimum is known: pure packing, N + 1, and a k-of-n availability target with
 * known MTBF and MTTR. Each expected answer is computed here from first principles, not by the planner.
 */

function load(text: string): ClusterInput {
  const r = loadText(text, 'plan-test.yaml', { requireScenario: true });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.input;
}

interface PodShape {
  replicas: number;
  cpuMillis: number;
  memoryMi: number;
}

function scenario(o: {
  duration: string;
  warmup: string;
  pods: PodShape;
  extraSpec?: string;
  podSpec?: string;
  faults?: string;
}): string {
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: plan-test }
spec:
  seed: 1
  duration: ${o.duration}
  warmup: ${o.warmup}
  cluster:
    nodePools:
      - { name: general, cpu: "1", memory: 1Gi, count: 1 }
  services:
    web: { startupTime: { constant: 5s } }
${o.faults ? `  faults:\n${o.faults}\n` : ''}---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${o.pods.replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
${o.podSpec ?? ''}      containers:
        - name: web
          image: web:1
          resources: { requests: { cpu: ${o.pods.cpuMillis}m, memory: ${o.pods.memoryMi}Mi } }
`;
}

const CATALOG = `instanceType,cpu,memory,pricePerHour
small,2,4Gi,0.08
large,4,8Gi,0.17
xlarge,8,16Gi,0.30
highmem,2,16Gi,0.126
`;

function optionsFor(slo: string, failures: Failures, catalog = CATALOG, max = 6): PlanOptions {
  return {
    catalog: parseCatalog(catalog, 'types.csv', 'none'),
    objectives: parseSlo(slo),
    failures,
    costModel: { kind: 'cloud' },
    replication: { confidence: 0.95, initial: 3, max, seed: 1 },
  };
}

function run(input: ClusterInput, slo: string, failures: Failures, catalog = CATALOG, max = 6): PlanResult {
  return plan(input, optionsFor(slo, failures, catalog, max));
}

/** Identical pods on identical nodes: floor(allocatable ÷ request) per node, the tightest resource deciding. */
function podsPerNode(type: { cpu: number; memoryMi: number }, pod: PodShape): number {
  return Math.min(Math.floor(type.cpu / pod.cpuMillis), Math.floor(type.memoryMi / pod.memoryMi), 110);
}

const TYPES = [
  { name: 'small', cpu: 2000, memoryMi: 4096, price: 0.08 },
  { name: 'large', cpu: 4000, memoryMi: 8192, price: 0.17 },
  { name: 'xlarge', cpu: 8000, memoryMi: 16384, price: 0.3 },
  { name: 'highmem', cpu: 2000, memoryMi: 16384, price: 0.126 },
];

/** The cheapest type and count holding the pods (with `spare` more nodes), by direct arithmetic. */
function cheapestPacking(pod: PodShape, spare = 0): { name: string; nodes: number; cost: number } {
  const options = TYPES.map((t) => {
    const nodes = Math.ceil(pod.replicas / podsPerNode(t, pod)) + spare;
    return { name: t.name, nodes, cost: nodes * t.price };
  });
  return options.sort((a, b) => a.cost - b.cost || a.nodes - b.nodes)[0] as {
    name: string;
    nodes: number;
    cost: number;
  };
}

describe('kubesim plan where the optimum is known', () => {
  it('pure packing: the cheapest mix holding every pod, beyond the volume bound when pods fragment', () => {
    // 1200m pods: a small node holds 1 (volume says 1.67), a large 3, an xlarge 6.
    const pods = { replicas: 10, cpuMillis: 1200, memoryMi: 1024 };
    const expected = cheapestPacking(pods);
    expect(expected).toEqual({ name: 'xlarge', nodes: 2, cost: 0.6 });
    const r = run(load(scenario({ duration: '5m', warmup: '1m', pods })), 'availability>=99%', {
      kind: 'scenario',
    });
    expect(r.chosen?.candidate.type.instanceType).toBe(expected.name);
    expect(r.chosen && nodeCount(r.chosen.candidate)).toBe(expected.nodes);
    expect(r.chosen?.costPerHour).toBeCloseTo(expected.cost, 10);
    // The small family's volume bound (6) is not enough: fragmentation needs 10 of them.
    const small = r.families.find((f) => f.instanceType === 'small');
    expect(small?.lowerBound).toBe(6);
    expect(small?.feasibleAt).toBe(10);
    // highmem's bound (6 × 0.126) costs more than the plan: it is never run.
    expect(r.evaluations.some((e) => e.candidate.type.instanceType === 'highmem')).toBe(false);
  }, 120_000);

  it('gives the same report, byte for byte, for the same input and seed', () => {
    const input = load(
      scenario({ duration: '5m', warmup: '1m', pods: { replicas: 6, cpuMillis: 700, memoryMi: 512 } }),
    );
    const report = (): string => {
      const options = optionsFor('availability>=99%', { kind: 'node', count: 1 });
      const scenarioOf = input.scenario;
      if (!scenarioOf) throw new Error('no Scenario');
      return JSON.stringify(buildPlanReport(scenarioOf, options.catalog, options, plan(input, options), 1));
    };
    expect(report()).toBe(report());
  }, 120_000);

  it('N+1: losing one node needs one more node than the pods alone', () => {
    // 900m pods: a small node holds 2, so 8 pods need N = 4 smalls; with node:1, N + 1 = 5.
    const pods = { replicas: 8, cpuMillis: 900, memoryMi: 512 };
    const catalog = 'instanceType,cpu,memory,pricePerHour\nsmall,2,4Gi,0.08\n';
    const n = Math.ceil(pods.replicas / podsPerNode({ cpu: 2000, memoryMi: 4096 }, pods));
    expect(n).toBe(4);
    // Pod availability over the window: with a spare node the lost pods are back ~6 min after the loss
    // (NotReady after 50 s, eviction after 300 s); without one they stay pending for the rest.
    const input = load(scenario({ duration: '60m', warmup: '2m', pods }));
    const withLoss = run(input, 'availability>=95%', { kind: 'node', count: 1 }, catalog);
    expect(withLoss.chosen && nodeCount(withLoss.chosen.candidate)).toBe(n + 1);
    const without = run(input, 'availability>=95%', { kind: 'scenario' }, catalog);
    expect(without.chosen && nodeCount(without.chosen.candidate)).toBe(n);
  }, 120_000);

  it('k of n: the fewest nodes with P(at least k of n up) above the target, from the binomial', () => {
    // One pod per node (required anti-affinity), nodes failing independently: MTBF 8 h, MTTR 2 h,
    // each up with a = 0.8. The objective: at least 3 web pods available 90 % of the time.
    const a = 8 / (8 + 2);
    const k = 3;
    const target = 0.9;
    const choose = (n: number, i: number): number => {
      let c = 1;
      for (let j = 1; j <= i; j++) c = (c * (n - i + j)) / j;
      return c;
    };
    const atLeast = (n: number): number => {
      let p = 0;
      for (let i = k; i <= n; i++) p += choose(n, i) * a ** i * (1 - a) ** (n - i);
      return p;
    };
    let expected = k;
    while (atLeast(expected) < target) expected++;
    expect(expected).toBe(5); // P = 0.819 with 4 nodes, 0.942 with 5
    const input = load(
      scenario({
        duration: '100h',
        warmup: '10h',
        pods: { replicas: 8, cpuMillis: 100, memoryMi: 128 },
        podSpec: `      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - { labelSelector: { matchLabels: { app: web } }, topologyKey: kubernetes.io/hostname }
`,
        faults: '    - { kind: nodeFailures, mtbf: 8h, mttr: 2h }',
      }),
    );
    const r = run(
      input,
      `podsAvailable(web,${k})>=${target * 100}%`,
      { kind: 'scenario' },
      'instanceType,cpu,memory,pricePerHour\nsmall,2,4Gi,0.08\n',
      10,
    );
    expect(r.chosen && nodeCount(r.chosen.candidate)).toBe(expected);
    // The estimate agrees with the binomial within a few points (each repair adds the pod's way back).
    expect(Math.abs((r.chosen?.estimates[0]?.mean ?? 0) - atLeast(expected))).toBeLessThan(0.03);
  }, 300_000);
});
