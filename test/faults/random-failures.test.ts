import { describe, expect, it } from 'vitest';
import { exponential } from '../../src/engine/distributions.js';
import type { Fault } from '../../src/model/scenario.js';
import { deployment, makeCluster, pool, S } from '../controllers/harness.js';

const HOUR = 3600 * S;

/** Six nodes over zones a, b, c (p-0 and p-3 in a), the given faults, `hours` long, sampled every 10 min. */
function sampled(faults: Fault[], hours: number) {
  const c = makeCluster({
    pools: [pool({ count: 6 })],
    workloads: [deployment('web', 3)],
    faults,
    duration: hours * HOUR,
  });
  const samples: boolean[][] = [];
  c.sim.every(600 * S, () => samples.push([...c.cluster.nodes].map((n) => c.truth.isUp(n.name))));
  c.sim.run(hours * HOUR);
  return { c, samples, faults: c.run.finish().faults };
}

describe('zoneFailures', () => {
  it('takes the nodes of a zone down together and repairs them together, each zone on its own', () => {
    const { samples, faults } = sampled(
      [
        {
          kind: 'zoneFailures',
          at: 0,
          target: {},
          mtbf: exponential(10 * HOUR),
          mttr: exponential(2.5 * HOUR),
        },
      ],
      200,
    );
    // Nodes p-i are in zone i mod 3: p-0 with p-3, p-1 with p-4, p-2 with p-5.
    for (const up of samples) {
      expect(up[0]).toBe(up[3]);
      expect(up[1]).toBe(up[4]);
      expect(up[2]).toBe(up[5]);
    }
    const byZone = (nodes: string) => faults.filter((f) => f.nodes.join() === nodes).length;
    expect(byZone('p-0,p-3')).toBeGreaterThan(5);
    expect(byZone('p-1,p-4')).toBeGreaterThan(5);
    // Zones fail apart: not all at the same instants.
    const times = (nodes: string) => faults.filter((f) => f.nodes.join() === nodes).map((f) => f.at);
    expect(times('p-0,p-3')).not.toEqual(times('p-1,p-4'));
    // Down about MTTR / (MTBF + MTTR) = 20 % of the time (loosely: few cycles).
    const down = samples.filter((up) => !up[0]).length / samples.length;
    expect(down).toBeGreaterThan(0.08);
    expect(down).toBeLessThan(0.35);
  });

  it('composes with node failures: a node is up only while both it and its zone are', () => {
    const { samples } = sampled(
      [
        {
          kind: 'zoneFailures',
          at: 0,
          target: { zone: 'a' },
          mtbf: exponential(20 * HOUR),
          mttr: exponential(5 * HOUR),
        },
        {
          kind: 'nodeFailures',
          at: 0,
          target: { zone: 'a' },
          mtbf: exponential(10 * HOUR),
          mttr: exponential(2 * HOUR),
        },
      ],
      200,
    );
    const differ = samples.filter((up) => up[0] !== up[3]).length;
    expect(differ).toBeGreaterThan(0);
    expect(samples.every((up) => up[1] && up[2] && up[4] && up[5])).toBe(true);
  });
});

describe('nodeFailures', () => {
  it('draws each node from its own stream: the same seed gives the same failures, another node changes no one else', () => {
    const fault = (pool?: string): Fault => ({
      kind: 'nodeFailures',
      at: HOUR,
      target: pool === undefined ? { zone: 'a' } : { pool },
      mtbf: exponential(10 * HOUR),
      mttr: exponential(HOUR),
      for: 100 * HOUR,
    });
    const zoneA = sampled([fault()], 150).faults;
    const again = sampled([fault()], 150).faults;
    const all = sampled([fault('p')], 150).faults;
    expect(again).toEqual(zoneA);
    expect(all.filter((f) => f.nodes[0] === 'p-0')).toEqual(zoneA.filter((f) => f.nodes[0] === 'p-0'));
    // No failure starts before `at` nor after `for`; every failure is repaired.
    expect(all.every((f) => f.at >= HOUR && f.at < 101 * HOUR && f.recoversAt !== undefined)).toBe(true);
    expect(new Set(all.map((f) => f.nodes[0])).size).toBe(6);
  });
});
