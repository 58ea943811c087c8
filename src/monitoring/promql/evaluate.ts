import type { LabelMatcher, Sample } from '../series-store.js';
import type { Expr } from './parse.js';

/**
 * Instant evaluation of PromQL at one time over the run's series, with Prometheus 2.x semantics
 * (promtool 2.42, Debian's, is the reference the tests cross-check against): instant selectors see
 * the latest sample within the 5 m lookback, range selectors the samples in [t − range, t].
 * Times are simulated milliseconds since the run's start.
 */

export type Labels = Record<string, string>;
export interface InstantSample {
  labels: Labels;
  value: number;
}
export interface RangeSeries {
  labels: Labels;
  points: Sample[];
}
export type Value =
  | { kind: 'vector'; samples: InstantSample[] }
  | { kind: 'scalar'; value: number }
  | { kind: 'matrix'; series: RangeSeries[] }
  | { kind: 'string'; value: string };

/** An expression kubesim cannot evaluate (a function or operator it does not support, a type error). */
export class EvaluationError extends Error {}

/** Prometheus' default --query.lookback-delta. */
export const LOOKBACK_MS = 5 * 60_000;

const NAME = '__name__';

/** One series as evaluation reads it (the store's StoredSeries, or a recording rule's). */
export interface SelectedSeries {
  readonly labels: Readonly<Record<string, string>>;
  valueAt(atMs: number, lookbackMs: number): number | undefined;
  samples(fromMs: number, toMs: number): Sample[];
}

/** What evaluation reads: the store, or the store with recorded series added (alerts.ts). */
export interface SeriesSource {
  select(sampleName: string, matchers: readonly LabelMatcher[]): readonly SelectedSeries[];
}

type Fn = (args: Expr[], t: number, ctx: Context) => Value;
interface Context {
  source: SeriesSource;
  eval: (e: Expr, t: number) => Value;
}

/** Evaluates `expr` at `t` (ms). Throws EvaluationError for what it does not support. */
export function evaluate(expr: Expr, t: number, source: SeriesSource): Value {
  const ctx: Context = { source, eval: (e, at) => evalExpr(e, at, ctx) };
  return ctx.eval(expr, t);
}

/** The function names an expression calls that evaluate() does not know. */
export function unsupportedFunctions(expr: Expr): string[] {
  const out = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.type === 'call') {
      if (!(e.name in FUNCTIONS)) out.add(e.name);
      e.args.forEach(walk);
    } else if (e.type === 'aggregate') {
      if (!SUPPORTED_AGGREGATIONS.has(e.op)) out.add(e.op);
      walk(e.expr);
      if (e.param) walk(e.param);
    } else if (e.type === 'binary') {
      walk(e.lhs);
      walk(e.rhs);
    } else if (e.type === 'unary' || e.type === 'paren') walk(e.expr);
  };
  walk(expr);
  return [...out];
}

function evalExpr(e: Expr, t: number, ctx: Context): Value {
  switch (e.type) {
    case 'number':
      return { kind: 'scalar', value: e.value };
    case 'string':
      return { kind: 'string', value: e.value };
    case 'paren':
      return ctx.eval(e.expr, t);
    case 'selector':
      return e.rangeMs === undefined ? instantSelect(e, t, ctx.source) : rangeSelect(e, t, ctx.source);
    case 'unary': {
      const v = ctx.eval(e.expr, t);
      if (v.kind === 'scalar') return { kind: 'scalar', value: -v.value };
      return {
        kind: 'vector',
        samples: vector(v, 'unary -').map((s) => ({ labels: dropName(s.labels), value: -s.value })),
      };
    }
    case 'call': {
      const fn = FUNCTIONS[e.name];
      if (!fn) throw new EvaluationError(`unsupported function ${e.name}()`);
      return fn(e.args, t, ctx);
    }
    case 'aggregate':
      return aggregate(e, t, ctx);
    case 'binary':
      return binary(e, t, ctx);
  }
}

