/**
 * Simulated time. An instant or a span is an integer number of microseconds held in a JS number:
 * exact up to 2^53 µs, about 285 years, far beyond any simulation.
 */
export type Micros = number;

export const MICROS_PER_MS = 1_000;
export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;

/** Whole seconds (as Kubernetes writes `timeoutSeconds`, `tolerationSeconds`) to microseconds. */
export function seconds(s: number): Micros {
  return Math.round(s * MICROS_PER_SECOND);
}

export function toSeconds(t: Micros): number {
  return t / MICROS_PER_SECOND;
}

// Go's time.ParseDuration units in nanoseconds, which Kubernetes uses for every duration field
// (metav1.Duration).
const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const DURATION_PART = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;

// Go's Duration is an int64 of nanoseconds: |d| ≤ 2^63 − 1, and −2^63 for a negative one.
const MAX_NANOS = 2n ** 63n - 1n;

/**
 * Parses a duration exactly as Go's time.ParseDuration does ("300ms", "-1.5h", "2h45m", "0"), and
 * returns it in microseconds. Returns undefined for text Go would reject: a number without a unit
 * (only "0" may omit it), an unknown unit, or a value beyond Go's int64 nanoseconds.
 *
 * Precision: like Go, each part is computed exactly in whole nanoseconds (fractions of a nanosecond
 * are truncated), then the total is rounded to the nearest µs, halves away from zero ("1.5us" → 2,
 * "499ns" → 0, "-500ns" → −1). kubesim's clock has no finer unit.
 */
export function parseDuration(text: string): Micros | undefined {
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  // Exact integer arithmetic (BigInt): "9223372036854775807ns" is valid and "…808ns" is not, which
  // floating point cannot tell apart.
  let nanos = 0n;
  while (s.length > 0) {
    const m = DURATION_PART.exec(s);
    if (!m) return undefined;
    const [whole, int = '', fraction = '', unit = ''] = m;
    if (int === '' && fraction === '') return undefined; // ".s"
    const unitNanos = UNIT_NANOS[unit] as bigint;
    const scale = 10n ** BigInt(fraction.length);
    nanos += (BigInt(`${int}${fraction}` || '0') * unitNanos) / scale;
    if (nanos > MAX_NANOS + 1n) return undefined;
    s = s.slice(whole.length);
  }
  if (nanos > (negative ? MAX_NANOS + 1n : MAX_NANOS)) return undefined;
  const micros = Number((nanos + 500n) / 1_000n);
  return negative ? -micros || 0 : micros;
}

/** Formats a span the way Go's Duration.String() does ("1h30m0s", "250ms", "1.5s"), from microseconds. */
export function formatDuration(t: Micros): string {
  if (t === 0) return '0s';
  const sign = t < 0 ? '-' : '';
  let us = Math.abs(t);
  if (us < MICROS_PER_SECOND) {
    if (us < MICROS_PER_MS) return `${sign}${us}µs`;
    return `${sign}${trimZeros(us / MICROS_PER_MS)}ms`;
  }
  const h = Math.floor(us / MICROS_PER_HOUR);
  us -= h * MICROS_PER_HOUR;
  const m = Math.floor(us / MICROS_PER_MINUTE);
  us -= m * MICROS_PER_MINUTE;
  const secs = trimZeros(us / MICROS_PER_SECOND);
  if (h > 0) return `${sign}${h}h${m}m${secs}s`;
  if (m > 0) return `${sign}${m}m${secs}s`;
  return `${sign}${secs}s`;
}

function trimZeros(x: number): string {
  return String(Number(x.toFixed(6)));
}
