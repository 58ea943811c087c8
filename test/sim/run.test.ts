import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFiles, loadText } from '../../src/manifests/index.js';
import type { ClusterEvent } from '../../src/model/cluster-state.js';
import { createRun } from '../../src/sim/run.js';
import { simulate } from '../../src/sim/simulate.js';

const S = 1_000_000;

const SCENARIO = `
apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
  duration: 1h
  cluster:
    zones: [a, b]
    nodePools:
      - {name: p, instanceType: t, cpu: "2", memory: 4Gi, pricePerHour: 0.1, count: 2, zones: [a, b]}
  faults:
    - {at: 10m, kind: nodeCrash, target: {node: p-0}, for: 5m}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, resources: {requests: {cpu: 100m}}}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: solo}
spec: {containers: [{name: c, resources: {requests: {cpu: 100m}}}]}
`;

function input() {
  const r = loadText(SCENARIO, 't.yaml', { requireScenario: true });
  expect(r.ok).toBe(true);
  return r.input;
}

describe('createRun', () => {
  it('advances step by step to the same result as simulate()', () => {
    const run = createRun(input());
    run.advance(10 * 60 * S);
    expect(run.now).toBe(10 * 60 * S);
    expect(run.components.map((c) => c.name)).toContain('endpointslice-controller');
    expect(JSON.stringify(run.finish())).toBe(JSON.stringify(simulate(input())));
  });

  it('gives every pod a unique uid: standalone manifest Pods and workload pods are all scheduled', () => {
    const run = createRun(input());
    run.advance(60 * S);
    const pods = [...run.cluster.pods];
    expect(pods).toHaveLength(3);
    expect(new Set(pods.map((p) => p.uid)).size).toBe(3);
    expect(pods.every((p) => p.nodeName !== undefined && p.ready)).toBe(true);
  });

  it('takes durations as Kubernetes strings or seconds, and refuses anything else', () => {
    expect(simulate(input(), { duration: 3600 }).duration).toBe(3600 * S);
    expect(simulate(input(), { duration: '90m' }).duration).toBe(90 * 60 * S);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '6 hours', {}, null]) {
      expect(() => simulate(input(), { duration: bad as never })).toThrow(/duration/);
    }
  });

  it('keeps the Service endpoints equal to its pods, ready or not', () => {
    const run = createRun(input());
    run.advance(60 * S);
    const endpoints = [...run.cluster.endpointSlicesOf('default/web')].flatMap((s) => s.endpoints);
    expect(endpoints).toHaveLength(2);
    expect(endpoints.every((e) => e.conditions.ready && e.conditions.serving)).toBe(true);
    // p-0 crashes at 10 m; Ready=Unknown ~50 s later marks its pods not ready: their endpoint stays,
    // not ready, until the eviction.
    run.advance(12 * 60 * S);
    const onP0 = [...run.cluster.endpointSlicesOf('default/web')]
      .flatMap((s) => s.endpoints)
      .filter((e) => e.nodeName === 'p-0');
    expect(onP0.length).toBeGreaterThan(0);
    expect(onP0.every((e) => !e.conditions.ready)).toBe(true);
  });

  it('delivers events in FIFO order: a machine going down reaches every watcher before the container deaths it causes', () => {
    const run = createRun(input());
    run.advance(60 * S);
    const seen: ClusterEvent['type'][] = [];
    run.cluster.watch((e) => seen.push(e.type));
    run.truth.setMachineUp('p-0', false);
    expect(seen[0]).toBe('MachineUpdated');
    // Its consequences follow: the Lease's renew loop ends, the containers die.
    expect(seen.slice(1).every((t) => t === 'ContainersUpdated' || t === 'LeaseUpdated')).toBe(true);
  });
});