/** Splits off matchers on `__name__` (the store keeps the name apart from the labels). */
function nameAndMatchers(e: Extract<Expr, { type: 'selector' }>): { name: string; rest: LabelMatcher[] } {
  const nameEq = e.matchers.find((m) => m.name === NAME && m.op === '=');
  const name = e.name ?? nameEq?.value;
  if (name === undefined) throw new EvaluationError('a selector needs a metric name (or {__name__="…"})');
  const nameTests = e.matchers.filter((m) => m.name === NAME);
  for (const m of nameTests) {
    const ok =
      m.op === '='
        ? name === m.value
        : m.op === '!='
          ? name !== m.value
          : new RegExp(`^(?:${m.value})$`, 'u').test(name) === (m.op === '=~');
    if (!ok) return { name: '', rest: [] };
  }
  return { name, rest: e.matchers.filter((m) => m.name !== NAME) };
}

function instantSelect(e: Extract<Expr, { type: 'selector' }>, t: number, source: SeriesSource): Value {
  const { name, rest } = nameAndMatchers(e);
  const samples: InstantSample[] = [];
  if (name !== '')
    for (const s of source.select(name, rest)) {
      const v = s.valueAt(t - e.offsetMs, LOOKBACK_MS);
      if (v !== undefined) samples.push({ labels: { [NAME]: name, ...s.labels }, value: v });
    }
  return { kind: 'vector', samples };
}

function rangeSelect(e: Extract<Expr, { type: 'selector' }>, t: number, source: SeriesSource): Value {
  const { name, rest } = nameAndMatchers(e);
  const end = t - e.offsetMs;
  const series: RangeSeries[] = [];
  // Prometheus 2.x selects [t − range, t], both ends included (3.0 made the start exclusive).
  if (name !== '')
    for (const s of source.select(name, rest)) {
      const points = s.samples(end - (e.rangeMs as number), end);
      if (points.length > 0) series.push({ labels: { [NAME]: name, ...s.labels }, points });
    }
  return { kind: 'matrix', series };
}

function vector(v: Value, where: string): InstantSample[] {
  if (v.kind !== 'vector') throw new EvaluationError(`${where} expects an instant vector, got a ${v.kind}`);
  return v.samples;
}

function scalar(v: Value, where: string): number {
  if (v.kind !== 'scalar') throw new EvaluationError(`${where} expects a scalar, got a ${v.kind}`);
  return v.value;
}

function dropName(labels: Labels): Labels {
  const { [NAME]: _, ...rest } = labels;
  return rest;
}

// ---------------------------------------------------------------- functions

function matrixArg(
  args: Expr[],
  t: number,
  ctx: Context,
  fn: string,
): { series: RangeSeries[]; rangeMs: number; endMs: number } {
  const a = args[0];
  if (args.length !== 1 || a?.type !== 'selector' || a.rangeMs === undefined)
    throw new EvaluationError(`${fn}() expects one range vector such as x[5m]`);
  const v = ctx.eval(a, t);
  return { series: (v as { series: RangeSeries[] }).series, rangeMs: a.rangeMs, endMs: t - a.offsetMs };
}

/**
 * Prometheus 2.x `extrapolatedRate` (promql/functions.go): the increase between the first and last
 * sample in the range, corrected for counter resets, extrapolated to the range's ends unless a
 * sample is more than 1.1 average intervals from that end (then by half an interval), and not
 * below zero for counters.
 */
