import { describe, expect, it } from 'vitest';
import {
  bucketQuantile,
  EvaluationError,
  evaluate,
  unsupportedFunctions,
  type Value,
} from '../../src/monitoring/promql/evaluate.js';
import { parsePromql } from '../../src/monitoring/promql/parse.js';
import type { SeriesStore } from '../../src/monitoring/series-store.js';
import { storeOf } from './promql-fixtures.js';

const at = (store: SeriesStore, q: string, tSeconds: number): Value =>
  evaluate(parsePromql(q), tSeconds * 1000, store);
/** Vector results as `labels => value`, sorted, for compact assertions. */
function rows(v: Value): Record<string, number> {
  if (v.kind === 'scalar') return { scalar: v.value };
  if (v.kind !== 'vector') throw new Error(v.kind);
  return Object.fromEntries(
    v.samples.map((s) => [
      Object.entries(s.labels)
        .sort()
        .map(([k, x]) => `${k}=${x}`)
        .join(','),
      s.value,
    ]),
  );
}

describe('rate, increase, irate (Prometheus 2.x extrapolatedRate)', () => {
  const store = storeOf(15_000, [
    { name: 'c_total', type: 'counter', values: [0, 10, 20, 30, 40] },
    { name: 'r_total', type: 'counter', values: [5, 10, 2, 6] },
  ]);
  it('covers the whole range: no extrapolation', () => {
    expect(rows(at(store, 'increase(c_total[1m])', 60))).toEqual({ '': 40 });
    expect(rows(at(store, 'rate(c_total[1m])', 60))['']).toBeCloseTo(40 / 60, 12);
  });
  it('extrapolates to the end by its distance and to the start no further than zero', () => {
    // Range [-10 s, 50 s]: samples at 0..45 s (0..30); toStart 10 s is cut to 0 (the counter was 0),
    // toEnd 5 s < 1.1 × 15 s: 30 × (45 + 5) / 45.
    expect(rows(at(store, 'increase(c_total[1m])', 50))['']).toBeCloseTo((30 * 50) / 45, 12);
    expect(rows(at(store, 'rate(c_total[1m])', 50))['']).toBeCloseTo((30 * 50) / 45 / 60, 12);
  });
  it('extrapolates by half an interval when the gap is beyond 1.1 intervals', () => {
    // Range [20 s, 80 s]: samples 30, 45, 60 s (20, 30, 40); toStart 10 s < 16.5 s; toEnd 20 s → 7.5 s.
    // durationToZero = 30 × 20/20 = 30 s > 10 s. 20 × (30 + 10 + 7.5) / 30.
    expect(rows(at(store, 'increase(c_total[1m])', 80))['']).toBeCloseTo((20 * 47.5) / 30, 12);
  });
  it('adds the value before a counter reset', () => {
    expect(rows(at(store, 'increase(r_total[45s])', 45))).toEqual({ '': 11 });
    expect(rows(at(store, 'irate(r_total[1m])', 45))['']).toBeCloseTo(4 / 15, 12);
    expect(rows(at(store, 'irate(r_total[1m])', 30))['']).toBeCloseTo(2 / 15, 12);
  });
  it('needs two samples', () => {
    expect(rows(at(store, 'rate(c_total[10s])', 60))).toEqual({});
  });
  it('offset moves the range back', () => {
    expect(rows(at(store, 'increase(c_total[30s] offset 30s)', 60))).toEqual({ '': 20 });
    expect(rows(at(store, 'c_total offset 30s', 60))).toEqual({ '__name__=c_total': 20 });
  });
});

describe('selectors', () => {
  const store = storeOf(60_000, [
    { name: 'g', type: 'gauge', labels: { ns: 'a', pod: '1' }, values: [1, 1, 1] },
    { name: 'g', type: 'gauge', labels: { ns: 'a', pod: '2' }, values: [2, 2, 2] },
    { name: 'g', type: 'gauge', labels: { ns: 'b', pod: '3' }, values: [5, 5, 5] },
    { name: 'h', type: 'gauge', labels: { ns: 'a' }, values: [10, null, null] },
  ]);
  it('matchers select, the name is a label', () => {
    expect(rows(at(store, 'g{ns="a",pod=~"1|3"}', 120))).toEqual({ '__name__=g,ns=a,pod=1': 1 });
    expect(rows(at(store, '{__name__="g",ns!="a"}', 120))).toEqual({ '__name__=g,ns=b,pod=3': 5 });
  });
  it('an instant selector sees a sample up to 5 minutes old', () => {
    expect(rows(at(store, 'h', 300))).toEqual({ '__name__=h,ns=a': 10 });
    expect(rows(at(store, 'h', 300.001))).toEqual({});
  });
  it('absent', () => {
    expect(rows(at(store, 'absent(nope{job="x",a=~"y"})', 60))).toEqual({ 'job=x': 1 });
    expect(rows(at(store, 'absent(g)', 60))).toEqual({});
  });
});

