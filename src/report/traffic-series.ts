import type { MinutePoint } from '../traffic/stats.js';
import type { RunReportShape } from './schema.js';

type TrafficSeries = NonNullable<NonNullable<RunReportShape['traffic']>['series']>[number];

/**
 * One Service's per-minute points regrouped at the report's sampling step (whole minutes, so a long
 * run keeps ≤ 500 points like `series`): counts add up; readyPods is the last minute's (the end of
 * the step); p99 is the largest minute p99, an upper bound of the step's p99 (the minutes' latencies
 * are not kept).
 */
export function trafficSeries(
  service: string,
  minutes: readonly MinutePoint[],
  stepSeconds: number,
): TrafficSeries {
  const perStep = Math.max(1, Math.round(stepSeconds / 60));
  const out: TrafficSeries = {
    service,
    atSeconds: [],
    offered: [],
    served: [],
    failed: [],
    p99Ms: [],
    readyPods: [],
  };
  for (let i = 0; i < minutes.length; i += perStep) {
    const group = minutes.slice(i, i + perStep);
    const first = group[0] as MinutePoint;
    const p99s = group.flatMap((m) => (m.p99 === null ? [] : [m.p99]));
    out.atSeconds.push(first.t);
    out.offered.push(group.reduce((a, m) => a + m.offered, 0));
    out.served.push(group.reduce((a, m) => a + m.served, 0));
    out.failed.push(group.reduce((a, m) => a + m.failed, 0));
    out.p99Ms.push(p99s.length === 0 ? null : Math.round(Math.max(...p99s) * 1000) / 1000);
    out.readyPods.push((group.at(-1) as MinutePoint).readyPods);
  }
  return out;
}