export function extrapolatedRate(
  points: readonly Sample[],
  rangeStartMs: number,
  rangeEndMs: number,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  if (points.length < 2) return undefined;
  const first = points[0] as Sample;
  const last = points[points.length - 1] as Sample;
  let result = last.v - first.v;
  if (isCounter) {
    let previous = first.v;
    for (const p of points) {
      if (p.v < previous) result += previous;
      previous = p.v;
    }
  }
  let durationToStart = (first.t - rangeStartMs) / 1000;
  const durationToEnd = (rangeEndMs - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageBetween = sampledInterval / (points.length - 1);
  if (isCounter && result > 0 && first.v >= 0) {
    const durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageBetween * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
  result *= extrapolateTo / sampledInterval;
  if (isRate) result /= (rangeEndMs - rangeStartMs) / 1000;
  return result;
}

function rateFn(isCounter: boolean, isRate: boolean, name: string): Fn {
  return (args, t, ctx) => {
    const { series, rangeMs, endMs } = matrixArg(args, t, ctx, name);
    const samples: InstantSample[] = [];
    for (const s of series) {
      const v = extrapolatedRate(s.points, endMs - rangeMs, endMs, isCounter, isRate);
      if (v !== undefined) samples.push({ labels: dropName(s.labels), value: v });
    }
    return { kind: 'vector', samples };
  };
}

/** irate/idelta: the last two samples (Prometheus' instantValue). */
function instantRateFn(isRate: boolean, name: string): Fn {
  return (args, t, ctx) => {
    const { series } = matrixArg(args, t, ctx, name);
    const samples: InstantSample[] = [];
    for (const s of series) {
      if (s.points.length < 2) continue;
      const last = s.points[s.points.length - 1] as Sample;
      const prev = s.points[s.points.length - 2] as Sample;
      let v = isRate && last.v < prev.v ? last.v : last.v - prev.v;
      if (isRate) v /= (last.t - prev.t) / 1000;
      samples.push({ labels: dropName(s.labels), value: v });
    }
    return { kind: 'vector', samples };
  };
}

function overTime(name: string, f: (values: number[]) => number): Fn {
  return (args, t, ctx) => {
    const { series } = matrixArg(args, t, ctx, name);
    return {
      kind: 'vector',
      samples: series.map((s) => ({ labels: dropName(s.labels), value: f(s.points.map((p) => p.v)) })),
    };
  };
}

function mathFn(name: string, f: (x: number, ...params: number[]) => number, params = 0): Fn {
  return (args, t, ctx) => {
    if (args.length !== 1 + params) throw new EvaluationError(`${name}() expects ${1 + params} argument(s)`);
    const ps = args.slice(1).map((a) => scalar(ctx.eval(a, t), `${name}()`));
    const v = vector(ctx.eval(args[0] as Expr, t), `${name}()`);
    return {
      kind: 'vector',
      samples: v.map((s) => ({ labels: dropName(s.labels), value: f(s.value, ...ps) })),
    };
  };
}

/** absent(v): one sample of 1 when v is empty, labelled with the selector's equality matchers. */
function absentFn(overRange: boolean): Fn {
  return (args, t, ctx) => {
    const a = args[0];
    if (args.length !== 1 || !a) throw new EvaluationError('absent() expects one argument');
    const v = ctx.eval(a, t);
    const empty = overRange
      ? (v as { series: RangeSeries[] }).series.length === 0
      : vector(v, 'absent()').length === 0;
    if (!empty) return { kind: 'vector', samples: [] };
    const labels: Labels = {};
    if (a.type === 'selector') {
      const seen = new Set<string>();
      for (const m of a.matchers) {
        if (m.name === NAME) continue;
        // A label matched twice with = is ambiguous: Prometheus leaves it out.
        if (m.op === '=' && !seen.has(m.name)) labels[m.name] = m.value;
        else delete labels[m.name];
        seen.add(m.name);
      }
    }
    return { kind: 'vector', samples: [{ labels, value: 1 }] };
  };
}

interface Bucket {
  upperBound: number;
  count: number;
}

/** Prometheus 2.x `bucketQuantile` (promql/quantile.go) over classic histogram buckets. */
export function bucketQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted.length === 0 || (sorted[sorted.length - 1] as Bucket).upperBound !== Number.POSITIVE_INFINITY)
    return Number.NaN;
  // coalesceBuckets: buckets with the same bound add up.
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else buckets.push({ ...b });
  }
  // ensureMonotonic: a bucket never counts fewer than the one below it.
  let max = Number.NEGATIVE_INFINITY;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else b.count = max;
  }
  if (buckets.length < 2) return Number.NaN;
  const observations = (buckets[buckets.length - 1] as Bucket).count;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && (buckets[b] as Bucket).count < rank) b++;
  if (b === buckets.length - 1) return (buckets[buckets.length - 2] as Bucket).upperBound;
  if (b === 0 && (buckets[0] as Bucket).upperBound <= 0) return (buckets[0] as Bucket).upperBound;
  let bucketStart = 0;
  const bucketEnd = (buckets[b] as Bucket).upperBound;
  let count = (buckets[b] as Bucket).count;
  if (b > 0) {
    const below = buckets[b - 1] as Bucket;
    bucketStart = below.upperBound;
    count -= below.count;
    rank -= below.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

const histogramQuantile: Fn = (args, t, ctx) => {
  if (args.length !== 2) throw new EvaluationError('histogram_quantile() expects (φ, buckets)');
  const q = scalar(ctx.eval(args[0] as Expr, t), 'histogram_quantile()');
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const s of vector(ctx.eval(args[1] as Expr, t), 'histogram_quantile()')) {
    const le = s.labels.le;
    const upperBound = le === undefined ? Number.NaN : parseBound(le);
    if (Number.isNaN(upperBound)) continue; // Prometheus skips samples without a usable le.
    const { le: _, ...rest } = dropName(s.labels);
    const key = labelsId(rest);
    const g = groups.get(key) ?? { labels: rest, buckets: [] };
    g.buckets.push({ upperBound, count: s.value });
    groups.set(key, g);
  }
  return {
    kind: 'vector',
    samples: [...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets) })),
  };
};

