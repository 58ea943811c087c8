import type { TopLevelSpec } from 'vega-lite';
import type { RunReport } from '../json.js';
import {
  CHART_WIDTH,
  type Chart,
  inUnit,
  type TimeRow,
  type TimeUnit,
  timeChart,
  topLevel,
} from './chart.js';
import { troubleLayers } from './markers.js';

type Traffic = NonNullable<RunReport['traffic']>;
type ServiceSeries = NonNullable<Traffic['series']>[number];

/** Rows of one per-step quantity of every Service. */
function stepRows(
  series: readonly ServiceSeries[],
  unit: TimeUnit,
  pick: (s: ServiceSeries, i: number) => { series: string; value: number | null }[],
): TimeRow[] {
  return series.flatMap((s) =>
    s.atSeconds.flatMap((at, i) =>
      pick(s, i).flatMap((p) =>
        p.value === null ? [] : [{ t: inUnit(at, unit), series: p.series, value: p.value }],
      ),
    ),
  );
}

const perSecond = (count: number, stepSeconds: number) => Math.round((count / stepSeconds) * 1000) / 1000;

/** Requests per second offered, served and failed, per Service and step. */
export function requestRateChart(r: RunReport, unit: TimeUnit): Chart | undefined {
  const series = r.traffic?.series ?? [];
  if (series.length === 0) return undefined;
  const step = r.series.stepSeconds;
  return {
    name: 'request-rate',
    title: 'Request rate',
    description: 'Requests per second that arrived, were answered and failed (after retries), per Service.',
    spec: timeChart({
      title: 'Request rate',
      unit,
      rows: stepRows(series, unit, (s, i) => [
        { series: `${s.service} offered`, value: perSecond(s.offered[i] ?? 0, step) },
        { series: `${s.service} served`, value: perSecond(s.served[i] ?? 0, step) },
        { series: `${s.service} failed`, value: perSecond(s.failed[i] ?? 0, step) },
      ]),
      yTitle: 'requests/s',
      mark: 'line',
      seriesTitle: 'Service',
      layers: troubleLayers(r, unit),
    }),
  };
}

/** Served ÷ ended requests per step: request availability over time, with faults and incidents. */
export function requestAvailabilityChart(r: RunReport, unit: TimeUnit): Chart | undefined {
  const series = r.traffic?.series ?? [];
  if (series.length === 0) return undefined;
  return {
    name: 'request-availability',
    title: 'Request availability',
    description:
      'Share of the requests ended in each step that were answered, per Service (steps with none ended are left out); faults and incidents marked.',
    spec: timeChart({
      title: 'Request availability per step',
      unit,
      rows: stepRows(series, unit, (s, i) => {
        const ended = (s.served[i] ?? 0) + (s.failed[i] ?? 0);
        return [
          {
            series: s.service,
            value: ended === 0 ? null : Math.round(((s.served[i] ?? 0) / ended) * 1e6) / 1e6,
          },
        ];
      }),
      yTitle: 'served ÷ ended',
      yFormat: '.2%',
      mark: 'line',
      seriesTitle: 'Service',
      layers: troubleLayers(r, unit),
    }),
  };
}

/** p99 latency per step and Service (over a step of several minutes, the largest minute p99). */
export function latencyChart(r: RunReport, unit: TimeUnit): Chart | undefined {
  const series = r.traffic?.series ?? [];
  if (series.length === 0) return undefined;
  const slo = r.traffic?.slo.find((o) => o.objective === 'latency.p99');
  return {
    name: 'latency',
    title: 'Latency over time',
    description: `p99 latency of the requests served in each step, per Service${slo ? `; the dashed line is the SLO (${slo.target} ms)` : ''}.`,
    spec: timeChart({
      title: 'p99 latency per step',
      unit,
      rows: stepRows(series, unit, (s, i) => [{ series: s.service, value: s.p99Ms[i] ?? null }]),
      yTitle: 'p99 (ms)',
      mark: 'line',
      seriesTitle: 'Service',
      layers: {
        under: troubleLayers(r, unit).under,
        over: slo
          ? [
              {
                data: { values: [{ target: slo.target }] },
                mark: { type: 'rule', strokeDash: [6, 4], color: '#555' },
                encoding: { y: { field: 'target', type: 'quantitative' } },
              },
            ]
          : [],
      },
    }),
  };
}

const PERCENTILES = ['p50', 'p90', 'p95', 'p99', 'p999'] as const;

