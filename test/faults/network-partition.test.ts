import { describe, expect, it } from 'vitest';
import { deployment, makeCluster, pool, S } from '../controllers/harness.js';

describe('networkPartition', () => {
  // As kubeletStop (kubelet-stop.test.ts) and a crash at 105 s: last Lease renewal seen at 100 s,
  // Unknown on the 155 s monitor pass (node-monitor-grace-period 50 s), NoExecute taint at 160.1 s,
  // eviction after tolerationSeconds 300 at 460.1 s.
  it('keeps the pods running while Kubernetes evicts and replaces them; they stay Terminating until it heals', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      faults: [{ kind: 'networkPartition', at: 105 * S, target: { node: 'p-0' }, for: 600 * S }],
    });
    c.sim.run(60 * S);
    const [victim] = [...c.cluster.podsOnNode('p-0')];
    if (!victim) throw new Error('no pod on p-0');
    c.sim.run(155 * S);
    expect(c.cluster.node('p-0')?.ready).toBe('True');
    c.sim.run(155 * S + 1);
    expect(c.cluster.node('p-0')?.ready).toBe('Unknown');
    expect(victim.ready).toBe(false);
    expect(c.truth.isRunning(victim)).toBe(true);
    expect(c.truth.machine('p-0')).toMatchObject({ up: true, kubeletRunning: true, partitioned: true });
    c.sim.run(460.1 * S + 1);
    expect(victim.deletionTimestamp).toBe(460.1 * S);
    c.sim.run(704 * S);
    // The kubelet never learns of the deletion: the original runs beside its replacement.
    expect(c.cluster.pod(`default/${victim.name}`)).toBe(victim);
    const running = [...c.cluster.pods].filter((p) => c.truth.isRunning(p));
    expect(running).toHaveLength(4);
    expect(running.filter((p) => p.nodeName === 'p-0')).toEqual([victim]);
    // Healed at 705 s: the kubelet sees the deletion and stops the pod (SIGTERM, exits in 1 s).
    c.sim.run(706 * S + 1);
    expect(c.cluster.pod(`default/${victim.name}`)).toBeUndefined();
    expect([...c.cluster.pods].filter((p) => c.truth.isRunning(p))).toHaveLength(3);
    c.sim.run(720 * S);
    expect(c.cluster.node('p-0')?.ready).toBe('True');
  });

  it('cuts off every node of a zone; a shorter partition than the grace period changes nothing', () => {
    const c = makeCluster({
      pools: [pool({ count: 6 })],
      workloads: [deployment('web', 6)],
      faults: [
        { kind: 'networkPartition', at: 105 * S, target: { zone: 'a' }, for: 30 * S },
        { kind: 'networkPartition', at: 300 * S, target: { zone: 'b' }, for: 600 * S },
      ],
    });
    c.sim.run(200 * S);
    expect([...c.cluster.nodes].every((n) => n.ready === 'True')).toBe(true);
    c.sim.run(400 * S);
    const unknown = [...c.cluster.nodes].filter((n) => n.ready === 'Unknown').map((n) => n.name);
    expect(unknown).toEqual(['p-1', 'p-4']);
    expect([...c.cluster.pods].filter((p) => c.truth.isRunning(p))).toHaveLength(6);
  });

  it('overlapping partitions of a node end with the last of them', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      faults: [
        { kind: 'networkPartition', at: 100 * S, target: { node: 'p-0' }, for: 200 * S },
        { kind: 'networkPartition', at: 150 * S, target: { zone: 'a' }, for: 400 * S },
      ],
    });
    c.sim.run(301 * S);
    expect(c.truth.isKubeletActive('p-0')).toBe(false);
    c.sim.run(551 * S);
    expect(c.truth.isKubeletActive('p-0')).toBe(true);
  });
});
