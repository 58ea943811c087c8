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

// Go's time.ParseDuration units, which Kubernetes uses for every duration field (metav1.Duration).
const UNIT_NANOS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const DURATION_PART = /^(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

/**
 * Parses a duration exactly as Go's time.ParseDuration does ("300ms", "-1.5h", "2h45m", "0"), and
 * returns it in microseconds (rounded to the nearest µs). Returns undefined for text Go would reject,
 * including a number without a unit (only "0" may omit it).
 */
export function parseDuration(text: string): Micros | undefined {
  let s = text.trim() === text ? text : '';
  if (s === '') return undefined;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let nanos = 0;
  while (s.length > 0) {
    const m = DURATION_PART.exec(s);
    if (!m) return undefined;
    const [whole, num, unit] = m as unknown as [string, string, string];
    nanos += Number(num) * (UNIT_NANOS[unit] as number);
    s = s.slice(whole.length);
  }
  if (!Number.isFinite(nanos)) return undefined;
  return sign * Math.round(nanos / 1e3) || 0;
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
