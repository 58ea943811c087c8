import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateNodes } from '../../../src/controllers/cluster-autoscaler/binpacking.js';
import { NodeGroup } from '../../../src/controllers/cluster-autoscaler/node-groups.js';
import { SchedulingSimulator } from '../../../src/controllers/cluster-autoscaler/simulator.js';
import { RandomStreams } from '../../../src/engine/random.js';
import { ClusterState } from '../../../src/model/cluster-state.js';
import type { Pod } from '../../../src/model/pod.js';
import { podSpec, pool } from '../harness.js';

const MiB = 2 ** 20;

function pods(n: number, cpu: number, memory: number): Pod[] {
  return Array.from({ length: n }, (_, i) => ({
    uid: i + 1,
    namespace: 'default',
    name: `p${i}`,
    labels: {},
    spec: podSpec({ containers: [{ name: 'c', requests: { cpu, memory }, limits: {}, ports: [] }] }),
    phase: 'Pending' as const,
    ready: false,
    createdAt: 0,
  }));
}

function estimate(list: Pod[], allocatable: { cpu: number; memory: number }, limit: number) {
  const cluster = new ClusterState();
  const sim = new SchedulingSimulator(cluster, undefined, 36, new RandomStreams(1).get('f'));
  sim.reset();
  const group = new NodeGroup(
    pool({ name: 'g', count: 0, max: 100, zones: [], allocatable: { ...allocatable, pods: 110 } }),
  );
  const r = estimateNodes(sim, group, list, limit, 0);
  return { ...r, snapshotNodes: sim.snapshot.nodeInfos.length };
}

describe('the binpacking estimator (estimator/binpacking_estimator.go)', () => {
  it('10 pods of 350m on 1-cpu nodes need 5 nodes (2 per node)', () => {
    const r = estimate(pods(10, 350, 1000 * MiB), { cpu: 1000, memory: 10 * 1024 * MiB }, 100);
    expect(r.nodeCount).toBe(5);
    expect(r.pods).toHaveLength(10);
    expect(r.snapshotNodes).toBe(0); // the new nodes leave the snapshot again
  });

  it('the node count limit caps the estimate and the pods it holds', () => {
    const r = estimate(pods(10, 350, 1000 * MiB), { cpu: 1000, memory: 10 * 1024 * MiB }, 2);
    expect(r.nodeCount).toBe(2);
    expect(r.pods).toHaveLength(4);
  });

  it('pods that do not fit an empty template are skipped, not counted', () => {
    const list = [...pods(3, 2000, MiB), ...pods(2, 500, MiB)];
    const r = estimate(list, { cpu: 1000, memory: 1024 * MiB }, 100);
    expect(r.nodeCount).toBe(1);
    expect(r.pods.map((p) => p.spec.containers[0]?.requests.cpu)).toEqual([500, 500]);
  });

  it('memory binds when it is the scarcer resource', () => {
    const r = estimate(pods(9, 100, 3 * 1024 * MiB), { cpu: 4000, memory: 8 * 1024 * MiB }, 100);
    expect(r.nodeCount).toBe(5); // 2 pods of 3 GiB per 8 GiB node
  });

  it('identical pods need ceil(n / per-node) nodes, per-node = floor of the scarcer resource (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 100, max: 2000 }),
        fc.integer({ min: 64, max: 2048 }),
        (n, cpu, memoryMiB) => {
          const allocatable = { cpu: 4000, memory: 4096 * MiB };
          const perNode = Math.min(Math.floor(4000 / cpu), Math.floor(4096 / memoryMiB));
          const r = estimate(pods(n, cpu, memoryMiB * MiB), allocatable, 1000);
          expect(r.nodeCount).toBe(Math.ceil(n / perNode));
        },
      ),
      { numRuns: 40, seed: 3 },
    );
  });
});