function parseBound(le: string): number {
  if (/^\+?inf$/i.test(le)) return Number.POSITIVE_INFINITY;
  if (/^-inf$/i.test(le)) return Number.NEGATIVE_INFINITY;
  const n = Number(le);
  return le.trim() === '' ? Number.NaN : n;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const FUNCTIONS: Record<string, Fn> = {
  rate: rateFn(true, true, 'rate'),
  increase: rateFn(true, false, 'increase'),
  delta: rateFn(false, false, 'delta'),
  irate: instantRateFn(true, 'irate'),
  idelta: instantRateFn(false, 'idelta'),
  avg_over_time: overTime('avg_over_time', (xs) => sum(xs) / xs.length),
  sum_over_time: overTime('sum_over_time', sum),
  min_over_time: overTime('min_over_time', (xs) => Math.min(...xs)),
  max_over_time: overTime('max_over_time', (xs) => Math.max(...xs)),
  count_over_time: overTime('count_over_time', (xs) => xs.length),
  last_over_time: overTime('last_over_time', (xs) => xs[xs.length - 1] as number),
  present_over_time: overTime('present_over_time', () => 1),
  changes: overTime('changes', (xs) => xs.filter((x, i) => i > 0 && !Object.is(x, xs[i - 1])).length),
  resets: overTime('resets', (xs) => xs.filter((x, i) => i > 0 && x < (xs[i - 1] as number)).length),
  abs: mathFn('abs', Math.abs),
  ceil: mathFn('ceil', Math.ceil),
  floor: mathFn('floor', Math.floor),
  clamp_min: mathFn('clamp_min', (x, lo) => Math.max(x, lo as number), 1),
  clamp_max: mathFn('clamp_max', (x, hi) => Math.min(x, hi as number), 1),
  absent: absentFn(false),
  absent_over_time: absentFn(true),
  histogram_quantile: histogramQuantile,
  time: (_args, t) => ({ kind: 'scalar', value: t / 1000 }),
  vector: (args, t, ctx) => ({
    kind: 'vector',
    samples: [{ labels: {}, value: scalar(ctx.eval(args[0] as Expr, t), 'vector()') }],
  }),
  scalar: (args, t, ctx) => {
    const v = vector(ctx.eval(args[0] as Expr, t), 'scalar()');
    return { kind: 'scalar', value: v.length === 1 ? (v[0] as InstantSample).value : Number.NaN };
  },
};

// ---------------------------------------------------------------- aggregation

const SUPPORTED_AGGREGATIONS = new Set(['sum', 'avg', 'max', 'min', 'count', 'group', 'stddev', 'stdvar']);

function aggregate(e: Extract<Expr, { type: 'aggregate' }>, t: number, ctx: Context): Value {
  if (!SUPPORTED_AGGREGATIONS.has(e.op)) throw new EvaluationError(`unsupported aggregation ${e.op}()`);
  const input = vector(ctx.eval(e.expr, t), `${e.op}()`);
  const groups = new Map<string, { labels: Labels; values: number[] }>();
  for (const s of input) {
    const labels = groupLabels(s.labels, e.grouping);
    const key = labelsId(labels);
    const g = groups.get(key) ?? { labels, values: [] };
    g.values.push(s.value);
    groups.set(key, g);
  }
  const reduce: Record<string, (xs: number[]) => number> = {
    sum,
    avg: (xs) => sum(xs) / xs.length,
    // Prometheus' max/min replace a NaN by any number.
    max: (xs) => xs.reduce((a, b) => (b > a || Number.isNaN(a) ? b : a)),
    min: (xs) => xs.reduce((a, b) => (b < a || Number.isNaN(a) ? b : a)),
    count: (xs) => xs.length,
    group: () => 1,
    stdvar: variance,
    stddev: (xs) => Math.sqrt(variance(xs)),
  };
  const f = reduce[e.op] as (xs: number[]) => number;
  return {
    kind: 'vector',
    samples: [...groups.values()].map((g) => ({ labels: g.labels, value: f(g.values) })),
  };
}

function variance(xs: number[]): number {
  const mean = sum(xs) / xs.length;
  return sum(xs.map((x) => (x - mean) ** 2)) / xs.length;
}

function groupLabels(labels: Labels, grouping: Extract<Expr, { type: 'aggregate' }>['grouping']): Labels {
  const out: Labels = {};
  if (!grouping) return out;
  if (grouping.mode === 'by') {
    for (const l of grouping.labels)
      if (l !== NAME && labels[l] !== undefined && labels[l] !== '') out[l] = labels[l];
    return out;
  }
  for (const [k, v] of Object.entries(labels)) if (k !== NAME && !grouping.labels.includes(k)) out[k] = v;
  return out;
}

/** A label set's identity (sorted names and values). */
export function labelsId(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}

// ---------------------------------------------------------------- binary operators

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '^': (a, b) => a ** b,
};
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
};

