import { describe, expect, it } from 'vitest';
import { deployment, makeCluster, S } from '../controllers/harness.js';

describe('kubeletStop', () => {
  // As node-failure.test.ts's crash at 105 s: last Lease renewal 100 s, Unknown on the 155 s monitor
  // tick, NoExecute taint at 160.1 s, eviction 300 s later at 460.1 s.
  it('keeps the pods running while the node goes Unknown and they are evicted and duplicated elsewhere', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      faults: [{ kind: 'kubeletStop', at: 105 * S, target: { node: 'p-0', count: 1 }, for: 600 * S }],
    });
    c.sim.run(60 * S);
    const [victim] = [...c.cluster.podsOnNode('p-0')];
    if (!victim) throw new Error('no pod on p-0');
    c.sim.run(155 * S + 1);
    expect(c.cluster.node('p-0')?.ready).toBe('Unknown');
    expect(victim.ready).toBe(false);
    expect(c.truth.isRunning(victim)).toBe(true);
    c.sim.run(460.1 * S + 1);
    expect(victim.deletionTimestamp).toBe(460.1 * S);
    // The kubelet cannot finish the deletion: the object stays and its containers keep running,
    // while the replacement runs elsewhere: four copies really run.
    c.sim.run(600 * S);
    expect(c.cluster.pod(`default/${victim.name}`)).toBe(victim);
    const running = [...c.cluster.pods].filter((p) => c.truth.isRunning(p));
    expect(running).toHaveLength(4);
    expect(running.filter((p) => p.nodeName === 'p-0')).toEqual([victim]);
    // The kubelet is back at 705 s: it renews its Lease and finishes the deletion (SIGTERM, 1 s).
    c.sim.run(705 * S + 1);
    expect(c.cluster.pod(`default/${victim.name}`)).toBe(victim);
    c.sim.run(706 * S + 1);
    expect(c.cluster.pod(`default/${victim.name}`)).toBeUndefined();
    expect([...c.cluster.pods].filter((p) => c.truth.isRunning(p))).toHaveLength(3);
    c.sim.run(720 * S);
    expect(c.cluster.node('p-0')?.ready).toBe('True');
  });

  it('leaves exited containers down until the kubelet returns, then restarts them', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      faults: [
        { kind: 'kubeletStop', at: 105 * S, target: { node: 'p-0', count: 1 }, for: 30 * S },
        { kind: 'podCrash', at: 110 * S, target: { workload: 'web', count: 3 } },
      ],
    });
    c.sim.run(60 * S);
    const [victim] = [...c.cluster.podsOnNode('p-0')];
    if (!victim) throw new Error('no pod on p-0');
    c.sim.run(134 * S);
    expect(c.truth.containersOf(victim).state).toBe('Terminated');
    // The pods on the other nodes restarted at once and run after the 10 s startup.
    const others = [...c.cluster.pods].filter((p) => p !== victim);
    expect(others.every((p) => c.truth.isRunning(p))).toBe(true);
    c.sim.run(135 * S + 1);
    expect(c.truth.containersOf(victim).state).toBe('Terminated');
    c.sim.run(145 * S + 1);
    expect(c.truth.isRunning(victim)).toBe(true);
    expect(c.truth.containersOf(victim).restarts).toBe(1);
  });
});
