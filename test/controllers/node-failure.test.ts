import { describe, expect, it } from 'vitest';
import { TAINT_NODE_UNREACHABLE } from '../../src/model/taints.js';
import { deployment, makeCluster, pool, S, statefulSet } from './harness.js';

/** Records when `predicate` first holds, checking after every event. */
function firstTime(
  sim: { now: number; run(until?: number): number },
  until: number,
  predicate: () => boolean,
): number | undefined {
  for (let t = 0; t <= until; t += 100_000) {
    sim.run(t + 1);
    if (predicate()) return sim.now;
  }
  return undefined;
}

describe('node failure handling', () => {
  // Lease renewed every 10 s from t=0, so a crash at 105 s leaves the last renewal at 100 s. The node
  // monitor runs every 5 s and needs now − renewal > 50 s (1.32+): first true at 155 s.
  it('marks a silent node Ready=Unknown after the 50 s grace period, on a 5 s monitor tick', () => {
    const c = makeCluster();
    c.crash('p-0', 105 * S);
    const t = firstTime(c.sim, 300 * S, () => c.cluster.node('p-0')?.ready === 'Unknown');
    expect(t).toBeGreaterThan(155 * S);
    expect(t).toBeLessThanOrEqual(155 * S + 1);
  });

  it('uses the 40 s grace period before Kubernetes 1.32', () => {
    const c = makeCluster({ kubernetesMinor: 31 });
    c.crash('p-0', 105 * S);
    const t = firstTime(c.sim, 300 * S, () => c.cluster.node('p-0')?.ready === 'Unknown');
    expect(t).toBeGreaterThan(145 * S);
    expect(t).toBeLessThanOrEqual(145 * S + 1);
  });

  it('marks pods not ready at once and evicts them 300 s after the NoExecute taint; the ReplicaSet replaces them', () => {
    const c = makeCluster({ workloads: [deployment('web', 3)] });
    c.sim.run(60 * S);
    const victims = [...c.cluster.podsOnNode('p-0')];
    expect(victims).toHaveLength(1);
    const victim = victims[0];
    c.crash('p-0', 105 * S);
    c.sim.run(155 * S + 1);
    expect(victim?.ready).toBe(false);
    // processTaintBaseEviction reads the Ready condition as observed before the pass that changed it
    // (node_lifecycle_controller.go), so the node is queued on the next pass (160 s) and the tainter,
    // which drains its queue every 100 ms, taints it at 160.1 s.
    c.sim.run(160.1 * S + 1);
    const taint = c.cluster
      .node('p-0')
      ?.taints.find((t) => t.key === TAINT_NODE_UNREACHABLE && t.effect === 'NoExecute');
    expect(taint?.timeAdded).toBe(160.1 * S);
    c.sim.run(460.1 * S);
    expect(victim?.deletionTimestamp).toBeUndefined();
    c.sim.run(460.1 * S + 1);
    expect(victim?.deletionTimestamp).toBe(460.1 * S);
    // Terminating on a dead node: the object stays; a replacement is created and started elsewhere.
    c.sim.run(475 * S);
    const pods = [...c.cluster.pods].filter((p) => p.deletionTimestamp === undefined);
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => p.nodeName !== 'p-0' && p.ready)).toBe(true);
    expect(c.cluster.pod(`default/${victim?.name}`)).toBe(victim);
  });

  it('lets the kubelet finish the deletion and lifts the taints when the node comes back', () => {
    const c = makeCluster({ workloads: [deployment('web', 3)] });
    c.sim.run(60 * S);
    const victim = [...c.cluster.podsOnNode('p-0')][0];
    c.crash('p-0', 105 * S);
    c.recover('p-0', 1000 * S);
    c.sim.run(1010 * S);
    expect(c.cluster.node('p-0')?.ready).toBe('True');
    expect(c.cluster.node('p-0')?.taints).toEqual([]);
    expect(c.cluster.pod(`default/${victim?.name}`)).toBeUndefined();
  });

  it('does not taint or evict when the node recovers within the grace period', () => {
    const c = makeCluster({ workloads: [deployment('web', 3)] });
    c.crash('p-0', 105 * S);
    c.recover('p-0', 140 * S);
    c.sim.run(1000 * S);
    expect(c.cluster.node('p-0')?.ready).toBe('True');
    expect([...c.cluster.pods].every((p) => p.deletionTimestamp === undefined && p.ready)).toBe(true);
    expect(c.cluster.podCount).toBe(3);
  });

  it('stops evictions when every zone is fully disrupted (controller assumes a control-plane fault)', () => {
    const c = makeCluster({ workloads: [deployment('web', 3)] });
    for (const n of ['p-0', 'p-1', 'p-2']) c.crash(n, 105 * S);
    c.sim.run(2000 * S);
    expect([...c.cluster.nodes].every((n) => n.ready === 'Unknown')).toBe(true);
    expect([...c.cluster.nodes].some((n) => n.taints.some((t) => t.effect === 'NoExecute'))).toBe(false);
    expect([...c.cluster.pods].every((p) => p.deletionTimestamp === undefined)).toBe(true);
  });

  it('stops tainting in a small zone under partial disruption (> 2 and ≥ 55 % not ready, ≤ 50 nodes)', () => {
    const c = makeCluster({
      pools: [pool({ count: 4, zones: ['a'] }), pool({ name: 'q', count: 2, zones: ['b'] })],
    });
    for (const n of ['p-0', 'p-1', 'p-2']) c.crash(n, 105 * S);
    c.sim.run(2000 * S);
    expect(['p-0', 'p-1', 'p-2'].map((n) => c.cluster.node(n)?.ready)).toEqual([
      'Unknown',
      'Unknown',
      'Unknown',
    ]);
    expect([...c.cluster.nodes].some((n) => n.taints.some((t) => t.effect === 'NoExecute'))).toBe(false);
  });

  it('taints at most 0.1 nodes per second in a healthy zone', () => {
    const c = makeCluster({ pools: [pool({ count: 10, zones: ['a'] })] });
    for (const n of ['p-0', 'p-1']) c.crash(n, 105 * S);
    c.sim.run(165 * S);
    const times = ['p-0', 'p-1'].map(
      (n) => c.cluster.node(n)?.taints.find((t) => t.effect === 'NoExecute')?.timeAdded,
    );
    expect(times[0]).toBe(160.1 * S);
    expect(times[1]).toBeUndefined();
    // Token bucket: one token per 10 s, so the second node is tainted 10 s after the first.
    c.sim.run(171 * S);
    expect(c.cluster.node('p-1')?.taints.find((t) => t.effect === 'NoExecute')?.timeAdded).toBe(170.1 * S);
  });

  it('does not replace a StatefulSet pod stuck Terminating on an unreachable node', () => {
    const c = makeCluster({ workloads: [statefulSet('db', 3)] });
    c.sim.run(100 * S);
    expect(c.cluster.podCount).toBe(3);
    const onP0 = [...c.cluster.podsOnNode('p-0')][0];
    c.crash('p-0', 105 * S);
    c.sim.run(1000 * S);
    expect(onP0?.deletionTimestamp).toBeDefined();
    expect(c.cluster.pod(`default/${onP0?.name}`)).toBe(onP0);
    expect(c.cluster.podCount).toBe(3);
  });
});