function binary(e: Extract<Expr, { type: 'binary' }>, t: number, ctx: Context): Value {
  const lhs = ctx.eval(e.lhs, t);
  const rhs = ctx.eval(e.rhs, t);
  if (e.op === 'and' || e.op === 'or' || e.op === 'unless')
    return setOperation(e, vector(lhs, e.op), vector(rhs, e.op));
  const arith = ARITHMETIC[e.op];
  const cmp = COMPARE[e.op];
  if (lhs.kind === 'scalar' && rhs.kind === 'scalar') {
    if (arith) return { kind: 'scalar', value: arith(lhs.value, rhs.value) };
    if (!e.bool) throw new EvaluationError('comparisons between scalars must use the bool modifier');
    return { kind: 'scalar', value: cmp?.(lhs.value, rhs.value) ? 1 : 0 };
  }
  // The result of a comparison without bool keeps the series' name; arithmetic and bool drop it.
  const apply = (l: number, r: number, labels: Labels, keep: number): InstantSample | undefined => {
    if (arith) return { labels: dropName(labels), value: arith(l, r) };
    const yes = (cmp as (a: number, b: number) => boolean)(l, r);
    if (e.bool) return { labels: dropName(labels), value: yes ? 1 : 0 };
    return yes ? { labels, value: keep } : undefined;
  };
  if (lhs.kind === 'scalar' || rhs.kind === 'scalar') {
    const scalarLeft = lhs.kind === 'scalar';
    const k = scalarLeft ? (lhs as { value: number }).value : (rhs as { value: number }).value;
    const v = vector(scalarLeft ? rhs : lhs, e.op);
    const samples: InstantSample[] = [];
    for (const s of v) {
      const r = scalarLeft ? apply(k, s.value, s.labels, s.value) : apply(s.value, k, s.labels, s.value);
      if (r) samples.push(r);
    }
    return { kind: 'vector', samples };
  }
  return oneToOne(e, vector(lhs, e.op), vector(rhs, e.op), apply);
}

