/**
 * The benchmark contract and a timing helper. Absolute times on a shared machine are noise, so every
 * benchmark compares variants measured in the same process, interleaved round by round, and reports
 * medians and the median of the per-round ratios against its baseline. Nothing here asserts a time.
 */

/** Options every benchmark receives from the command line. */
export interface BenchOptions {
  /** Rounds per benchmark; each round runs every variant once. @default 5 */
  rounds: number;
  /** Run a smaller problem (for smoke tests and CI). @default false */
  quick: boolean;
}

/** One line of the results table: one variant of one benchmark. */
export interface BenchRow {
  benchmark: string;
  variant: string;
  /** What `items` counts, e.g. "customers". */
  unit: string;
  /** Items processed per run. */
  items: number;
  /** Median CPU time (user + system) of one run in ms: unlike wall time, it excludes the time other
   * processes on this shared machine held the CPU. */
  medianMs: number;
  /** items / median CPU time, per second. */
  perSecond: number;
  /** Median over rounds of (baseline time / this variant's time): > 1 means faster than the baseline. */
  ratio: number;
  /** Smallest and largest per-round ratio, to show the spread. */
  ratioRange: [number, number];
  /** A sanity value printed beside the timing, e.g. "mean wait 9.01". */
  note: string;
}

/** A named benchmark. `run` does its own warm-up and measurement and returns one row per variant. */
export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchOptions): BenchRow[];
}

/** A variant to time: `run` does the whole workload once and returns a sanity note. */
export interface Variant {
  name: string;
  run(): string | SelfTimed;
}

/**
 * What a variant returns when it timed itself, e.g. because it ran in a child process (whose CPU time
 * `process.cpuUsage()` of this process does not see).
 */
export interface SelfTimed {
  note: string;
  cpuMs: number;
}

/**
 * Times `variants` for `rounds` rounds after one untimed warm-up round (so the JIT has compiled
 * every variant). Each round runs all variants, in an order that rotates every round so no variant
 * always runs first (after a GC) or last. The first variant is the baseline.
 */
export function compareVariants(
  benchmark: string,
  unit: string,
  items: number,
  variants: readonly Variant[],
  rounds: number,
): BenchRow[] {
  const times: number[][] = variants.map(() => []);
  const notes: string[] = variants.map(() => '');
  for (const v of variants) v.run();
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (k + r) % variants.length;
      const variant = variants[i] as Variant;
      const start = process.cpuUsage();
      const result = variant.run();
      const used = process.cpuUsage(start);
      const selfTimed = typeof result !== 'string';
      notes[i] = selfTimed ? result.note : result;
      (times[i] as number[]).push(selfTimed ? result.cpuMs : (used.user + used.system) / 1000);
    }
  }
  const baseline = times[0] as number[];
  return variants.map((v, i) => {
    const t = times[i] as number[];
    const ratios = t.map((ms, r) => (baseline[r] as number) / ms);
    const medianMs = median(t);
    return {
      benchmark,
      variant: v.name,
      unit,
      items,
      medianMs,
      perSecond: items / (medianMs / 1000),
      ratio: median(ratios),
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
      note: notes[i] as string,
    };
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
