/**
 * Prometheus' duration syntax (common/model ParseDuration): units y w d h m s ms, each at most once,
 * largest first (`1h30m`, `90s`, `1d`); `0` alone is allowed. A year is 365 days. Returns ms, or
 * undefined when the text is not such a duration.
 */
const UNITS: [string, number][] = [
  ['y', 365 * 86_400_000],
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const PATTERN = new RegExp(`^${UNITS.map(([u]) => `(?:(\\d+)${u})?`).join('')}$`);

export function parsePromDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  return UNITS.reduce((ms, [, size], i) => ms + Number(m[i + 1] ?? 0) * size, 0);
}
