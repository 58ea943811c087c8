import type { BalancedEndpoint, HashBalancer } from './balancer.js';
import { hashString, mix32, movedShare, ownersAtProbes } from './hash.js';

/** Envoy MaglevLbConfig table_size default: 65537, a prime. */
export const MAGLEV_TABLE_SIZE = 65_537;

/**
 * Maglev hashing (Eisenbud et al., NSDI 2016; Envoy's maglev, source/extensions/load_balancing_policies/
 * maglev/maglev_lb.cc): each endpoint has a permutation of the table's slots, (offset + j·skip) mod M,
 * from two hashes of its pod key; endpoints take turns claiming their next free preferred slot until
 * the table is full. A key goes to table[hash mod M]. Balance is near perfect and an endpoint change
 * moves little more than the keys it must.
 */
export class MaglevBalancer<E extends BalancedEndpoint> implements HashBalancer<E> {
  private table: E[] = [];
  lastMovedShare = 0;

  constructor(private readonly tableSize = MAGLEV_TABLE_SIZE) {}

  setEndpoints(endpoints: readonly E[]): void {
    const before = ownersAtProbes((h) => this.lookup(h)?.key);
    // Sorted by pod key: the table depends on the set of endpoints, not on their order.
    const sorted = [...endpoints].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const m = this.tableSize;
    const table: (E | undefined)[] = new Array(m).fill(undefined);
    if (sorted.length > 0) {
      const offset = sorted.map((e) => hashString(e.key, 0) % m);
      const skip = sorted.map((e) => (hashString(e.key, 1) % (m - 1)) + 1);
      const next = sorted.map(() => 0);
      let filled = 0;
      while (filled < m) {
        for (let i = 0; i < sorted.length && filled < m; i++) {
          let slot: number;
          do {
            slot = ((offset[i] as number) + (next[i] as number) * (skip[i] as number)) % m;
            next[i] = (next[i] as number) + 1;
          } while (table[slot] !== undefined);
          table[slot] = sorted[i];
          filled++;
        }
      }
    }
    this.table = sorted.length > 0 ? (table as E[]) : [];
    this.lastMovedShare = movedShare(
      before,
      ownersAtProbes((h) => this.lookup(h)?.key),
    );
  }

  chooseEndpoint(requestKey: number): E | undefined {
    return this.lookup(mix32(requestKey));
  }

  private lookup(hash: number): E | undefined {
    return this.table.length === 0 ? undefined : this.table[hash % this.tableSize];
  }
}
