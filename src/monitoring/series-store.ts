/**
 * The in-memory time-series store of one run's monitoring: what a Prometheus scraping the simulated
 * cluster would hold. Sources write the value of each series at each scrape; the OpenMetrics export
 * and (later) alert-rule evaluation read it back through `select` and `samples`.
 *
 * Layout (docs/monitoring.md, The series store): one list of scrape instants shared by every series,
 * and per series its values as runs of consecutive scrapes with the same value, so memory follows
 * how often values change, not the horizon. A series absent from a scrape (a deleted pod, a node
 * whose kubelet is down) has a gap there, as a target that stops exposing a series leaves one.
 */

/** OpenMetrics metric types kubesim writes. */
export type MetricType = 'gauge' | 'counter' | 'histogram';

/** A metric family: the name in `# TYPE`, its type, help and unit. */
export interface MetricFamily {
  /** The family name: a counter's samples are `<name>_total`, a histogram's `<name>_bucket|_sum|_count`. */
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** OpenMetrics `# UNIT`; the name then ends in `_<unit>`. */
  readonly unit?: string;
}

/** Label values of one series, by label name (the metric name is not a label here). */
export type SeriesLabels = Readonly<Record<string, string>>;

/** One sample: simulated milliseconds since the run's start, and the value. */
export interface Sample {
  readonly t: number;
  readonly v: number;
}

/** A PromQL label matcher: `=`, `!=`, `=~` and `!~` (regular expressions anchored at both ends). */
export interface LabelMatcher {
  readonly name: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** Suffixes of a family's sample names, by type. */
const SUFFIXES: Record<MetricType, readonly string[]> = {
  gauge: [''],
  counter: ['_total'],
  histogram: ['_bucket', '_sum', '_count'],
};

/** One stored series: a sample name (what PromQL selects), its labels, its runs of values. */
export class StoredSeries {
  /**
   * Its runs, three numbers each: the first scrape's index, the last one's (inclusive), the value.
   * One flat array per series keeps a short series small (most hold one or a few runs).
   */
  private readonly cells: number[] = [];

  constructor(
    readonly name: string,
    readonly family: MetricFamily,
    readonly labels: SeriesLabels,
    /** The sorted `name="value"` list, the series' identity within its name. */
    readonly key: string,
    private readonly times: readonly number[],
  ) {}

  /** Runs held (the store's memory measure). */
  get runs(): number {
    return this.cells.length / 3;
  }

  /** Records `value` at scrape `index` (the latest); returns whether a new run began. */
  append(index: number, value: number): boolean {
    const c = this.cells;
    const last = c.length - 3;
    if (last >= 0 && c[last + 1] === index) {
      // Written twice in one scrape: the later value wins.
      if (c[last] === index) {
        c[last + 2] = value;
        return false;
      }
      c[last + 1] = index - 1;
    }
    if (last >= 0 && c[last + 1] === index - 1 && Object.is(c[last + 2], value)) {
      c[last + 1] = index;
      return false;
    }
    c.push(index, index, value);
    return true;
  }

  /** The samples with `fromMs <= t <= toMs`, in time order. */
  samples(fromMs = Number.NEGATIVE_INFINITY, toMs = Number.POSITIVE_INFINITY): Sample[] {
    const out: Sample[] = [];
    const first = firstAtOrAfter(this.times, fromMs);
    const c = this.cells;
    for (let r = 0; r < c.length; r += 3) {
      const end = c[r + 1] as number;
      if (end < first) continue;
      const v = c[r + 2] as number;
      for (let i = Math.max(c[r] as number, first); i <= end; i++) {
        const t = this.times[i] as number;
        if (t > toMs) return out;
        out.push({ t, v });
      }
    }
    return out;
  }

  /**
   * The value PromQL's instant selector sees at `atMs`: the latest sample at or before it, if not
   * older than `lookbackMs` (Prometheus' --query.lookback-delta, 5 m by default); undefined otherwise.
   */
  valueAt(atMs: number, lookbackMs = 5 * 60_000): number | undefined {
    const i = firstAfter(this.times, atMs) - 1;
    const c = this.cells;
    for (let r = c.length - 3; r >= 0; r -= 3) {
      if ((c[r] as number) > i) continue;
      const latest = Math.min(c[r + 1] as number, i);
      return (this.times[latest] as number) < atMs - lookbackMs ? undefined : (c[r + 2] as number);
    }
    return undefined;
  }

  /** Scrape indices and values run by run, for writers that walk every sample. */
  *eachRun(): Generator<{ start: number; end: number; value: number }> {
    const c = this.cells;
    for (let r = 0; r < c.length; r += 3)
      yield { start: c[r] as number, end: c[r + 1] as number, value: c[r + 2] as number };
  }
}

/** Options of a store. */
export interface SeriesStoreOptions {
  /**
   * Estimated bytes kept at most (BYTES_PER_RUN per run, BYTES_PER_SERIES per series); past it the
   * store stops recording and notes from when.
   * @default DEFAULT_MAX_BYTES (400 MB)
   */
  maxBytes?: number;
}

/**
 * Heap bytes of one run and of one series beyond its runs (labels, key, arrays), measured on Node 20
 * with 4-label series; the store's memory estimate is runs × the one plus series × the other.
 */
export const BYTES_PER_RUN = 30;
export const BYTES_PER_SERIES = 550;
/** The default bound on the store's estimated memory. */
export const DEFAULT_MAX_BYTES = 400e6;

/**
 * Series by sample name and labels, recorded scrape by scrape. Write with `beginScrape(t)` then
 * `record(...)` for each series present; read with `families`, `select`, `series`.
 */
export class SeriesStore {
  /** Every scrape instant, ms since the run's start, ascending. */
  readonly scrapeTimes: number[] = [];
  private readonly familiesByName = new Map<string, MetricFamily>();
  /** Sample name → the family it belongs to. */
  private readonly familyOfSample = new Map<string, MetricFamily>();
  private readonly byName = new Map<string, { family: MetricFamily; byKey: Map<string, StoredSeries> }>();
  private readonly maxBytes: number;
  private totalRuns = 0;
  private totalSeries = 0;
  private truncated: number | null = null;

