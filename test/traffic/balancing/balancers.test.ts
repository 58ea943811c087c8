import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/random.js';
import type { BalancedEndpoint } from '../../../src/traffic/balancing/balancer.js';
import { BucketHashBalancer } from '../../../src/traffic/balancing/bucket-hash.js';
import { mix32 } from '../../../src/traffic/balancing/hash.js';
import { LeastConnectionBalancer } from '../../../src/traffic/balancing/least-connection.js';
import { LeastRequestBalancer } from '../../../src/traffic/balancing/least-request.js';
import { MaglevBalancer } from '../../../src/traffic/balancing/maglev.js';
import { RandomBalancer } from '../../../src/traffic/balancing/random.js';
import { RingHashBalancer } from '../../../src/traffic/balancing/ring-hash.js';
import { RoundRobinBalancer } from '../../../src/traffic/balancing/round-robin.js';

interface Ep extends BalancedEndpoint {
  key: string;
  active: number;
  connections: number;
}

function eps(n: number): Ep[] {
  return Array.from({ length: n }, (_, i) => ({ key: `default/web-${i}`, active: 0, connections: 0 }));
}

function counts(choose: (i: number) => Ep | undefined, draws: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < draws; i++) {
    const e = choose(i) as Ep;
    m.set(e.key, (m.get(e.key) ?? 0) + 1);
  }
  return m;
}

const rng = () => new RandomStreams(1).get('lb');

describe('balancers', () => {
  it('every policy returns undefined with no endpoints', () => {
    for (const b of [
      new RandomBalancer<Ep>(rng()),
      new RoundRobinBalancer<Ep>(),
      new LeastRequestBalancer<Ep>(rng()),
      new LeastConnectionBalancer<Ep>('lc'),
      new BucketHashBalancer<Ep>(undefined),
      new RingHashBalancer<Ep>(),
      new MaglevBalancer<Ep>(),
    ]) {
      b.setEndpoints([]);
      expect(b.chooseEndpoint(1, 1)).toBeUndefined();
    }
  });

  it('random is uniform: 40 000 draws over 4 endpoints within 4 standard deviations of 10 000', () => {
    const b = new RandomBalancer<Ep>(rng());
    b.setEndpoints(eps(4));
    // Binomial(40 000, 1/4): σ ≈ 86.6.
    for (const c of counts(() => b.chooseEndpoint(), 40_000).values())
      expect(Math.abs(c - 10_000)).toBeLessThan(350);
  });

  it('round-robin visits each endpoint in turn and keeps its cursor across changes', () => {
    const b = new RoundRobinBalancer<Ep>();
    const e = eps(3);
    b.setEndpoints(e);
    expect([1, 2, 3, 4].map(() => b.chooseEndpoint()?.key)).toEqual([
      e[0]?.key,
      e[1]?.key,
      e[2]?.key,
      e[0]?.key,
    ]);
    b.setEndpoints(e.slice(0, 2));
    expect(b.chooseEndpoint()?.key).toBe(e[1]?.key);
  });

  it('least-request picks the less loaded of two random draws', () => {
    const b = new LeastRequestBalancer<Ep>(rng());
    const e = eps(2);
    (e[0] as Ep).active = 5;
    b.setEndpoints(e);
    // The busy one wins only when drawn twice: probability 1/4.
    const busy = counts(() => b.chooseEndpoint(), 40_000).get(e[0]?.key as string) ?? 0;
    expect(Math.abs(busy - 10_000)).toBeLessThan(350);
  });

  it('IPVS lc takes the fewest connections (first on a tie); nq takes an idle server first', () => {
    const e = eps(3);
    (e[0] as Ep).connections = 2;
    (e[1] as Ep).connections = 1;
    (e[2] as Ep).connections = 1;
    const lc = new LeastConnectionBalancer<Ep>('lc');
    lc.setEndpoints(e);
    expect(lc.chooseEndpoint()?.key).toBe(e[1]?.key);
    (e[2] as Ep).connections = 0;
    const nq = new LeastConnectionBalancer<Ep>('nq');
    nq.setEndpoints(e);
    expect(nq.chooseEndpoint()?.key).toBe(e[2]?.key);
  });

  it('IPVS sh sends one source address to one endpoint; dh sends everything to one', () => {
    const sh = new BucketHashBalancer<Ep>(undefined);
    sh.setEndpoints(eps(4));
    for (let ip = 0; ip < 50; ip++)
      expect(sh.chooseEndpoint(mix32(ip * 7), ip)).toBe(sh.chooseEndpoint(0, ip));
    expect(counts((i) => sh.chooseEndpoint(0, i), 1000).size).toBe(4);
    const dh = new BucketHashBalancer<Ep>(12345);
    dh.setEndpoints(eps(4));
    expect(counts((i) => dh.chooseEndpoint(0, i), 1000).size).toBe(1);
  });
});

describe('consistent hashing', () => {
  for (const [name, make] of [
    ['ring-hash', () => new RingHashBalancer<Ep>()],
    ['maglev', () => new MaglevBalancer<Ep>()],
  ] as const) {
    it(`${name} moves a little more than 1/n of the keys when one of n = 10 endpoints leaves`, () => {
      const b = make();
      const e = eps(10);
      b.setEndpoints(e);
      expect(b.lastMovedShare).toBe(0);
      const before = Array.from({ length: 4000 }, (_, i) => b.chooseEndpoint(mix32(i + 1_000_000))?.key);
      b.setEndpoints(e.filter((_, i) => i !== 3));
      // The leaving endpoint's 10 % must move. Both policies move somewhat more: Maglev by design,
      // the ring because Envoy keeps its size near 1024 points, so each staying endpoint gains points.
      expect(b.lastMovedShare).toBeGreaterThan(0.09);
      expect(b.lastMovedShare).toBeLessThan(0.2);
      const after = Array.from({ length: 4000 }, (_, i) => b.chooseEndpoint(mix32(i + 1_000_000))?.key);
      const moved = after.filter((k, i) => k !== before[i]).length / 4000;
      expect(Math.abs(moved - b.lastMovedShare)).toBeLessThan(0.03);
      expect(after.every((k, i) => before[i] !== e[3]?.key || k !== e[3]?.key)).toBe(true);
    });

    it(`${name} does not depend on the order endpoints are listed in`, () => {
      const a = make();
      const b = make();
      a.setEndpoints(eps(5));
      b.setEndpoints(eps(5).reverse());
      for (let i = 0; i < 500; i++)
        expect(a.chooseEndpoint(mix32(i))?.key).toBe(b.chooseEndpoint(mix32(i))?.key);
    });
  }

  it('maglev balances keys within 2 % across 7 endpoints (table size 65537)', () => {
    const b = new MaglevBalancer<Ep>();
    b.setEndpoints(eps(7));
    const c = counts((i) => b.chooseEndpoint(mix32(i)), 70_000);
    for (const v of c.values()) expect(Math.abs(v / 10_000 - 1)).toBeLessThan(0.03);
  });
});