function signature(labels: Labels, matching: Extract<Expr, { type: 'binary' }>['matching']): string {
  const out: Labels = {};
  for (const [k, v] of Object.entries(labels)) {
    if (k === NAME && matching?.mode !== 'on') continue;
    if (matching?.mode === 'on' ? matching.labels.includes(k) : !matching?.labels.includes(k)) out[k] = v;
  }
  return labelsId(out);
}

function oneToOne(
  e: Extract<Expr, { type: 'binary' }>,
  lhs: InstantSample[],
  rhs: InstantSample[],
  apply: (l: number, r: number, labels: Labels, keep: number) => InstantSample | undefined,
): Value {
  const right = new Map<string, InstantSample>();
  for (const s of rhs) {
    const sig = signature(s.labels, e.matching);
    if (right.has(sig))
      throw new EvaluationError(
        `found duplicate series for the match group ${sig} on the right hand-side of the operation (many-to-many matching is not supported)`,
      );
    right.set(sig, s);
  }
  const seen = new Set<string>();
  const samples: InstantSample[] = [];
  for (const l of lhs) {
    const sig = signature(l.labels, e.matching);
    const r = right.get(sig);
    if (!r) continue;
    if (seen.has(sig))
      throw new EvaluationError(
        `multiple matches for labels ${sig}: many-to-one matching must be explicit (group_left/group_right)`,
      );
    seen.add(sig);
    const out = apply(l.value, r.value, resultLabels(l.labels, e.matching), l.value);
    if (out) samples.push(out);
  }
  return { kind: 'vector', samples };
}

/** One-to-one results keep only the `on` labels, or drop the `ignoring` ones (Prometheus' resultMetric). */
function resultLabels(labels: Labels, matching: Extract<Expr, { type: 'binary' }>['matching']): Labels {
  if (!matching) return labels;
  const out: Labels = {};
  for (const [k, v] of Object.entries(labels)) {
    const listed = matching.labels.includes(k);
    if (k === NAME || (matching.mode === 'on' ? listed : !listed)) out[k] = v;
  }
  return out;
}

function setOperation(
  e: Extract<Expr, { type: 'binary' }>,
  lhs: InstantSample[],
  rhs: InstantSample[],
): Value {
  const rightSigs = new Set(rhs.map((s) => signature(s.labels, e.matching)));
  if (e.op === 'and')
    return { kind: 'vector', samples: lhs.filter((s) => rightSigs.has(signature(s.labels, e.matching))) };
  if (e.op === 'unless')
    return { kind: 'vector', samples: lhs.filter((s) => !rightSigs.has(signature(s.labels, e.matching))) };
  const leftSigs = new Set(lhs.map((s) => signature(s.labels, e.matching)));
  return {
    kind: 'vector',
    samples: [...lhs, ...rhs.filter((s) => !leftSigs.has(signature(s.labels, e.matching)))],
  };
}
