import { MICROS_PER_MS } from '../engine/time.js';
import type { MonitoringOptions } from './collector.js';
import {
  EvaluationError,
  evaluate,
  type Labels,
  labelsId,
  type SelectedSeries,
  type SeriesSource,
} from './promql/evaluate.js';
import type { AlertingRule, MonitoringSpec, RecordingRule, RuleGroup } from './rules.js';
import { type LabelMatcher, matcherTest, type Sample, type SeriesStore } from './series-store.js';

/**
 * Rule evaluation after the run over its series. The alerts do not act on the cluster, so evaluating
 * once the run is over gives what a Prometheus evaluating during it would have. Each group is
 * evaluated at 0, interval, 2 × interval, … up to the run's end, rules in order; groups in file
 * order at each instant, so a recording rule feeds the rules after it (and, as in Prometheus,
 * rules of other groups from their next evaluation). State changes follow Prometheus 2.42's
 * rules/alerting.go: an alert is pending from the first evaluation its expression returns it, firing
 * once `t − activeAt ≥ for`, and, when it stops being returned, resolved, or kept firing while
 * `t − keepFiringSince < keep_firing_for`.
 */

/** One firing interval of one alert (a rule and a label set). */
export interface FiredAlert {
  alert: string;
  /** Its labels: the series' (without __name__) and the rule's, not `alertname`. */
  labels: Labels;
  /** ms since the run's start. */
  firedAtMs: number;
  /** The evaluation that found it resolved; null when still firing at the run's end. */
  resolvedAtMs: number | null;
  /** Its rule's `for` plus its group's interval: how long after its condition it can fire at the latest. */
  latencyMs: number;
}

/** A rule that failed at an evaluation (Prometheus logs and goes on); the first failure per rule. */
export interface RuleFailure {
  group: string;
  rule: string;
  atMs: number;
  message: string;
}

export interface AlertEvaluation {
  alerts: FiredAlert[];
  failures: RuleFailure[];
}

interface ActiveAlert {
  labels: Labels;
  state: 'pending' | 'firing' | 'inactive';
  activeAtMs: number;
  keepFiringSinceMs: number | null;
  interval: FiredAlert | null;
}

/** The collector's options a Scenario's spec.monitoring asks for (its scrapeInterval). */
export function alertingMonitoringOptions(spec: MonitoringSpec): MonitoringOptions {
  return spec.scrapeIntervalMs === undefined ? {} : { scrapeInterval: spec.scrapeIntervalMs * MICROS_PER_MS };
}

/** Evaluates every group over `store` from 0 to `endMs` inclusive. */
export function evaluateRules(
  groups: readonly RuleGroup[],
  store: SeriesStore,
  endMs: number,
): AlertEvaluation {
  const recorded = new RecordedSeriesSet();
  const source: SeriesSource = {
    select: (name, matchers) => [...store.select(name, matchers), ...recorded.select(name, matchers)],
  };
  const alerts: FiredAlert[] = [];
  const failures: RuleFailure[] = [];
  const failed = new Set<string>();
  const active = new Map<string, Map<string, ActiveAlert>>();
  // Every group's instants, merged in time order (group order breaks ties).
  const instants: { t: number; group: number }[] = [];
  groups.forEach((g, i) => {
    for (let t = 0; t <= endMs; t += g.intervalMs) instants.push({ t, group: i });
  });
  instants.sort((a, b) => a.t - b.t || a.group - b.group);
  for (const { t, group: gi } of instants) {
    const group = groups[gi] as RuleGroup;
    group.rules.forEach((rule, ri) => {
      const id = `${gi}/${ri}`;
      try {
        const result = resultVector(rule, t, source);
        if (rule.kind === 'record') recorded.write(rule, t, result);
        else {
          const state = active.get(id) ?? new Map<string, ActiveAlert>();
          active.set(id, state);
          step(rule, group.intervalMs, t, result, state, alerts);
        }
      } catch (e) {
        if (!(e instanceof EvaluationError)) throw e;
        // Prometheus logs a failed evaluation and goes on; kubesim reports the first one per rule.
        if (!failed.has(id))
          failures.push({ group: group.name, rule: rule.name, atMs: t, message: e.message });
        failed.add(id);
      }
    });
  }
  return { alerts, failures };
}

