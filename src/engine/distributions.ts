import type { RandomStream } from './random.js';

/** A probability distribution over non-negative numbers (durations in µs, counts, sizes). */
export interface Distribution {
  sample(rng: RandomStream): number;
  /** The mean, when finite; Infinity for heavy tails without one. */
  readonly mean: number;
  /** The variance, when finite; Infinity for heavy tails without one (fluid mode reads the SCV from it). */
  readonly variance: number;
  /** A short description for reports, e.g. "lognormal(median 20ms, p99 200ms)". */
  readonly description: string;
}

/** The 0.99 quantile of the standard normal distribution. */
export const Z_99 = 2.3263478740408408;

export function constant(value: number): Distribution {
  return { sample: () => value, mean: value, variance: 0, description: `constant(${value})` };
}

export function exponential(mean: number): Distribution {
  if (!(mean > 0))
    throw new RangeError(
      `Cannot build an exponential distribution: mean must be > 0: current value is ${mean}`,
    );
  // 1 - U is in (0, 1], so the log is finite.
  return {
    sample: (rng) => -mean * Math.log(1 - rng.next()),
    mean,
    variance: mean * mean,
    description: `exponential(mean ${mean})`,
  };
}

export function uniform(min: number, max: number): Distribution {
  if (!(max >= min))
    throw new RangeError(
      `Cannot build a uniform distribution: max must be >= min: current values are ${min}, ${max}`,
    );
  return {
    sample: (rng) => min + (max - min) * rng.next(),
    mean: (min + max) / 2,
    variance: (max - min) ** 2 / 12,
    description: `uniform(${min}, ${max})`,
  };
}

/** A standard normal draw by the Box–Muller transform (two uniforms per draw, no cached spare, so draws stay independent of call order). */
export function standardNormal(rng: RandomStream): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A lognormal distribution given its median and 99th percentile: μ = ln median, σ = (ln p99 − μ) / z₀.₉₉. */
export function lognormal(median: number, p99: number): Distribution {
  if (!(median > 0) || !(p99 >= median)) {
    throw new RangeError(
      `Cannot build a lognormal distribution: need 0 < median <= p99: current values are ${median}, ${p99}`,
    );
  }
  const mu = Math.log(median);
  const sigma = (Math.log(p99) - mu) / Z_99;
  return {
    sample: (rng) => Math.exp(mu + sigma * standardNormal(rng)),
    mean: Math.exp(mu + (sigma * sigma) / 2),
    variance: (Math.exp(sigma * sigma) - 1) * Math.exp(2 * mu + sigma * sigma),
    description: `lognormal(median ${median}, p99 ${p99})`,
  };
}

/** Pareto type I: P(X > x) = (scale / x)^shape for x ≥ scale. */
export function pareto(scale: number, shape: number): Distribution {
  if (!(scale > 0) || !(shape > 0)) {
    throw new RangeError(
      `Cannot build a Pareto distribution: scale and shape must be > 0: current values are ${scale}, ${shape}`,
    );
  }
  return {
    sample: (rng) => scale / (1 - rng.next()) ** (1 / shape),
    mean: shape > 1 ? (shape * scale) / (shape - 1) : Number.POSITIVE_INFINITY,
    variance:
      shape > 2 ? (scale * scale * shape) / ((shape - 1) ** 2 * (shape - 2)) : Number.POSITIVE_INFINITY,
    description: `pareto(scale ${scale}, shape ${shape})`,
  };
}

/** Resamples the given observations uniformly (the empirical distribution function's inverse). */
export function empirical(samples: readonly number[]): Distribution {
  if (samples.length === 0) throw new RangeError('Cannot build an empirical distribution: no samples given');
  const values = [...samples];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return {
    sample: (rng) => values[rng.int(values.length)] as number,
    mean,
    variance: values.reduce((a, x) => a + (x - mean) ** 2, 0) / values.length,
    description: `empirical(${values.length} samples)`,
  };
}