  constructor(options: SeriesStoreOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** Declares a family (idempotent for the same declaration). */
  declare(family: MetricFamily): MetricFamily {
    const known = this.familiesByName.get(family.name);
    if (known) {
      if (known.type !== family.type)
        throw new Error(
          `invariant: metric family ${family.name} declared as ${known.type} and ${family.type}`,
        );
      return known;
    }
    if (family.unit !== undefined && !family.name.endsWith(`_${family.unit}`))
      throw new Error(`invariant: metric family ${family.name} must end in _${family.unit}`);
    this.familiesByName.set(family.name, family);
    for (const suffix of SUFFIXES[family.type]) this.familyOfSample.set(family.name + suffix, family);
    return family;
  }

  /**
   * Opens the scrape at `atMs` (after every earlier one). Returns false once the store is full: the
   * scrape is not recorded, nor any after it.
   */
  beginScrape(atMs: number): boolean {
    if (this.truncated !== null) return false;
    const last = this.scrapeTimes[this.scrapeTimes.length - 1];
    if (last !== undefined && atMs <= last)
      throw new Error(`invariant: scrape at ${atMs} ms is not after the one at ${last} ms`);
    if (this.estimatedBytes >= this.maxBytes) {
      this.truncated = atMs;
      return false;
    }
    this.scrapeTimes.push(atMs);
    return true;
  }

  /** The value of one series (sample name and labels) at the open scrape. */
  record(sampleName: string, labels: SeriesLabels, value: number): void {
    if (this.scrapeTimes.length === 0 || this.truncated !== null) return;
    this.set(this.series(sampleName, labels), value);
  }

  /**
   * The series of `sampleName` with `labels`, made if new: a handle for sources that write the same
   * series scrape after scrape (`set`), sparing the label key each time. A series never set holds no
   * sample and is not selected.
   */
  series(sampleName: string, labels: SeriesLabels): StoredSeries {
    let named = this.byName.get(sampleName);
    if (!named) {
      const family = this.familyOfSample.get(sampleName);
      if (!family) throw new Error(`invariant: sample ${sampleName} of no declared family`);
      named = { family, byKey: new Map() };
      this.byName.set(sampleName, named);
    }
    const key = labelsKey(labels);
    let series = named.byKey.get(key);
    if (!series) {
      series = new StoredSeries(sampleName, named.family, { ...labels }, key, this.scrapeTimes);
      named.byKey.set(key, series);
    }
    return series;
  }

  /** Records `value` in `series` (a handle from `series`) at the open scrape. */
  set(series: StoredSeries, value: number): void {
    const index = this.scrapeTimes.length - 1;
    if (index < 0 || this.truncated !== null) return;
    if (series.runs === 0) this.totalSeries++;
    if (series.append(index, value)) this.totalRuns++;
  }

  /** The instant (ms) from which nothing was recorded because the store was full; null if never. */
  get truncatedAt(): number | null {
    return this.truncated;
  }

  /** Runs held over all series. */
  get runs(): number {
    return this.totalRuns;
  }

  /** Series held. */
  get seriesCount(): number {
    return this.totalSeries;
  }

  /** The memory estimate the bound applies to (bytes). */
  get estimatedBytes(): number {
    return this.totalRuns * BYTES_PER_RUN + this.totalSeries * BYTES_PER_SERIES;
  }

  /** Every declared family, sorted by name. */
  families(): MetricFamily[] {
    return [...this.familiesByName.values()].sort((a, b) => compare(a.name, b.name));
  }

  /** The family a sample name belongs to (`http_requests_total` → `http_requests`). */
  familyOf(sampleName: string): MetricFamily | undefined {
    return this.familyOfSample.get(sampleName);
  }

  /** The series of `sampleName` whose labels satisfy every matcher, sorted by labels. */
  select(sampleName: string, matchers: readonly LabelMatcher[] = []): StoredSeries[] {
    const named = this.byName.get(sampleName);
    if (!named) return [];
    const tests = matchers.map(matcherTest);
    return [...named.byKey.values()]
      .filter((s) => s.runs > 0 && tests.every((test) => test(s.labels)))
      .sort((a, b) => compare(a.key, b.key));
  }

  /** Every series of a family (all its sample names), sorted by sample name then labels. */
  seriesOf(family: MetricFamily): StoredSeries[] {
    return SUFFIXES[family.type].flatMap((suffix) => this.select(family.name + suffix));
  }
}

/** `a="1",b="2"`: labels sorted by name, the identity of a series within its name. */
export function labelsKey(labels: SeriesLabels): string {
  return Object.keys(labels)
    .sort(compare)
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
}

/** A matcher as a test on a series' labels; a missing label is the empty string, as in PromQL. */
export function matcherTest(m: LabelMatcher): (labels: SeriesLabels) => boolean {
  if (m.op === '=' || m.op === '!=') {
    const want = m.op === '=';
    return (labels) => ((labels[m.name] ?? '') === m.value) === want;
  }
  const re = new RegExp(`^(?:${m.value})$`, 'u');
  const want = m.op === '=~';
  return (labels) => re.test(labels[m.name] ?? '') === want;
}

/** The first index i with sorted[i] >= x. */
function firstAtOrAfter(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index i with sorted[i] > x. */
function firstAfter(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Code-unit order, the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
