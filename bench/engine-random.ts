import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { type Benchmark, compareVariants, type SelfTimed } from './harness.js';

/**
 * engine-random: seedrandom's generators, drawing uniforms the way kubesim's RandomStream does
 * (`(int32() >>> 0) · 2^-32` from a stream seeded with "kubesim/<seed>/<name>"). The baseline is Alea,
 * kubesim's generator before Tyche-i (drawn as its own float output, as kubesim did). Each variant runs in its own child process: in one process the
 * draw loop's call site would see every generator and stop inlining them (megamorphic), which is not
 * how a simulation, with one generator, runs. The child times only its draw loop, after a warm-up.
 */

interface Uniform {
  next(): number;
}

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** A stream built as src/engine/random.ts's TycheiStream is, on any 32-bit integer generator. */
class Int32Stream implements Uniform {
  constructor(private readonly int32: () => number) {}
  next(): number {
    return (this.int32() >>> 0) * TWO_POW_MINUS_32;
  }
}

/** Alea's own output is a float: kubesim's AleaStream returned it as it is. */
class FloatStream implements Uniform {
  constructor(private readonly prng: () => number) {}
  next(): number {
    return this.prng();
  }
}

const GENERATORS: Readonly<Record<string, (seed: string) => Uniform>> = {
  alea: (seed) => new FloatStream(seedrandom.alea(seed)),
  xor128: (seed) => new Int32Stream(seedrandom.xor128(seed).int32),
  xorwow: (seed) => new Int32Stream(seedrandom.xorwow(seed).int32),
  xorshift7: (seed) => new Int32Stream(seedrandom.xorshift7(seed).int32),
  xor4096: (seed) => new Int32Stream(seedrandom.xor4096(seed).int32),
  tychei: (seed) => new Int32Stream(seedrandom.tychei(seed).int32),
  'ARC4 (seedrandom default)': (seed) => new Int32Stream(seedrandom(seed).int32),
};

/** Sum of `draws` uniforms: what the child times (the sum keeps the loop from being optimised away). */
function drawSum(stream: Uniform, draws: number): number {
  let sum = 0;
  for (let i = 0; i < draws; i++) sum += stream.next();
  return sum;
}

/** Child process: argv = [generator, draws]; prints `{ note, cpuMs }` for the timed loop. */
function child(generator: string, draws: number): void {
  const make = GENERATORS[generator];
  if (!make) throw new Error(`engine-random child: unknown generator ${generator}`);
  drawSum(make('kubesim/1/warm-up'), draws);
  const next = make('kubesim/1/bench');
  const start = process.cpuUsage();
  const sum = drawSum(next, draws);
  const used = process.cpuUsage(start);
  const result: SelfTimed = {
    note: `mean ${(sum / draws).toFixed(5)} (theory 0.5)`,
    cpuMs: (used.user + used.system) / 1000,
  };
  process.stdout.write(JSON.stringify(result));
}

const thisFile = fileURLToPath(import.meta.url);

export const engineRandom: Benchmark = {
  name: 'engine-random',
  description: "seedrandom's generators as RandomStream draws them, each in its own process (baseline: alea)",
  run(options) {
    const draws = options.quick ? 2_000_000 : 20_000_000;
    const variants = Object.keys(GENERATORS).map((generator) => ({
      name: generator,
      run: (): SelfTimed =>
        JSON.parse(
          execFileSync(process.execPath, [thisFile, generator, String(draws)], { encoding: 'utf8' }),
        ),
    }));
    return compareVariants('engine-random', 'draws', draws, variants, options.rounds);
  },
};

if (process.argv[1] === thisFile) child(process.argv[2] as string, Number(process.argv[3]));
