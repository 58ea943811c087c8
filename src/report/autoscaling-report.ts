import { formatDuration, MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import { AUTOSCALING_METRICS } from '../metrics/autoscaling-series.js';
import type { SampledSeries } from '../metrics/registry.js';
import type { SimulationResult } from '../sim/simulate.js';
import { round } from './json.js';
import type { RunReportShape } from './schema.js';

type Autoscaling = NonNullable<RunReportShape['autoscaling']>;

function seconds(t: Micros): number {
  return round(t / MICROS_PER_SECOND);
}

/**
 * `autoscaling.series` and `autoscaling.scaleUps`: the autoscalers' series picked out of the run's
 * sampled registry (no second sampling, so they match `series.series` value for value), and each
 * scale-up episode with its Service's requests.
 */
export function autoscalingDetails(result: SimulationResult): Pick<Autoscaling, 'series' | 'scaleUps'> {
  const a = result.autoscaling;
  if (!a) return {};
  const sampled = result.series.series;
  const find = (metric: string, labels: Record<string, string>): SampledSeries | undefined =>
    sampled.find((s) => s.metric === metric && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const values = (s: SampledSeries | undefined): number[] =>
    s ? s.values.map((v) => round(v)) : result.series.times.map(() => 0);
  const hpas = a.hpas.map(({ hpa, workload }) => {
    return {
      hpa,
      workload,
      replicas: values(find(AUTOSCALING_METRICS.replicas, { workload })),
      desiredReplicas: values(find(AUTOSCALING_METRICS.desiredReplicas, { horizontalpodautoscaler: hpa })),
      metricDesiredReplicas: values(
        find(AUTOSCALING_METRICS.metricDesiredReplicas, { horizontalpodautoscaler: hpa }),
      ),
      readyPods: values(find('kubesim_workload_pods_available', { workload })),
      pendingPods: values(find(AUTOSCALING_METRICS.pendingPods, { workload })),
    };
  });
  const pools = [
    ...new Set(
      sampled.filter((s) => s.metric === 'kubesim_node_pool_nodes').map((s) => s.labels.pool as string),
    ),
  ];
  const cost = find('kubesim_cost_per_hour', {});
  return {
    series: {
      workloads: hpas,
      pendingPods: values(find('kube_pod_status_phase', { phase: 'Pending' })),
      nodePools: pools.map((pool) => ({
        pool,
        registered: values(find('kubesim_node_pool_nodes', { pool, state: 'registered' })),
        provisioning: values(find('kubesim_node_pool_nodes', { pool, state: 'provisioning' })),
      })),
      costPerHour: cost ? cost.values.map((v) => round(v, 4)) : null,
    },
    scaleUps: a.scaleUps.map((e) => ({
      hpa: e.hpa,
      workload: e.workload,
      service: e.service ?? null,
      start: formatDuration(e.start),
      startSeconds: seconds(e.start),
      end: e.end === undefined ? null : formatDuration(e.end),
      endSeconds: e.end === undefined ? null : seconds(e.end),
      readySeconds: e.end === undefined ? null : seconds(e.end - e.start),
      from: e.from,
      to: e.to,
      minutes: e.minutes ?? null,
      offered: round(e.offered, 3),
      served: round(e.served, 3),
      failed: round(e.failed, 3),
      availability: e.availability === null ? null : round(e.availability),
      p99Ms: e.p99Ms === null ? null : round(e.p99Ms, 3),
      availabilityMet: e.availabilityMet,
      p99Met: e.p99Met,
    })),
  };
}