function resultVector(
  rule: AlertingRule | RecordingRule,
  t: number,
  source: SeriesSource,
): { labels: Labels; value: number }[] {
  const v = evaluate(rule.expr, t, source);
  if (v.kind === 'scalar') return [{ labels: {}, value: v.value }];
  if (v.kind !== 'vector')
    throw new EvaluationError(`rule "${rule.name}" must give an instant vector or a scalar, not a ${v.kind}`);
  return v.samples;
}

function step(
  rule: AlertingRule,
  intervalMs: number,
  t: number,
  result: { labels: Labels; value: number }[],
  active: Map<string, ActiveAlert>,
  out: FiredAlert[],
): void {
  const present = new Set<string>();
  for (const s of result) {
    const { __name__: _, ...series } = s.labels;
    // Rule labels override the series'. (Templates in them are not expanded: docs/alerting.md.)
    const labels = { ...series, ...rule.labels };
    const key = labelsId(labels);
    if (present.has(key))
      throw new EvaluationError(`vector contains metrics with the same labelset after applying alert labels`);
    present.add(key);
    const known = active.get(key);
    if (known && known.state !== 'inactive') continue;
    active.set(key, { labels, state: 'pending', activeAtMs: t, keepFiringSinceMs: null, interval: null });
  }
  for (const [key, a] of active) {
    if (!present.has(key)) {
      let keepFiring = false;
      if (a.state === 'firing' && rule.keepFiringForMs > 0) {
        a.keepFiringSinceMs ??= t;
        keepFiring = t - a.keepFiringSinceMs < rule.keepFiringForMs;
      }
      if (a.state === 'pending' || a.state === 'inactive') active.delete(key);
      if (!keepFiring) {
        if (a.state === 'firing' && a.interval) a.interval.resolvedAtMs = t;
        a.state = 'inactive';
        continue;
      }
    } else a.keepFiringSinceMs = null;
    if (a.state === 'pending' && t - a.activeAtMs >= rule.forMs) {
      a.state = 'firing';
      a.interval = {
        alert: rule.name,
        labels: a.labels,
        firedAtMs: t,
        resolvedAtMs: null,
        latencyMs: rule.forMs + intervalMs,
      };
      out.push(a.interval);
    }
  }
}

/** A recording rule's output: one series per label set, written at the group's evaluations. */
class RecordedSeries implements SelectedSeries {
  readonly points: Sample[] = [];
  /** Instants at which the rule ran without this series (Prometheus writes a stale marker). */
  readonly staleAt: number[] = [];
  constructor(readonly labels: Labels) {}

  valueAt(atMs: number, lookbackMs: number): number | undefined {
    let last: Sample | undefined;
    for (const p of this.points) if (p.t <= atMs) last = p;
    if (!last || last.t < atMs - lookbackMs) return undefined;
    const lastPoint = last;
    return this.staleAt.some((s) => s > lastPoint.t && s <= atMs) ? undefined : lastPoint.v;
  }

  samples(fromMs: number, toMs: number): Sample[] {
    return this.points.filter((p) => p.t >= fromMs && p.t <= toMs);
  }
}

class RecordedSeriesSet {
  private readonly byName = new Map<string, Map<string, RecordedSeries>>();

  write(rule: RecordingRule, t: number, result: { labels: Labels; value: number }[]): void {
    const named = this.byName.get(rule.name) ?? new Map<string, RecordedSeries>();
    this.byName.set(rule.name, named);
    const written = new Set<string>();
    for (const s of result) {
      const { __name__: _, ...labels } = { ...s.labels, ...rule.labels };
      const key = labelsId(labels);
      const series = named.get(key) ?? new RecordedSeries(labels);
      named.set(key, series);
      series.points.push({ t, v: s.value });
      written.add(key);
    }
    for (const [key, series] of named) if (!written.has(key)) series.staleAt.push(t);
  }

  select(name: string, matchers: readonly LabelMatcher[]): SelectedSeries[] {
    const tests = matchers.map(matcherTest);
    return [...(this.byName.get(name)?.values() ?? [])].filter((s) => tests.every((test) => test(s.labels)));
  }
}