/** The whole window's latency percentiles per Service (HDR histogram), side by side. */
export function latencyPercentilesChart(r: RunReport): Chart | undefined {
  const services = r.traffic?.services ?? [];
  if (services.length === 0) return undefined;
  const rows = services.flatMap((s) =>
    PERCENTILES.map((p) => ({
      service: s.service,
      percentile: p === 'p999' ? 'p99.9' : p,
      ms: s.latencyMs[p],
    })),
  );
  return {
    name: 'latency-percentiles',
    title: 'Latency percentiles',
    description: 'Latency percentiles of the requests served in the window, per Service.',
    spec: {
      ...topLevel('Latency percentiles over the window'),
      width: { step: 18 },
      data: { values: rows },
      params: [{ name: 'shown', select: { type: 'point', fields: ['service'] }, bind: 'legend' }],
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: {
          field: 'percentile',
          type: 'ordinal',
          sort: PERCENTILES.map((p) => (p === 'p999' ? 'p99.9' : p)),
          title: null,
        },
        xOffset: { field: 'service' },
        y: { field: 'ms', type: 'quantitative', title: 'latency (ms)' },
        color: { field: 'service', type: 'nominal', title: 'Service' },
        opacity: { condition: { param: 'shown', value: 1 }, value: 0.15 },
      },
    } as TopLevelSpec,
  };
}

/** Failed requests by reason per Service, stacked; only when some failed. */
export function errorsChart(r: RunReport): Chart | undefined {
  const services = (r.traffic?.services ?? []).filter((s) => s.failed > 0);
  if (services.length === 0) return undefined;
  const rows = services.flatMap((s) =>
    Object.entries(s.failedByReason)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => ({ service: s.service, reason, requests: n })),
  );
  return {
    name: 'errors',
    title: 'Errors by reason',
    description:
      'Requests that failed in the window, by reason (timeout, rejected by a full queue, no endpoints, pod lost, a dependency failed), per Service.',
    spec: {
      ...topLevel('Failed requests by reason'),
      height: { step: 24 },
      data: { values: rows },
      params: [{ name: 'shown', select: { type: 'point', fields: ['reason'] }, bind: 'legend' }],
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'service', type: 'nominal', title: null },
        x: { field: 'requests', type: 'quantitative', stack: 'zero', title: 'failed requests' },
        color: { field: 'reason', type: 'nominal', title: 'reason' },
        opacity: { condition: { param: 'shown', value: 1 }, value: 0.15 },
      },
    } as TopLevelSpec,
  };
}

/**
 * Requests served per pod, per Service, with the mean as a rule: the imbalance a load-balancing
 * policy leaves (the report's maxOverMean and cv in the tooltip).
 */
export function podLoadChart(r: RunReport): Chart | undefined {
  const services = (r.traffic?.services ?? []).filter((s) => s.pods.length > 0);
  if (services.length === 0) return undefined;
  const rows = services.flatMap((s) =>
    s.pods.map((p) => ({
      service: s.service,
      pod: p.pod,
      node: p.node,
      zone: p.zone,
      served: p.served,
      busy: Math.round(p.busy * 1e4) / 1e4,
    })),
  );
  const means = services.map((s) => ({
    service: s.service,
    mean: Math.round((s.pods.reduce((a, p) => a + p.served, 0) / s.pods.length) * 100) / 100,
    maxOverMean: s.imbalance.maxOverMean,
    cv: s.imbalance.cv,
  }));
  return {
    name: 'pod-load',
    title: 'Per-pod load',
    description:
      'Requests each pod served, per Service; the black rule is the mean over its pods, so the spread is the imbalance.',
    spec: {
      ...topLevel('Requests served per pod'),
      width: CHART_WIDTH,
      height: { step: 14 },
      layer: [
        {
          data: { values: rows },
          mark: { type: 'bar', tooltip: true },
          encoding: {
            y: { field: 'pod', type: 'nominal', sort: null, title: null },
            x: { field: 'served', type: 'quantitative', title: 'requests served' },
            color: { field: 'service', type: 'nominal', title: 'Service' },
            tooltip: [
              { field: 'pod' },
              { field: 'node' },
              { field: 'zone' },
              { field: 'served', type: 'quantitative' },
              { field: 'busy', type: 'quantitative', format: '.1%', title: 'workers busy' },
            ],
          },
        },
        {
          data: { values: means },
          mark: { type: 'rule', color: 'black', strokeWidth: 1.5 },
          encoding: {
            x: { field: 'mean', type: 'quantitative' },
            tooltip: [
              { field: 'service' },
              { field: 'mean', title: 'mean served' },
              { field: 'maxOverMean', title: 'max ÷ mean' },
              { field: 'cv', title: 'cv' },
            ],
          },
        },
      ],
    } as TopLevelSpec,
  };
}
