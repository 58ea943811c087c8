/** 32-bit hashes for placing keys and endpoints. Not Envoy's xxHash: any well-mixed hash gives the same balance. */

/** The murmur3 finalizer: a bijective mix of a 32-bit integer. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units of `s`, then mixed, from `seed`. */
export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Probe points spread evenly over the 32-bit key space, to measure how many keys moved. */
const PROBES = 16_384;

/** The endpoint key at each probe point. */
export function ownersAtProbes(lookup: (hash: number) => string | undefined): (string | undefined)[] {
  const owners: (string | undefined)[] = new Array(PROBES);
  for (let i = 0; i < PROBES; i++) owners[i] = lookup(mix32(i));
  return owners;
}

/** Fraction of probe points whose owner differs between two snapshots (0 when either is empty). */
export function movedShare(
  before: readonly (string | undefined)[],
  after: readonly (string | undefined)[],
): number {
  if (before[0] === undefined || after[0] === undefined) return 0;
  let moved = 0;
  for (let i = 0; i < PROBES; i++) if (before[i] !== after[i]) moved++;
  return moved / PROBES;
}
