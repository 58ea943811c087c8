import { describe, expect, it } from 'vitest';
import { deployment, makeCluster, pool, S } from '../controllers/harness.js';

/** Six nodes round-robin over zones a, b, c: p-0 and p-3 are in a. */
const sixNodes = () => pool({ count: 6 });

describe('zoneOutage', () => {
  it('takes every machine of the zone down and back; its pods are replaced in the other zones', () => {
    const c = makeCluster({
      pools: [sixNodes()],
      workloads: [deployment('web', 6)],
      faults: [{ kind: 'zoneOutage', at: 105 * S, target: { zone: 'a' }, for: 1800 * S }],
    });
    c.sim.run(60 * S);
    const inA = [...c.cluster.pods].filter((p) => p.nodeName === 'p-0' || p.nodeName === 'p-3');
    expect(inA).toHaveLength(2);
    c.sim.run(106 * S);
    expect(c.truth.isUp('p-0')).toBe(false);
    expect(c.truth.isUp('p-3')).toBe(false);
    expect(inA.some((p) => c.truth.isRunning(p))).toBe(false);
    c.sim.run(155 * S + 1);
    expect(c.cluster.node('p-0')?.ready).toBe('Unknown');
    expect(c.cluster.node('p-3')?.ready).toBe('Unknown');
    // Zone a is fully disrupted, the others are not: evictions go on at the healthy rate (0.1 node/s),
    // so the second node's NoExecute taint waits 10 s for a token.
    c.sim.run(800 * S);
    expect(inA.map((p) => (p.deletionTimestamp ?? 0) / S).sort()).toEqual([460.1, 470.1]);
    const elsewhere = [...c.cluster.pods].filter(
      (p) => p.deletionTimestamp === undefined && c.truth.isRunning(p) && p.ready,
    );
    expect(elsewhere).toHaveLength(6);
    expect(elsewhere.every((p) => p.nodeName !== 'p-0' && p.nodeName !== 'p-3')).toBe(true);
    c.sim.run(1905 * S + 1);
    expect(c.truth.isUp('p-0')).toBe(true);
    expect(c.truth.isUp('p-3')).toBe(true);
    c.sim.run(1930 * S);
    expect(c.cluster.node('p-0')?.ready).toBe('True');
    expect(inA.every((p) => c.cluster.pod(`default/${p.name}`) === undefined)).toBe(true);
  });

  it('a node whose own crash outlasts the zone outage stays down; a node added to the zone meanwhile goes down too', () => {
    const c = makeCluster({
      pools: [sixNodes()],
      workloads: [deployment('web', 3)],
      faults: [
        { kind: 'nodeCrash', at: 100 * S, target: { node: 'p-3', count: 1 }, for: 1000 * S },
        { kind: 'zoneOutage', at: 200 * S, target: { zone: 'a' }, for: 300 * S },
      ],
    });
    c.sim.run(300 * S);
    c.run.truth.addMachine('p-9', true);
    c.api.createNode({
      ...(c.cluster.node('p-0') as NonNullable<ReturnType<typeof c.cluster.node>>),
      name: 'p-9',
    });
    expect(c.truth.isUp('p-9')).toBe(false);
    c.sim.run(501 * S);
    expect(c.truth.isUp('p-0')).toBe(true);
    expect(c.truth.isUp('p-9')).toBe(true);
    expect(c.truth.isUp('p-3')).toBe(false);
    c.sim.run(1101 * S);
    expect(c.truth.isUp('p-3')).toBe(true);
  });
});
