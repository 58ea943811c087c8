import type { RunReport } from '../json.js';
import { type Chart, inUnit, type TimeRow, type TimeUnit, timeChart } from './chart.js';
import { seriesOf, toRows } from './series-data.js';

/** The autoscaling series' names (src/metrics/autoscaling-series.ts, documented in docs/report.md). */
const REPLICAS = 'kubesim_workload_replicas';
const DESIRED = 'kube_horizontalpodautoscaler_status_desired_replicas';
const AVAILABLE = 'kubesim_workload_pods_available';

/** "deployment/NS/NAME" → "NS/NAME", the workload key of the series. */
function workloadOfTarget(target: string): string {
  return target.slice(target.indexOf('/') + 1);
}

/**
 * Replicas against desired for each HPA's target: spec.replicas, the HPA's status.desiredReplicas
 * and the available pods. Reports without the replicas series get the replicas as a step function
 * rebuilt from the HPA's rescale events (exact unless something else, a scale operation, also changed it).
 */
export function replicasChart(r: RunReport, unit: TimeUnit): Chart | undefined {
  const hpaEvents = (r.autoscaling?.events ?? []).filter((e) => e.kind === 'hpa');
  const replicaSeries = seriesOf(r, REPLICAS);
  const desired = seriesOf(r, DESIRED);
  if (replicaSeries.length === 0 && desired.length === 0 && hpaEvents.length === 0) return undefined;
  const targets = new Set([
    ...replicaSeries.map((s) => s.labels.workload ?? ''),
    ...hpaEvents.map((e) => workloadOfTarget(e.target)),
  ]);
  const rows: TimeRow[] = [
    ...(replicaSeries.length > 0
      ? toRows(r, replicaSeries, unit, (s) => `replicas ${s.labels.workload}`)
      : replicasFromEvents(r, hpaEvents, unit)),
    ...toRows(r, desired, unit, (s) => `desired ${s.labels.horizontalpodautoscaler}`),
    ...toRows(
      r,
      seriesOf(r, AVAILABLE).filter((s) => targets.has(s.labels.workload ?? '')),
      unit,
      (s) => `available ${s.labels.workload}`,
    ),
  ];
  return {
    name: 'replicas',
    title: 'Replicas against desired (HPA)',
    description:
      "Each HPA target's spec.replicas, the HPA's desired replicas and the pods available: the gap between desired and available is the scale-up lag.",
    spec: timeChart({
      title: 'Replicas against desired (HPA)',
      unit,
      rows,
      yTitle: 'pods',
      mark: 'line',
      seriesTitle: 'series',
    }),
  };
}

type AutoscalingEvent = NonNullable<RunReport['autoscaling']>['events'][number];

/** spec.replicas of each HPA target as steps: its first `from` at 0, then each event's `to`. */
function replicasFromEvents(r: RunReport, events: readonly AutoscalingEvent[], unit: TimeUnit): TimeRow[] {
  const byTarget = new Map<string, AutoscalingEvent[]>();
  for (const e of events) {
    const key = workloadOfTarget(e.target);
    byTarget.set(key, [...(byTarget.get(key) ?? []), e]);
  }
  const end = inUnit(r.scenario.durationSeconds, unit);
  return [...byTarget].flatMap(([workload, list]) => {
    const series = `replicas ${workload}`;
    const first = list[0] as AutoscalingEvent;
    const last = list.at(-1) as AutoscalingEvent;
    return [
      { t: 0, series, value: first.from },
      ...list.map((e) => ({ t: inUnit(e.atSeconds, unit), series, value: e.to })),
      { t: end, series, value: last.to },
    ];
  });
}