describe('aggregations and operators', () => {
  const store = storeOf(60_000, [
    { name: 'g', type: 'gauge', labels: { ns: 'a', pod: '1' }, values: [1] },
    { name: 'g', type: 'gauge', labels: { ns: 'a', pod: '2' }, values: [2] },
    { name: 'g', type: 'gauge', labels: { ns: 'b', pod: '3' }, values: [5] },
    { name: 'h', type: 'gauge', labels: { ns: 'a' }, values: [10] },
  ]);
  it.each([
    ['sum by (ns) (g)', { 'ns=a': 3, 'ns=b': 5 }],
    ['count without (pod) (g)', { 'ns=a': 2, 'ns=b': 1 }],
    ['max by (ns) (g)', { 'ns=a': 2, 'ns=b': 5 }],
    ['min(g)', { '': 1 }],
    ['avg by (ns) (g)', { 'ns=a': 1.5, 'ns=b': 5 }],
    ['stddev by (ns) (g)', { 'ns=a': 0.5, 'ns=b': 0 }],
    ['g > 1', { '__name__=g,ns=a,pod=2': 2, '__name__=g,ns=b,pod=3': 5 }],
    ['1 < g', { '__name__=g,ns=a,pod=2': 2, '__name__=g,ns=b,pod=3': 5 }],
    ['g > bool 1', { 'ns=a,pod=1': 0, 'ns=a,pod=2': 1, 'ns=b,pod=3': 1 }],
    ['g * 2 ^ 2', { 'ns=a,pod=1': 4, 'ns=a,pod=2': 8, 'ns=b,pod=3': 20 }],
    ['-g{pod="3"} % 3', { 'ns=b,pod=3': -2 }],
    ['sum by (ns) (g) / on(ns) h', { 'ns=a': 0.3 }],
    ['sum by (ns) (g) / h', { 'ns=a': 0.3 }],
    ['g{pod="1"} + ignoring(pod) h', { 'ns=a': 11 }],
    ['g and on(ns) h', { '__name__=g,ns=a,pod=1': 1, '__name__=g,ns=a,pod=2': 2 }],
    ['g unless on(ns) h', { '__name__=g,ns=b,pod=3': 5 }],
    ['h or g{ns="b"}', { '__name__=h,ns=a': 10, '__name__=g,ns=b,pod=3': 5 }],
    ['1 > bool 2', { scalar: 0 }],
    ['time()', { scalar: 60 }],
  ])('%s', (q, want) => {
    expect(rows(at(store, q, 60))).toEqual(want);
  });
  it('rejects what Prometheus rejects', () => {
    expect(() => at(store, '1 > 2', 0)).toThrow(EvaluationError);
    expect(() => at(store, 'g / on(ns) h', 0)).toThrow(/multiple matches/);
  });
});

describe('histogram_quantile (bucketQuantile)', () => {
  const buckets = [
    { upperBound: 0.1, count: 10 },
    { upperBound: 0.5, count: 30 },
    { upperBound: Number.POSITIVE_INFINITY, count: 40 },
  ];
  it.each([
    [0.5, 0.3],
    [0.1, 0.04],
    [0.99, 0.5],
    [-1, Number.NEGATIVE_INFINITY],
    [2, Number.POSITIVE_INFINITY],
  ])('q=%s → %s', (q, want) => {
    expect(bucketQuantile(q, buckets)).toBeCloseTo(want, 12);
  });
  it('needs a +Inf bucket and observations; fixes non-monotonic counts', () => {
    expect(bucketQuantile(0.5, buckets.slice(0, 2))).toBeNaN();
    expect(
      bucketQuantile(
        0.5,
        buckets.map((b) => ({ ...b, count: 0 })),
      ),
    ).toBeNaN();
    expect(
      bucketQuantile(0.5, [
        { upperBound: 1, count: 4 },
        { upperBound: 2, count: 3 },
        { upperBound: Number.POSITIVE_INFINITY, count: 4 },
      ]),
    ).toBeCloseTo(0.5, 12);
  });
  it('groups buckets by their other labels', () => {
    const store = storeOf(60_000, [
      ...[
        ['0.1', 10],
        ['0.5', 30],
        ['+Inf', 40],
      ].map(([le, v]) => ({
        name: 'd_bucket',
        type: 'histogram' as const,
        labels: { svc: 'a', le: String(le) },
        values: [Number(v)],
      })),
      ...[
        ['0.1', 0],
        ['0.5', 4],
        ['+Inf', 4],
      ].map(([le, v]) => ({
        name: 'd_bucket',
        type: 'histogram' as const,
        labels: { svc: 'b', le: String(le) },
        values: [Number(v)],
      })),
    ]);
    const r = rows(at(store, 'histogram_quantile(0.5, d_bucket)', 0));
    expect(r['svc=a']).toBeCloseTo(0.3, 12);
    expect(r['svc=b']).toBeCloseTo(0.3, 12);
  });
});

describe('unsupported functions', () => {
  it('are named', () => {
    const e = parsePromql(
      'predict_linear(x[1h], 3600) > 0 and label_replace(y, "a", "$1", "b", "(.*)") or topk(3, z)',
    );
    expect(unsupportedFunctions(e).sort()).toEqual(['label_replace', 'predict_linear', 'topk']);
    expect(() => evaluate(e, 0, storeOf(1000, []))).toThrow('unsupported function predict_linear()');
  });
});
