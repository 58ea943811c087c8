import type { BalancedEndpoint, HashBalancer } from './balancer.js';
import { hashString, mix32, movedShare, ownersAtProbes } from './hash.js';

/** Envoy RingHashLbConfig minimum_ring_size default: 1024 entries. */
export const MIN_RING_SIZE = 1024;

/**
 * Consistent hashing on a ring (Envoy's ring_hash, source/extensions/load_balancing_policies/ring_hash/
 * ring_hash_lb.cc): each endpoint gets ⌈1024 / n⌉ points on the ring, hashed from "<pod>_<i>"; a key
 * goes to the first point at or after its hash, wrapping around. When an endpoint leaves, only its
 * arcs move. Hashes are 32-bit here (Envoy uses 64-bit xxHash): the same balance at these ring sizes.
 */
export class RingHashBalancer<E extends BalancedEndpoint> implements HashBalancer<E> {
  private points = new Uint32Array(0);
  private owners: E[] = [];
  lastMovedShare = 0;

  setEndpoints(endpoints: readonly E[]): void {
    const before = ownersAtProbes((h) => this.lookup(h)?.key);
    const perEndpoint = endpoints.length === 0 ? 0 : Math.ceil(MIN_RING_SIZE / endpoints.length);
    const entries: { hash: number; owner: E }[] = [];
    for (const e of endpoints) {
      for (let i = 0; i < perEndpoint; i++) entries.push({ hash: hashString(`${e.key}_${i}`), owner: e });
    }
    // Ties broken by pod key so the ring does not depend on the endpoints' order.
    entries.sort((a, b) => a.hash - b.hash || (a.owner.key < b.owner.key ? -1 : 1));
    this.points = Uint32Array.from(entries, (x) => x.hash);
    this.owners = entries.map((x) => x.owner);
    this.lastMovedShare = movedShare(
      before,
      ownersAtProbes((h) => this.lookup(h)?.key),
    );
  }

  chooseEndpoint(requestKey: number): E | undefined {
    return this.lookup(mix32(requestKey));
  }

  private lookup(hash: number): E | undefined {
    const points = this.points;
    const n = points.length;
    if (n === 0) return undefined;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((points[mid] as number) < hash) lo = mid + 1;
      else hi = mid;
    }
    return this.owners[lo === n ? 0 : lo];
  }
}
