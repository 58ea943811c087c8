import { type MetricType, SeriesStore } from '../../src/monitoring/series-store.js';

/** A store filled from `{ name{labels}: values per scrape }` at a fixed interval (null: absent). */
export function storeOf(
  intervalMs: number,
  series: { name: string; type: MetricType; labels?: Record<string, string>; values: (number | null)[] }[],
): SeriesStore {
  const store = new SeriesStore();
  const suffix = { gauge: '', counter: '_total', histogram: '_bucket' } as const;
  for (const s of series) {
    const base =
      s.type === 'histogram' ? s.name.replace(/_(bucket|sum|count)$/, '') : s.name.replace(/_total$/, '');
    store.declare({ name: base, type: s.type, help: 'test' });
    if (!s.name.endsWith(suffix[s.type]) && s.type !== 'histogram')
      throw new Error(`bad test series ${s.name}`);
  }
  const n = Math.max(...series.map((s) => s.values.length));
  for (let i = 0; i < n; i++) {
    store.beginScrape(i * intervalMs);
    for (const s of series) {
      const v = s.values[i];
      if (v !== null && v !== undefined) store.record(s.name, s.labels ?? {}, v);
    }
  }
  return store;
}
