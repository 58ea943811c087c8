import type { MetricFamily, SeriesLabels, SeriesStore, StoredSeries } from './series-store.js';

/**
 * The default start instant of the exported series: 2026-01-01T00:00:00Z. Fixed, never the wall
 * clock, so the same run writes the same bytes; a real Prometheus accepts backfilled blocks of any
 * age (time retention counts back from the newest block, not from now: docs/monitoring.md).
 */
export const DEFAULT_METRICS_START_MS = Date.UTC(2026, 0, 1);

/** Options of the OpenMetrics text. */
export interface OpenMetricsOptions {
  /** Unix time (ms) of the run's simulated instant 0. @default DEFAULT_METRICS_START_MS */
  startMs?: number;
}

/** Bytes gathered before handing a chunk to the writer. */
const CHUNK = 1 << 16;

/**
 * Writes the store as OpenMetrics text (https://prometheus.io/docs/specs/om/open_metrics_spec/), as
 * `promtool tsdb create-blocks-from openmetrics` reads it: families sorted by name, each with
 * `# TYPE`, `# UNIT` where it has one and `# HELP`; then each series' samples in time order with
 * timestamps in seconds (histograms one point at a time: buckets by `le`, `_count`, `_sum`); then
 * `# EOF`. The text goes to `write` in chunks of about 64 KiB, so a long run's file is never one string.
 */
export function writeOpenMetrics(
  store: SeriesStore,
  write: (chunk: string) => void,
  options: OpenMetricsOptions = {},
): void {
  const startMs = options.startMs ?? DEFAULT_METRICS_START_MS;
  const times = store.scrapeTimes.map((t) => formatTimestamp(startMs + t));
  let buffer = '';
  const emit = (line: string): void => {
    buffer += `${line}\n`;
    if (buffer.length >= CHUNK) {
      write(buffer);
      buffer = '';
    }
  };
  for (const family of store.families()) {
    const series = store.seriesOf(family);
    if (series.length === 0) continue;
    emit(`# TYPE ${family.name} ${family.type}`);
    if (family.unit !== undefined) emit(`# UNIT ${family.name} ${family.unit}`);
    emit(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    if (family.type === 'histogram') writeHistogram(family, series, times, emit);
    else for (const s of series) writeSeries(s, times, emit);
  }
  emit('# EOF');
  write(buffer);
}

/** The whole text as one string (tests, small runs). */
export function openMetricsText(store: SeriesStore, options: OpenMetricsOptions = {}): string {
  const chunks: string[] = [];
  writeOpenMetrics(store, (c) => chunks.push(c), options);
  return chunks.join('');
}

function writeSeries(s: StoredSeries, times: readonly string[], emit: (line: string) => void): void {
  const head = `${s.name}${formatLabels(s.labels)} `;
  for (const run of s.eachRun()) {
    const value = formatValue(run.value);
    for (let i = run.start; i <= run.end; i++) emit(`${head}${value} ${times[i]}`);
  }
}

/**
 * A histogram's series grouped by their labels without `le`; each group written point by point, as
 * OpenMetrics wants a histogram's samples of one instant together.
 */
function writeHistogram(
  family: MetricFamily,
  series: readonly StoredSeries[],
  times: readonly string[],
  emit: (line: string) => void,
): void {
  const groups = new Map<
    string,
    { labels: SeriesLabels; buckets: StoredSeries[]; sum?: StoredSeries; count?: StoredSeries }
  >();
  for (const s of series) {
    const { le, ...rest } = s.labels;
    const key = formatLabels(rest);
    let g = groups.get(key);
    if (!g) {
      g = { labels: rest, buckets: [] };
      groups.set(key, g);
    }
    if (s.name === `${family.name}_bucket` && le !== undefined) g.buckets.push(s);
    else if (s.name === `${family.name}_sum`) g.sum = s;
    else if (s.name === `${family.name}_count`) g.count = s;
  }
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key) as NonNullable<ReturnType<typeof groups.get>>;
    g.buckets.sort((a, b) => leOrder(a.labels.le as string) - leOrder(b.labels.le as string));
    const columns = [
      ...g.buckets.map((b) => ({ head: `${b.name}${formatLabels(b.labels)} `, values: byIndex(b) })),
      ...[g.count, g.sum]
        .filter((s): s is StoredSeries => s !== undefined)
        .map((s) => ({ head: `${s.name}${formatLabels(s.labels)} `, values: byIndex(s) })),
    ];
    for (let i = 0; i < times.length; i++) {
      for (const c of columns) {
        const v = c.values.get(i);
        if (v !== undefined) emit(`${c.head}${formatValue(v)} ${times[i]}`);
      }
    }
  }
}

/** A series' values by scrape index (histograms are few: one per Service). */
function byIndex(s: StoredSeries): Map<number, number> {
  const out = new Map<number, number>();
  for (const run of s.eachRun()) for (let i = run.start; i <= run.end; i++) out.set(i, run.value);
  return out;
}

function leOrder(le: string): number {
  return le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
}

/** `{a="1",b="x\"y"}` in the series' label order; empty labels write nothing. */
export function formatLabels(labels: SeriesLabels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabelValue(labels[k] as string)}"`).join(',')}}`;
}

/** OpenMetrics numbers: integers and shortest round-trip decimals, NaN, +Inf, -Inf. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

/** Unix seconds with up to millisecond decimals, written from whole ms so no float noise appears. */
export function formatTimestamp(ms: number): string {
  if (!Number.isInteger(ms)) return String(ms / 1000);
  const whole = Math.floor(ms / 1000);
  const frac = ms - whole * 1000;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

function escapeLabelValue(v: string): string {
  return v.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
}

function escapeHelp(v: string): string {
  return escapeLabelValue(v);
}
