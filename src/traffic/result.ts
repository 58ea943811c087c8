import type { Micros } from '../engine/time.js';
import { LATENCY_PERCENTILES, type LatencyPercentile, type SloConfig } from '../model/traffic.js';
import type { PodServer } from './pod-server.js';
import type { RemapEvent, ServiceRuntime } from './service-runtime.js';
import type { FailureReason, LatencySummary, MinutePoint, RequestStats } from './stats.js';

/** Per-pod load of one Service over the statistics window. */
export interface PodResult {
  pod: string;
  node: string;
  zone: string;
  /** Requests whose own work the pod finished. */
  served: number;
  /** Time-average fraction of the pod's workers busy (serving or waiting on calls). */
  busy: number;
  cpuSeconds: number;
}

/** One Service's requests over the statistics window (issue 9, part 5). */
export interface ServiceResult {
  service: string;
  offered: number;
  served: number;
  failed: number;
  failedByReason: Record<FailureReason, number>;
  /** Offered but not ended by the end: offered = served + failed + inFlightAtEnd, exactly. */
  inFlightAtEnd: number;
  /** served ÷ (offered − inFlightAtEnd). */
  availability: number;
  latencyMs: LatencySummary;
  pods: PodResult[];
  /** Of requests served per pod, over every pod that was a ready endpoint in the window. */
  imbalance: { maxOverMean: number; cv: number };
  cache: { hits: number; misses: number; hitRate: number } | null;
  /** Sessions whose request reached another pod than their previous request did. */
  sessionsRemapped: number;
  /** Hash policies: the key-space share each endpoint change moved. */
  keySpaceMoved: RemapEvent[];
}

export interface SloResult {
  objective: 'availability' | `latency.${LatencyPercentile}`;
  /** Availability as a fraction; latency in ms. */
  target: number;
  value: number;
  met: boolean;
}

export interface TrafficResult {
  services: ServiceResult[];
  slo: SloResult[];
  /** Per Service, one point per minute of the whole run. */
  series: Record<string, MinutePoint[]>;
}

/** Statistics of one Service at `end`, over its pods. */
export function serviceResult(svc: ServiceRuntime, pods: readonly PodServer[], end: Micros): ServiceResult {
  const s = svc.stats;
  const podResults = pods.map((p) => ({
    pod: p.key,
    node: p.node,
    zone: p.zone,
    served: p.served,
    busy: p.busyFraction(end),
    cpuSeconds: p.cpuSecondsInWindow(end),
  }));
  const hits = pods.reduce((a, p) => a + p.cacheHits, 0);
  const misses = pods.reduce((a, p) => a + p.cacheMisses, 0);
  return {
    service: svc.key,
    offered: s.offered,
    served: s.served,
    failed: s.failed,
    failedByReason: { ...s.failedByReason },
    inFlightAtEnd: s.offered - s.served - s.failed,
    availability: s.availability,
    latencyMs: s.latencyMs(),
    pods: podResults,
    imbalance: imbalance(pods.filter((p) => p.everEligible).map((p) => p.served)),
    cache:
      svc.behaviour.cache === null
        ? null
        : { hits, misses, hitRate: hits + misses === 0 ? 0 : hits / (hits + misses) },
    sessionsRemapped: svc.sessionsRemapped,
    keySpaceMoved: [...svc.remapEvents],
  };
}

/** max/mean and the coefficient of variation (population standard deviation / mean); 0 for no load. */
export function imbalance(loads: readonly number[]): { maxOverMean: number; cv: number } {
  if (loads.length === 0) return { maxOverMean: 0, cv: 0 };
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  if (mean === 0) return { maxOverMean: 0, cv: 0 };
  const variance = loads.reduce((a, x) => a + (x - mean) ** 2, 0) / loads.length;
  return { maxOverMean: Math.max(...loads) / mean, cv: Math.sqrt(variance) / mean };
}

const PERCENTILE_VALUE: Record<LatencyPercentile, number> = {
  p50: 50,
  p90: 90,
  p95: 95,
  p99: 99,
  p999: 99.9,
};

/** Each configured SLO against the workloads' requests. */
export function sloResults(
  slo: SloConfig,
  requests: Pick<RequestStats, 'availability' | 'latencyAt'>,
): SloResult[] {
  const out: SloResult[] = [];
  if (slo.availability !== null) {
    const value = requests.availability;
    out.push({ objective: 'availability', target: slo.availability, value, met: value >= slo.availability });
  }
  for (const p of LATENCY_PERCENTILES) {
    const target = slo.latency[p];
    if (target === undefined) continue;
    const value = requests.latencyAt(PERCENTILE_VALUE[p]);
    out.push({ objective: `latency.${p}`, target: target / 1000, value: value / 1000, met: value <= target });
  }
  return out;
}
