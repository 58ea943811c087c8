import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { ClusterState } from '../model/cluster-state.js';
import { matchesMapSelector } from '../model/labels.js';
import { objectKey } from '../model/pod.js';
import type { SloConfig } from '../model/traffic.js';
import type { MinutePoint } from '../traffic/stats.js';
import type { ScaleUpEpisode } from './autoscaling-series.js';

/** The requests of the scaled workload's Service during one scale-up episode, against the SLO. */
export interface ScaleUpSlo extends ScaleUpEpisode {
  /** The Service whose requests were measured, "namespace/name"; undefined when none carries traffic. */
  service?: string;
  /** First and last minute (start, seconds) of the Service's per-minute series the window overlaps. */
  minutes?: { first: number; last: number };
  offered: number;
  served: number;
  failed: number;
  /** served ÷ (served + failed) over those minutes; null when no request ended in them. */
  availability: number | null;
  /** The highest per-minute p99 over those minutes, ms: an upper bound on the window's p99; null when none was served. */
  p99Ms: number | null;
  /** availability ≥ the availability SLO; null without that SLO or without requests. */
  availabilityMet: boolean | null;
  /** p99Ms ≤ the latency.p99 SLO; null without that SLO or without served requests. */
  p99Met: boolean | null;
}

/**
 * The SLO during each scale-up: for each episode, the Service selecting the target's pods (the first
 * by key whose requests were measured), and its requests in the minutes of its per-minute series that
 * the window [start, end or the run's end] overlaps. The series has one point per minute, so the
 * window is widened to whole minutes; its p99 is the worst minute's, which bounds the window's p99 from
 * above (if no minute has more than 1 % of its requests above x, neither has their union).
 */
export function scaleUpSlos(
  episodes: readonly ScaleUpEpisode[],
  cluster: ClusterState,
  series: Readonly<Record<string, readonly MinutePoint[]>>,
  slo: SloConfig | undefined,
  runEnd: Micros,
): ScaleUpSlo[] {
  return episodes.map((episode) => {
    const service = serviceOf(episode.workload, cluster, series);
    const points = service === undefined ? [] : (series[service] ?? []);
    const window = overlapped(points, episode.start, episode.end ?? runEnd);
    let offered = 0;
    let served = 0;
    let failed = 0;
    let p99: number | null = null;
    for (const p of window) {
      offered += p.offered;
      served += p.served;
      failed += p.failed;
      if (p.p99 !== null) p99 = Math.max(p99 ?? 0, p.p99);
    }
    const ended = served + failed;
    const availability = ended === 0 ? null : served / ended;
    const target = slo?.availability ?? null;
    const p99Target = slo?.latency.p99;
    const first = window[0];
    const last = window.at(-1);
    return {
      ...episode,
      ...(service === undefined ? {} : { service }),
      ...(first && last ? { minutes: { first: first.t, last: last.t } } : {}),
      offered,
      served,
      failed,
      availability,
      p99Ms: p99,
      availabilityMet: target === null || availability === null ? null : availability >= target,
      p99Met: p99Target === undefined || p99 === null ? null : p99 <= p99Target / 1000,
    };
  });
}

/** The Service keys selecting the workload's pod template, in key order; the first with a series. */
function serviceOf(
  workload: string,
  cluster: ClusterState,
  series: Readonly<Record<string, readonly MinutePoint[]>>,
): string | undefined {
  const w = cluster.workload(workload);
  if (!w) return undefined;
  const keys: string[] = [];
  for (const s of cluster.services) {
    if (s.namespace !== w.namespace || !s.selector || Object.keys(s.selector).length === 0) continue;
    if (matchesMapSelector(s.selector, w.template.labels)) keys.push(objectKey(s.namespace, s.name));
  }
  return keys.sort().find((k) => series[k] !== undefined);
}

/**
 * The points whose minute [t, next t) overlaps [start, end]; at least the minute holding `start`. A
 * point's minute ends at the next point's start (the last one at the run's end, which is after it).
 */
function overlapped(points: readonly MinutePoint[], start: Micros, end: Micros): MinutePoint[] {
  const s = start / MICROS_PER_SECOND;
  const e = end / MICROS_PER_SECOND;
  const out: MinutePoint[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as MinutePoint;
    const next = points[i + 1]?.t ?? Number.POSITIVE_INFINITY;
    const holdsStart = p.t <= s && s < next;
    if (holdsStart || (p.t < e && next > s)) out.push(p);
  }
  return out;
}
