import { describe, expect, it } from 'vitest';
import { deployment, makeCluster, S } from '../controllers/harness.js';

/** The instants at which containers exit, as the ground truth records them. */
function exitTimes(c: ReturnType<typeof makeCluster>): number[] {
  const out: number[] = [];
  c.cluster.watch((e) => {
    if (e.type === 'ContainersUpdated' && e.containers.state === 'Terminated') out.push(e.containers.since);
  });
  return out;
}

describe('podCrash', () => {
  it('once: the containers of `count` running pods exit and are restarted at once', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      faults: [{ kind: 'podCrash', at: 100 * S, target: { workload: 'web', count: 2 } }],
    });
    const exits = exitTimes(c);
    c.sim.run(100 * S + 1);
    expect(exits).toEqual([100 * S, 100 * S]);
    const pods = [...c.cluster.pods];
    expect(pods.filter((p) => c.truth.isRunning(p))).toHaveLength(1);
    expect(pods.filter((p) => !p.ready)).toHaveLength(2);
    c.sim.run(110 * S + 1);
    expect(pods.every((p) => c.truth.isRunning(p) && p.ready)).toBe(true);
    expect(pods.map((p) => c.truth.containersOf(p).restarts).sort()).toEqual([0, 1, 1]);
  });

  it('at a rate: a Poisson process of single crashes of that mean, only within its window', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      startupSeconds: 1,
      duration: 100_000 * S,
      faults: [
        {
          kind: 'podCrash',
          at: 1000 * S,
          target: { workload: 'web', count: 1 },
          interval: 60 * S,
          for: 60_000 * S,
        },
      ],
    });
    const exits = exitTimes(c);
    c.sim.run(100_000 * S);
    const crashes = c.run.finish().faults;
    expect(crashes.every((f) => f.kind === 'podCrash' && f.at > 1000 * S && f.at < 61_000 * S)).toBe(true);
    // Expected 1000 crashes; a Poisson count's sd is sqrt(1000) ≈ 32: ±5 sd.
    expect(crashes.length).toBeGreaterThan(1000 - 160);
    expect(crashes.length).toBeLessThan(1000 + 160);
    // A crash finding no pod running (all three in CrashLoopBackOff, which a pod crashing every ~3 min
    // never leaves) hits nothing and says so.
    const missed = crashes.filter((f) => f.nodes.length === 0);
    expect(missed.length).toBeGreaterThan(0);
    expect(missed.every((f) => f.note === 'only 0 of 1 pods of web were running')).toBe(true);
    expect(exits).toHaveLength(crashes.length - missed.length);
  });
});

describe('nodeReboot', () => {
  it('takes the machine down and boots it after bootTime; the kubelet restarts its pods', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      faults: [{ kind: 'nodeReboot', at: 105 * S, target: { node: 'p-0', count: 1 }, bootTime: 60 * S }],
    });
    c.sim.run(60 * S);
    const [victim] = [...c.cluster.podsOnNode('p-0')];
    if (!victim) throw new Error('no pod on p-0');
    c.sim.run(106 * S);
    expect(c.truth.isUp('p-0')).toBe(false);
    expect(c.truth.isRunning(victim)).toBe(false);
    c.sim.run(165 * S + 1);
    expect(c.truth.isKubeletActive('p-0')).toBe(true);
    // Down 60 s: Unknown at 155 s, but not yet evicted (300 s toleration); the pod restarts in place.
    c.sim.run(175 * S + 1);
    expect(c.truth.isRunning(victim)).toBe(true);
    expect(c.truth.containersOf(victim).restarts).toBe(1);
    expect(victim.deletionTimestamp).toBeUndefined();
  });
});
