import { describe, expect, it } from 'vitest';
import {
  DEFAULT_METRICS_START_MS,
  formatTimestamp,
  openMetricsText,
} from '../../src/monitoring/openmetrics.js';
import { SeriesStore } from '../../src/monitoring/series-store.js';
import { INCIDENTS, runWithMetrics } from './fixtures.js';
import { parseOpenMetrics, seriesId } from './parse-openmetrics.js';

function tinyStore(): SeriesStore {
  const store = new SeriesStore();
  store.declare({ name: 'b_gauge', type: 'gauge', help: 'with "quotes" and \\ and\nnewline' });
  store.declare({ name: 'a_requests', type: 'counter', help: 'a counter' });
  store.declare({ name: 'c_seconds', type: 'histogram', unit: 'seconds', help: 'a histogram' });
  for (const [i, t] of [0, 30_000, 60_500].entries()) {
    store.beginScrape(t);
    store.record('b_gauge', { pod: 'we"ird\\name' }, i === 1 ? Number.NaN : 0.5);
    store.record('a_requests_total', { code: '200' }, 10 * i);
    store.record('c_seconds_bucket', { le: '0.1' }, i);
    store.record('c_seconds_bucket', { le: '+Inf' }, 2 * i);
    store.record('c_seconds_sum', {}, 0.25 * i);
    store.record('c_seconds_count', {}, 2 * i);
  }
  return store;
}

describe('openMetricsText', () => {
  it('writes families sorted, metadata first, histograms point by point, and # EOF', () => {
    expect(openMetricsText(tinyStore(), { startMs: 1000 })).toBe(
      [
        '# TYPE a_requests counter',
        '# HELP a_requests a counter',
        'a_requests_total{code="200"} 0 1',
        'a_requests_total{code="200"} 10 31',
        'a_requests_total{code="200"} 20 61.5',
        '# TYPE b_gauge gauge',
        '# HELP b_gauge with \\"quotes\\" and \\\\ and\\nnewline',
        'b_gauge{pod="we\\"ird\\\\name"} 0.5 1',
        'b_gauge{pod="we\\"ird\\\\name"} NaN 31',
        'b_gauge{pod="we\\"ird\\\\name"} 0.5 61.5',
        '# TYPE c_seconds histogram',
        '# UNIT c_seconds seconds',
        '# HELP c_seconds a histogram',
        'c_seconds_bucket{le="0.1"} 0 1',
        'c_seconds_bucket{le="+Inf"} 0 1',
        'c_seconds_count 0 1',
        'c_seconds_sum 0 1',
        'c_seconds_bucket{le="0.1"} 1 31',
        'c_seconds_bucket{le="+Inf"} 2 31',
        'c_seconds_count 2 31',
        'c_seconds_sum 0.25 31',
        'c_seconds_bucket{le="0.1"} 2 61.5',
        'c_seconds_bucket{le="+Inf"} 4 61.5',
        'c_seconds_count 4 61.5',
        'c_seconds_sum 0.5 61.5',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('writes timestamps from whole milliseconds without float noise', () => {
    expect(formatTimestamp(DEFAULT_METRICS_START_MS)).toBe('1767225600');
    expect(formatTimestamp(1767225600123)).toBe('1767225600.123');
    expect(formatTimestamp(1767225600100)).toBe('1767225600.1');
    expect(formatTimestamp(1767225600007)).toBe('1767225600.007');
  });

  it("a run's text parses back to the store's samples, every series in time order", async () => {
    const result = await runWithMetrics(INCIDENTS, { duration: '30m' });
    const store = result.monitoring as SeriesStore;
    const startMs = Date.UTC(2030, 5, 1);
    const families = parseOpenMetrics(openMetricsText(store, { startMs }));
    expect(families.map((f) => f.name)).toEqual(
      store
        .families()
        .filter((f) => store.seriesOf(f).length > 0)
        .map((f) => f.name),
    );
    const parsed = new Map<string, { t: number; v: number }[]>();
    for (const f of families)
      for (const s of f.samples) {
        const id = seriesId(s);
        const list = parsed.get(id) ?? [];
        list.push({ t: Math.round(s.timestamp * 1000) - startMs, v: s.value });
        parsed.set(id, list);
      }
    let series = 0;
    for (const f of store.families())
      for (const s of store.seriesOf(f)) {
        series++;
        expect(parsed.get(seriesId(s)), seriesId(s)).toEqual(s.samples());
      }
    expect(parsed.size).toBe(series);
    // Scrapes every 30 s from 0, and one at the end.
    expect(store.scrapeTimes.slice(0, 3)).toEqual([0, 30_000, 60_000]);
    expect(store.scrapeTimes.at(-1)).toBe(30 * 60_000);
    expect(store.scrapeTimes).toHaveLength(61);
  });

  it('the same input and seed write the same bytes', async () => {
    const a = await runWithMetrics(INCIDENTS, { duration: '10m' });
    const b = await runWithMetrics(INCIDENTS, { duration: '10m' });
    const text = openMetricsText(a.monitoring as SeriesStore);
    expect(openMetricsText(b.monitoring as SeriesStore)).toBe(text);
    expect(text.length).toBeGreaterThan(10_000);
  });
});
