import type { Micros } from '../engine/time.js';

/** Label values of one series, by label name. */
export type MetricLabels = Readonly<Record<string, string>>;

/** A step function of simulated time: the value each change set, from the change on. */
class StepSeries {
  readonly times: Micros[] = [];
  readonly values: number[] = [];

  constructor(readonly labels: MetricLabels) {}

  get current(): number {
    return this.values.length === 0 ? 0 : (this.values[this.values.length - 1] as number);
  }

  set(value: number, at: Micros): void {
    const n = this.times.length;
    if (n > 0 && this.values[n - 1] === value) return;
    if (n > 0 && this.times[n - 1] === at) {
      this.values[n - 1] = value;
      return;
    }
    this.times.push(at);
    this.values.push(value);
  }

  /** The value at each of `times` (ascending): the last change at or before it, 0 before any. */
  sample(times: readonly Micros[]): number[] {
    const out: number[] = [];
    let i = -1;
    for (const t of times) {
      while (i + 1 < this.times.length && (this.times[i + 1] as number) <= t) i++;
      out.push(i < 0 ? 0 : (this.values[i] as number));
    }
    return out;
  }
}

/** A named metric with labelled series: a gauge (any value) or a counter (only grows). */
abstract class Metric {
  private readonly series = new Map<string, StepSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'gauge' | 'counter',
    private readonly now: () => Micros,
  ) {}

  protected seriesFor(labels: MetricLabels): StepSeries {
    const key = labelKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = new StepSeries(labels);
      this.series.set(key, s);
    }
    return s;
  }

  protected at(): Micros {
    return this.now();
  }

  /** Every series of the metric, in the order first written. */
  all(): readonly StepSeries[] {
    return [...this.series.values()];
  }
}

export class Gauge extends Metric {
  set(labels: MetricLabels, value: number): void {
    this.seriesFor(labels).set(value, this.at());
  }

  add(labels: MetricLabels, delta: number): void {
    const s = this.seriesFor(labels);
    s.set(s.current + delta, this.at());
  }

  value(labels: MetricLabels = {}): number {
    return this.seriesFor(labels).current;
  }
}

export class Counter extends Metric {
  inc(labels: MetricLabels = {}, by = 1): void {
    if (!(by >= 0))
      throw new RangeError(`Cannot increment counter ${this.name}: by must be >= 0: current value is ${by}`);
    const s = this.seriesFor(labels);
    s.set(s.current + by, this.at());
  }

  value(labels: MetricLabels = {}): number {
    return this.seriesFor(labels).current;
  }
}

/** One sampled series: the metric, its labels and a value per sample time. */
export interface SampledSeries {
  metric: string;
  type: 'gauge' | 'counter';
  labels: MetricLabels;
  values: number[];
}

/**
 * A run's named metrics (counters and gauges with labels) and their history in simulated time.
 * Trackers write to it as things change; charts, the OpenMetrics export and alert rules read it back
 * sampled on a fixed step with `sample`, so its cost follows the changes, not the horizon.
 */
export class MetricRegistry {
  private readonly metrics = new Map<string, Metric>();

  constructor(private readonly now: () => Micros) {}

  gauge(name: string, help: string): Gauge {
    return this.register(name, () => new Gauge(name, help, 'gauge', this.now));
  }

  counter(name: string, help: string): Counter {
    return this.register(name, () => new Counter(name, help, 'counter', this.now));
  }

  /** Every metric, in registration order. */
  get all(): readonly Metric[] {
    return [...this.metrics.values()];
  }

  /** Every series' value at 0, step, 2·step, … up to `end`. */
  sample(step: Micros, end: Micros): { times: Micros[]; series: SampledSeries[] } {
    if (!(step >= 1))
      throw new RangeError(`Cannot sample metrics: step must be >= 1 µs: current value is ${step}`);
    const times: Micros[] = [];
    for (let t = 0; t <= end; t += step) times.push(t);
    const series: SampledSeries[] = [];
    for (const m of this.metrics.values()) {
      for (const s of m.all())
        series.push({ metric: m.name, type: m.type, labels: s.labels, values: s.sample(times) });
    }
    return { times, series };
  }

  private register<M extends Metric>(name: string, make: () => M): M {
    if (this.metrics.has(name)) throw new Error(`invariant: metric ${name} registered twice`);
    const m = make();
    this.metrics.set(name, m);
    return m;
  }
}

function labelKey(labels: MetricLabels): string {
  const keys = Object.keys(labels).sort();
  return keys.map((k) => `${k}=${labels[k]}`).join(',');
}
