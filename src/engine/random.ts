import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). Every random decision in kubesim draws from one of these. */
export interface RandomStream {
  /** A uniform number in [0, 1). */
  next(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
}

/** 2^-32: turns a 32-bit integer into [0, 1) exactly (a power of two, so the product is not rounded). */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * A stream on seedrandom's Tyche-i (Neves & Araujo, 2011: the ChaCha quarter round as a generator).
 * Measured in bench/engine-random.ts, it is the fastest of seedrandom's generators that passes the
 * statistical tests in test/engine/random.test.ts: xor128 is faster, but it and xorshift7 are linear
 * over GF(2), so each output bit has linear complexity at most their state size (128, 256 bits), as
 * has xorwow's lowest bit; Alea, the previous choice, takes about 1.6× as long per draw.
 * Its state and arithmetic are 32-bit integers (`| 0`, shifts, xor), which ECMAScript defines exactly,
 * so the draws are the same on every machine and engine.
 */
class TycheiStream implements RandomStream {
  private readonly int32: () => number;
  constructor(seed: string) {
    // int32 is the generator's own step; converting here saves the wrapper call seedrandom's prng()
    // makes, and gives the same numbers ((x >>> 0) / 2^32).
    this.int32 = seedrandom.tychei(seed).int32;
  }
  next(): number {
    return (this.int32() >>> 0) * TWO_POW_MINUS_32;
  }
  int(n: number): number {
    return Math.floor((this.int32() >>> 0) * TWO_POW_MINUS_32 * n);
  }
}

/**
 * Named random streams derived from one seed. Each consumer (the scheduler's tie-break, one fault
 * generator, one workload) asks for its own name, so adding a consumer never shifts another's draws.
 */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  constructor(readonly seed: number) {}

  /** The stream for `name`, created on first use from (seed, name); the same object on later calls. */
  get(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = new TycheiStream(`kubesim/${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
