import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). Every random decision in kubesim draws from one of these. */
export interface RandomStream {
  /** A uniform number in [0, 1). */
  next(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
}

class AleaStream implements RandomStream {
  private readonly prng: seedrandom.PRNG;
  constructor(seed: string) {
    // Alea: fast, and its float arithmetic is exact IEEE-754, so draws are identical on every machine.
    this.prng = seedrandom.alea(seed);
  }
  next(): number {
    return this.prng();
  }
  int(n: number): number {
    return Math.floor(this.prng() * n);
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
      s = new AleaStream(`kubesim/${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