describe('ApiServer', () => {
  it('refuses every write while etcd has no quorum, and the scheduler waits', () => {
    const run = createRun(input());
    run.api.setWritable(false);
    run.advance(60 * S);
    expect([...run.cluster.pods].every((p) => p.nodeName === undefined)).toBe(true);
    const pod = [...run.cluster.pods][0];
    if (!pod) throw new Error('no pod');
    expect(run.api.deletePod(pod)).toMatchObject({ ok: false, code: 503 });
    run.api.setWritable(true);
    run.advance(120 * S);
    expect([...run.cluster.pods].every((p) => p.nodeName !== undefined && p.ready)).toBe(true);
  });

  it('refuses an eviction a PodDisruptionBudget forbids with 429, and allows it when the budget has room', () => {
    const withPdb = `${SCENARIO}---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec: {minAvailable: 2, selector: {matchLabels: {app: web}}}
`;
    const r = loadText(withPdb, 't.yaml', { requireScenario: true });
    const run = createRun(r.input);
    run.advance(60 * S);
    const [a, b] = [...run.cluster.pods].filter((p) => p.owner);
    if (!a || !b) throw new Error('no pods');
    const refused = run.api.evict(a);
    expect(refused).toMatchObject({ ok: false, code: 429, reason: 'TooManyRequests' });
    expect(refused.ok ? '' : refused.message).toMatch(/needs 2 healthy pods and has 2 currently/);
    run.api.scale('default/web', 3);
    run.advance(120 * S);
    expect(run.api.evict(a)).toEqual({ ok: true });
    expect(a.deletionTimestamp).toBeDefined();
  });

  it('deletes a Node object: NodeDeleted for watchers; 404 for an unknown node, 503 without quorum', () => {
    const run = createRun(input());
    const deleted: string[] = [];
    run.cluster.watch((e) => {
      if (e.type === 'NodeDeleted') deleted.push(e.node.name);
    });
    expect(run.api.deleteNode('p-1')).toEqual({ ok: true });
    expect(run.cluster.node('p-1')).toBeUndefined();
    expect(deleted).toEqual(['p-1']);
    expect(run.api.deleteNode('p-1')).toMatchObject({ ok: false, code: 404 });
    run.api.setWritable(false);
    expect(run.api.deleteNode('p-0')).toMatchObject({ ok: false, code: 503 });
  });

  it('replaces a workload template (a new revision) and tells watchers with the old one; 404 and 503 otherwise', () => {
    const run = createRun(input());
    const seen: ClusterEvent[] = [];
    run.cluster.watch((e) => {
      if (e.type === 'WorkloadUpdated') seen.push(e);
    });
    const web = run.cluster.workload('default/web');
    if (!web) throw new Error('no workload');
    const before = web.template;
    const next = { ...before, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-12-01T00:00:00Z' } };
    expect(run.api.updateWorkloadTemplate('default/web', next)).toEqual({ ok: true });
    expect(web.template).toBe(next);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.type === 'WorkloadUpdated' && seen[0].old.template).toBe(before);
    expect(run.api.updateWorkloadTemplate('default/nope', next)).toMatchObject({ ok: false, code: 404 });
    run.api.setWritable(false);
    expect(run.api.updateWorkloadTemplate('default/web', before)).toMatchObject({ ok: false, code: 503 });
  });
});

// Sock Shop selects nodes with beta.kubernetes.io/os=linux, which every kubelet sets: pool nodes must too.
const SHARED = fileURLToPath(new URL('../../../shared/data/manifests/', import.meta.url));
const sockShop = `${SHARED}sock-shop-complete-demo.yaml`;
if (!existsSync(sockShop)) console.warn(`[run] ${sockShop} not found: Sock Shop run skipped`);

describe.skipIf(!existsSync(sockShop))('Sock Shop, loaded unchanged', () => {
  it('schedules all 14 of its pods on pool nodes', async () => {
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { join, relative } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'kubesim-sock-'));
    const scenario = join(dir, 'sock.yaml');
    await writeFile(
      scenario,
      `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: sock}
spec:
  duration: 10m
  include: [${JSON.stringify(relative(dir, sockShop))}]
  cluster:
    zones: [a, b, c]
    nodePools:
      - {name: p, instanceType: t, cpu: "4", memory: 16Gi, pricePerHour: 0.2, count: 3, zones: [a, b, c]}
`,
    );
    const r = await loadFiles([scenario], { requireScenario: true });
    expect(r.ok).toBe(true);
    const result = simulate(r.input);
    expect(result.scheduling.podsCreated).toBe(14);
    expect(result.scheduling.podsScheduled).toBe(14);
  });
});
