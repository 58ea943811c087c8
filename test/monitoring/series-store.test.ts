import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_RUN, BYTES_PER_SERIES, SeriesStore } from '../../src/monitoring/series-store.js';

function storeWith(values: (number | undefined)[], times = values.map((_, i) => i * 1000)): SeriesStore {
  const store = new SeriesStore();
  store.declare({ name: 'g', type: 'gauge', help: 'a gauge' });
  for (const [i, v] of values.entries()) {
    store.beginScrape(times[i] as number);
    if (v !== undefined) store.record('g', { a: '1' }, v);
  }
  return store;
}

describe('SeriesStore', () => {
  it('keeps runs of equal values, so a constant series costs one run however long the run', () => {
    const store = storeWith([5, 5, 5, 5, 7, 7, 5]);
    expect(store.runs).toBe(3);
    expect(
      store
        .select('g')[0]
        ?.samples()
        .map((s) => s.v),
    ).toEqual([5, 5, 5, 5, 7, 7, 5]);
  });

  it('leaves a gap where a series is absent from a scrape, as a target that stops exposing it does', () => {
    const s = storeWith([1, undefined, undefined, 1]).select('g')[0];
    expect(s?.samples()).toEqual([
      { t: 0, v: 1 },
      { t: 3000, v: 1 },
    ]);
    expect(s?.runs).toBe(2);
  });

  it('samples returns the samples of a closed time range', () => {
    const s = storeWith([1, 2, 3, 4, 5]).select('g')[0];
    expect(s?.samples(1000, 3000).map((x) => x.v)).toEqual([2, 3, 4]);
    expect(s?.samples(1500, 2500).map((x) => x.v)).toEqual([3]);
    expect(s?.samples(6000)).toEqual([]);
  });

  it('valueAt is the latest sample at or before the instant within the lookback, as an instant selector', () => {
    const s = storeWith([1, 2, undefined, undefined], [0, 60_000, 120_000, 600_000]).select('g')[0];
    expect(s?.valueAt(0)).toBe(1);
    expect(s?.valueAt(59_999)).toBe(1);
    expect(s?.valueAt(60_000)).toBe(2);
    expect(s?.valueAt(60_000 + 5 * 60_000)).toBe(2);
    expect(s?.valueAt(60_001 + 5 * 60_000)).toBeUndefined();
    expect(s?.valueAt(-1)).toBeUndefined();
  });

  it('select filters by =, !=, =~ and !~, regular expressions anchored at both ends', () => {
    const store = new SeriesStore();
    store.declare({ name: 'up', type: 'gauge', help: 'h' });
    store.beginScrape(0);
    for (const job of ['api', 'api-canary', 'web']) store.record('up', { job }, 1);
    const jobs = (m: Parameters<SeriesStore['select']>[1]) => store.select('up', m).map((s) => s.labels.job);
    expect(jobs([{ name: 'job', op: '=', value: 'api' }])).toEqual(['api']);
    expect(jobs([{ name: 'job', op: '!=', value: 'api' }])).toEqual(['api-canary', 'web']);
    expect(jobs([{ name: 'job', op: '=~', value: 'api' }])).toEqual(['api']);
    expect(jobs([{ name: 'job', op: '=~', value: 'api.*' }])).toEqual(['api', 'api-canary']);
    expect(jobs([{ name: 'job', op: '!~', value: 'a.*' }])).toEqual(['web']);
    // A missing label matches the empty string, as in PromQL.
    expect(jobs([{ name: 'zone', op: '=', value: '' }])).toEqual(['api', 'api-canary', 'web']);
  });

  it('maps counter and histogram sample names to their family', () => {
    const store = new SeriesStore();
    store.declare({ name: 'http_requests', type: 'counter', help: 'h' });
    store.declare({ name: 'd_seconds', type: 'histogram', help: 'h', unit: 'seconds' });
    expect(store.familyOf('http_requests_total')?.name).toBe('http_requests');
    expect(store.familyOf('d_seconds_bucket')?.name).toBe('d_seconds');
    expect(store.familyOf('http_requests')).toBeUndefined();
    expect(() => store.declare({ name: 'x_bytes', type: 'gauge', help: 'h', unit: 'seconds' })).toThrow(
      /_seconds/,
    );
  });

  it('stops recording once its memory estimate reaches the bound, and says from when', () => {
    const store = new SeriesStore({ maxBytes: BYTES_PER_SERIES + 3 * BYTES_PER_RUN });
    store.declare({ name: 'g', type: 'gauge', help: 'h' });
    for (let i = 0; i < 10; i++) {
      if (store.beginScrape(i * 1000)) store.record('g', {}, i);
    }
    expect(store.runs).toBe(3);
    expect(store.seriesCount).toBe(1);
    expect(store.estimatedBytes).toBe(BYTES_PER_SERIES + 3 * BYTES_PER_RUN);
    expect(store.truncatedAt).toBe(3000);
    expect(store.scrapeTimes).toEqual([0, 1000, 2000]);
  });

  it('samples() gives back exactly what was recorded, for any sequence (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: -3, max: 3 }), { nil: undefined }), { maxLength: 60 }),
        (values) => {
          const store = storeWith(values);
          const got = store.select('g')[0]?.samples() ?? [];
          const want = values.flatMap((v, i) => (v === undefined ? [] : [{ t: i * 1000, v }]));
          expect(got).toEqual(want);
          for (let i = 0; i < values.length; i++) {
            const latest = values.slice(0, i + 1).findLastIndex((v) => v !== undefined);
            const expected = latest >= 0 && i - latest <= 300 ? values[latest] : undefined;
            expect(store.select('g')[0]?.valueAt(i * 1000) ?? undefined).toBe(expected);
          }
        },
      ),
    );
  });
});
