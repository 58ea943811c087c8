import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../src/model/cluster-state.js';
import { buildSnapshot, makePodInfo, SchedulerCache } from '../../../src/scheduler/cache/index.js';
import { CPU_INDEX, MEMORY_INDEX, PODS_INDEX } from '../../../src/scheduler/framework/interface.js';
import { container, makeNode, makePod } from '../fixtures.js';

describe('buildSnapshot', () => {
  it('counts bound pods on their node and ignores pending ones', () => {
    const nodes = [makeNode('a', { cpu: 4000, memory: 8e9 }), makeNode('b', { cpu: 2000, memory: 4e9 })];
    const pods = [
      makePod('p1', [{ cpu: 500, memory: 1e9 }], { nodeName: 'a' }),
      makePod('p2', [{ cpu: 250 }], { nodeName: 'a' }),
      makePod('p3', [{ cpu: 1000 }]),
    ];
    const s = buildSnapshot(nodes, pods);
    const a = s.nodeInfo('a');
    expect(a?.requested[CPU_INDEX]).toBe(750);
    expect(a?.requested[MEMORY_INDEX]).toBe(1e9);
    expect(a?.requested[PODS_INDEX]).toBe(2);
    // Non-zero defaults: p2 has no memory request, so it counts 200Mi for scoring.
    expect(a?.nonZeroRequested[MEMORY_INDEX]).toBe(1e9 + 200 * 1024 * 1024);
    expect(a?.pods.map((p) => p.pod.name)).toEqual(['p1', 'p2']);
    expect(s.nodeInfo('b')?.pods).toHaveLength(0);
    expect(s.nodeInfos.map((n) => n.index)).toEqual([0, 1]);
  });

  it('gives extended resources their own slot', () => {
    const s = buildSnapshot([makeNode('gpu', { cpu: 1000, 'nvidia.com/gpu': 4 })], []);
    const gpu = s.resources.indexOf('nvidia.com/gpu');
    expect(gpu).toBeGreaterThan(PODS_INDEX);
    expect(s.nodeInfo('gpu')?.allocatable[gpu]).toBe(4);
    const info = makePodInfo(makePod('x', [{ 'nvidia.com/gpu': 2 }]), s.resources);
    expect(info.requests[gpu]).toBe(2);
  });

  it('records host ports and pods with affinity', () => {
    const withPort = makePod('web', [], { nodeName: 'n' });
    withPort.spec.containers.push(
      container({}, { ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] }),
    );
    const anti = makePod('anti', [], {
      nodeName: 'n',
      spec: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }],
          },
        },
      },
    });
    const s = buildSnapshot([makeNode('n'), makeNode('m')], [withPort, anti]);
    const n = s.nodeInfo('n');
    expect([...(n?.usedPorts ?? [])]).toEqual(['TCP/0.0.0.0/8080']);
    expect(n?.podsWithAffinity.map((p) => p.pod.name)).toEqual(['anti']);
    expect(n?.podsWithRequiredAntiAffinity.map((p) => p.pod.name)).toEqual(['anti']);
    expect(s.havePodsWithAffinity.map((i) => i.node.name)).toEqual(['n']);
    expect(s.havePodsWithRequiredAntiAffinity.map((i) => i.node.name)).toEqual(['n']);
  });
});

describe('SchedulerCache', () => {
  it('follows node and pod events, counting terminating pods until deleted', () => {
    const cluster = new ClusterState();
    const cache = new SchedulerCache(cluster).attach();
    cluster.addNode(makeNode('a', { cpu: 1000 }));
    cluster.addNode(makeNode('b', { cpu: 1000 }));
    const p = makePod('p', [{ cpu: 300 }]);
    cluster.addPod(p);
    expect(cache.snapshot.nodeInfo('a')?.requested[CPU_INDEX]).toBe(0);
    cluster.bindPod(p, 'a', 5);
    expect(cache.snapshot.nodeInfo('a')?.requested[CPU_INDEX]).toBe(300);
    cluster.updatePod(p, (x) => {
      x.deletionTimestamp = 10;
    });
    expect(cache.snapshot.nodeInfo('a')?.requested[CPU_INDEX]).toBe(300);
    cluster.deletePod(p);
    expect(cache.snapshot.nodeInfo('a')?.requested[CPU_INDEX]).toBe(0);
    cluster.updateNode('b', (n) => {
      n.allocatable = { ...n.allocatable, cpu: 2000 };
    });
    expect(cache.snapshot.nodeInfo('b')?.allocatable[CPU_INDEX]).toBe(2000);
    cluster.deleteNode('a');
    expect(cache.snapshot.nodeInfos.map((n) => [n.node.name, n.index])).toEqual([['b', 0]]);
  });
});
