import { formatBytes, formatCpuMillis } from '../engine/quantity.js';
import { formatDuration, MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import { downtimePer30Days } from '../metrics/downtime.js';
import { type IncidentStatistics, incidentStatistics } from '../metrics/incident-statistics.js';
import { INCIDENT_STEPS, type Incident } from '../metrics/incidents.js';
import { CPU, MEMORY } from '../model/resources.js';
import type { SimulationResult } from '../sim/simulate.js';
import type { TrafficResult } from '../traffic/index.js';
import { KUBESIM_VERSION } from '../version.js';
import { alertDetectionReport, alertsReport } from './alerts-report.js';
import { autoscalingDetails } from './autoscaling-report.js';
import { batchReport } from './batch-json.js';
import { disasterRecoveryReport } from './disaster-recovery.js';
import { rolloutReport } from './rollouts.js';
import type { RunReportShape } from './schema.js';
import { trafficSeries } from './traffic-series.js';

/** Bumped on any incompatible change to the report's shape; documented in docs/report.md. */
export const SCHEMA_VERSION = 2 as const;

/** Rounds to `digits` decimals so reports stay readable; deterministic on every machine. */
export function round(x: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function seconds(t: Micros): number {
  return round(t / MICROS_PER_SECOND, 6);
}

/**
 * The JSON report of one run: a plain object with a fixed key order and no wall-clock time, so the same
 * input and seed give the same bytes. Every field is documented in docs/report.md.
 */
export function buildRunReport(result: SimulationResult, fixed?: SimulationResult): RunReportShape {
  const { scenario } = result;
  const s = result.scheduling;
  return {
    schemaVersion: SCHEMA_VERSION,
    generator: { name: 'kubesim', version: KUBESIM_VERSION },
    scenario: {
      name: scenario.name,
      seed: result.seed,
      duration: formatDuration(result.duration),
      durationSeconds: seconds(result.duration),
      warmupSeconds: seconds(Math.min(scenario.warmup, result.duration)),
      kubernetesVersion: scenario.kubernetesVersion,
    },
    warnings: result.warnings,
    cluster: {
      nodesInitial: result.nodes.initial,
      nodesAtEnd: result.nodes.atEnd,
      zones: scenario.zones,
      nodePools: scenario.nodePools.map((p) => ({
        name: p.name,
        instanceType: p.instanceType,
        count: p.count,
        zones: p.zones,
        cpu: formatCpuMillis(p.allocatable[CPU] ?? 0),
        memory: formatBytes(p.allocatable[MEMORY] ?? 0),
        pricePerHour: p.pricePerHour,
      })),
    },
    scheduling: {
      podsCreated: s.podsCreated,
      podsScheduled: s.podsScheduled,
      podsDeleted: s.podsDeleted,
      attempts: s.attempts,
      failedAttempts: s.failedAttempts,
      preemptions: s.preemptions,
      pendingSeconds: {
        count: s.pendingSeconds.count,
        mean: round(s.pendingSeconds.mean),
        p50: round(s.pendingSeconds.p50),
        p95: round(s.pendingSeconds.p95),
        p99: round(s.pendingSeconds.p99),
        max: round(s.pendingSeconds.max),
      },
      pendingAtEnd: s.pendingAtEnd.map((p) => ({ ...p, pendingSeconds: round(p.pendingSeconds) })),
    },
    utilisation: {
      cpuRequested: {
        mean: round(result.utilisation.cpuRequested.mean),
        max: round(result.utilisation.cpuRequested.max),
      },
      memoryRequested: {
        mean: round(result.utilisation.memoryRequested.mean),
        max: round(result.utilisation.memoryRequested.max),
      },
      nodes: result.utilisation.nodes.map((n) => ({
        node: n.node,
        pool: n.pool,
        zone: n.zone,
        cpuRequested: round(n.cpuRequested),
        memoryRequested: round(n.memoryRequested),
        maxCpuRequested: round(n.maxCpuRequested),
        maxMemoryRequested: round(n.maxMemoryRequested),
      })),
    },
    cost: {
      currency: 'USD',
      total: round(result.cost.total, 4),
      perHour: round(result.cost.perHour, 4),
      nodeHours: round(result.cost.nodeHours, 4),
      byPool: Object.fromEntries(
        Object.entries(result.cost.byPool).map(([k, v]) => [
          k,
          { nodeHours: round(v.nodeHours, 4), cost: round(v.cost, 4) },
        ]),
      ),
    },
    availability: {
      pods: round(result.availability.overall),
      workloads: result.availability.workloads.map((w) => ({
        workload: w.workload,
        kind: w.kind,
        replicas: w.replicas,
        availability: round(w.availability),
        anyAvailable: round(w.anyAvailable),
        fullyAvailable: round(w.fullyAvailable),
        minAvailablePods: w.minAvailablePods,
        availablePodsTimeFraction: w.availablePodsTimeFraction.map((f) => round(f)),
        ...per30Days(w.anyAvailable, 'downtimePer30Days'),
      })),
      downtime: downtimeReport(result),
    },
    traffic: result.traffic === null ? null : trafficReport(result.traffic, seconds(result.series.step)),
    faults: result.faults.map((f) => ({
      kind: f.kind,
      at: formatDuration(f.at),
      atSeconds: seconds(f.at),
      nodes: f.nodes,
      recoversAt: f.recoversAt === undefined ? null : formatDuration(f.recoversAt),
      recoversAtSeconds: f.recoversAt === undefined ? null : seconds(f.recoversAt),
      note: f.note ?? null,
    })),
    ...(result.incidents.length === 0
      ? {}
      : {
          incidentStatistics: incidentStatisticsReport(incidentStatistics(result.incidents, result.duration)),
          incidents: result.incidents.map(incidentReport),
        }),
    ...(result.alerts === undefined
      ? {}
      : {
          alerts: alertsReport(result.alerts),
          alertDetection: alertDetectionReport(
            result.alerts,
            (result.scenario.monitoring?.ruleGroups ?? []).reduce((n, g) => n + g.rules.length, 0),
            result.incidents,
            result.duration,
          ),
        }),
    ...(result.operations === null ? {} : { operations: operationsReport(result.operations) }),
    ...(result.autoscaling === null
      ? {}
      : { autoscaling: autoscalingReport(result.autoscaling, result, fixed) }),
    ...(result.disasterRecovery === null
      ? {}
      : {
          disasterRecovery: disasterRecoveryReport(result.disasterRecovery, result.traffic, result.duration),
        }),
    ...(result.rollouts.length === 0 ? {} : { rollouts: result.rollouts.map(rolloutReport) }),
    ...(result.batch === null ? {} : { batch: batchReport(result.batch) }),
    timeline: result.timeline.entries.map((e) => ({
      at: formatDuration(e.at),
      atSeconds: seconds(e.at),
      kind: e.kind,
      object: e.object,
      from: e.from ?? null,
      to: e.to ?? null,
      reason: e.reason ?? null,
    })),
    timelineDropped: result.timeline.dropped,
    series: {
      step: formatDuration(result.series.step),
      stepSeconds: seconds(result.series.step),
      points: result.series.times.length,
      series: result.series.series.map((s) => ({
        metric: s.metric,
        type: s.type,
        labels: s.labels,
        values: s.values.map((v) => round(v)),
      })),
    },
    engine: { eventsFired: result.eventsFired },
  };
}

export type RunReport = RunReportShape;

/**
 * The HPAs' and the cluster-autoscaler's events merged in time order (an HPA's first at the same
 * instant), and with `fixed` (the same run with autoscaling off) what autoscaling saved.
 */
function autoscalingReport(
  a: NonNullable<SimulationResult['autoscaling']>,
  result: SimulationResult,
  fixed: SimulationResult | undefined,
): NonNullable<RunReportShape['autoscaling']> {
  type Event = NonNullable<RunReportShape['autoscaling']>['events'][number];
  const hpa = a.events.map(
    (e): Event => ({
      at: formatDuration(e.at),
      atSeconds: seconds(e.at),
      kind: 'hpa',
      hpa: e.hpa,
      target: e.target,
      from: e.from,
      to: e.to,
      reason: e.reason,
    }),
  );
  const ca = a.clusterAutoscaler.map(
    (e): Event => ({
      at: formatDuration(e.at),
      atSeconds: seconds(e.at),
      kind: 'clusterAutoscaler',
      hpa: null,
      target: e.target,
      from: e.from,
      to: e.to,
      reason: e.reason,
    }),
  );
  const events: Event[] = [];
  let i = 0;
  let j = 0;
  while (i < hpa.length || j < ca.length) {
    const h = hpa[i];
    const c = ca[j];
    if (h && (!c || h.atSeconds <= c.atSeconds)) {
      events.push(h);
      i++;
    } else if (c) {
      events.push(c);
      j++;
    }
  }
  if (!fixed) return { events, ...autoscalingDetails(result) };
  const slo = fixed.traffic?.slo ?? [];
  return {
    events,
    withoutAutoscaling: {
      cost: {
        total: round(fixed.cost.total, 4),
        perHour: round(fixed.cost.perHour, 4),
        nodeHours: round(fixed.cost.nodeHours),
      },
      costSaved: round(fixed.cost.total - result.cost.total, 4),
      podAvailability: round(fixed.availability.overall),
      sloMet: slo.length === 0 ? null : slo.every((s) => s.met),
    },
    ...autoscalingDetails(result),
  };
}

function trafficReport(t: TrafficResult, stepSeconds: number): NonNullable<RunReportShape['traffic']> {
  return {
    services: t.services.map((s) => ({
      service: s.service,
      offered: s.offered,
      served: s.served,
      failed: s.failed,
      failedByReason: { ...s.failedByReason },
      inFlightAtEnd: s.inFlightAtEnd,
      availability: round(s.availability),
      latencyMs: {
        mean: round(s.latencyMs.mean, 3),
        p50: round(s.latencyMs.p50, 3),
        p90: round(s.latencyMs.p90, 3),
        p95: round(s.latencyMs.p95, 3),
        p99: round(s.latencyMs.p99, 3),
        p999: round(s.latencyMs.p999, 3),
        max: round(s.latencyMs.max, 3),
      },
      pods: s.pods.map((p) => ({ ...p, busy: round(p.busy), cpuSeconds: round(p.cpuSeconds, 3) })),
      imbalance: { maxOverMean: round(s.imbalance.maxOverMean), cv: round(s.imbalance.cv) },
      cache: s.cache === null ? null : { ...s.cache, hitRate: round(s.cache.hitRate) },
      sessionsRemapped: s.sessionsRemapped,
      keySpaceMoved: s.keySpaceMoved.map((m) => ({ atSeconds: round(m.at), share: round(m.share) })),
    })),
    slo: t.slo.map((o) => ({
      objective: o.objective,
      target: o.target,
      value: round(o.value, 6),
      met: o.met,
    })),
    series: Object.entries(t.series).map(([service, minutes]) =>
      trafficSeries(service, minutes, stepSeconds),
    ),
  };
}

/** `{<name>: Go text, <name>Seconds: seconds}` of the downtime per 30 days `availability` implies. */
function per30Days<K extends string>(availability: number, name: K) {
  const down = downtimePer30Days(availability);
  return { [name]: formatDuration(down), [`${name}Seconds`]: seconds(down) } as Record<K, string> &
    Record<`${K}Seconds`, number>;
}

/** Time-based downtime from the pods; request-based from the Services when there is traffic. */
function downtimeReport(result: SimulationResult): NonNullable<RunReportShape['availability']['downtime']> {
  const time = result.availability.allWorkloadsServing;
  const services = result.traffic?.services ?? [];
  let served = 0;
  let ended = 0;
  for (const s of services) {
    served += s.served;
    ended += s.offered - s.inFlightAtEnd;
  }
  const requests = ended === 0 ? 1 : served / ended;
  return {
    timeBased: { availability: round(time), ...per30Days(time, 'per30Days') },
    requestBased:
      result.traffic === null
        ? null
        : {
            availability: round(requests),
            ...per30Days(requests, 'per30Days'),
            services: services.map((s) => ({
              service: s.service,
              availability: round(s.availability),
              ...per30Days(s.availability, 'per30Days'),
            })),
          },
  };
}

/** A duration that may be missing, as `{<name>: Go text | null, <name>Seconds: seconds | null}`. */
function optionalDuration<K extends string>(value: Micros | null, name: K) {
  return {
    [name]: value === null ? null : formatDuration(value),
    [`${name}Seconds`]: value === null ? null : seconds(value),
  } as Record<K, string | null> & Record<`${K}Seconds`, number | null>;
}

function incidentStatisticsReport(s: IncidentStatistics): NonNullable<RunReportShape['incidentStatistics']> {
  return {
    count: s.count,
    per30Days: round(s.per30Days),
    recovered: s.recovered,
    notRecovered: s.notRecovered,
    ...optionalDuration(s.meanTimeToRecover, 'meanTimeToRecover'),
    ...optionalDuration(s.p95TimeToRecover, 'p95TimeToRecover'),
    ...optionalDuration(s.maxTimeToRecover, 'maxTimeToRecover'),
    podsLost: s.podsLost,
  };
}

/** One incident: its faults, the first time each repair step was reached, its steps, its recovery. */
function incidentReport(i: Incident): NonNullable<RunReportShape['incidents']>[number] {
  const recover = i.recoveredAt === null ? null : i.recoveredAt - i.at;
  return {
    at: formatDuration(i.at),
    atSeconds: seconds(i.at),
    faults: i.faults.map((f) => ({ kind: f.kind, at: formatDuration(f.at), atSeconds: seconds(f.at) })),
    nodes: i.nodes,
    workloads: i.workloads,
    milestones: INCIDENT_STEPS.flatMap((step) => {
      const at = i.firstAt[step];
      return at === undefined
        ? []
        : [{ step, after: formatDuration(at - i.at), afterSeconds: seconds(at - i.at) }];
    }),
    timeToRecover: recover === null ? null : formatDuration(recover),
    timeToRecoverSeconds: recover === null ? null : seconds(recover),
    podsLost: i.podsLost,
    timeline: i.steps.map((s) => ({
      at: formatDuration(s.at),
      atSeconds: seconds(s.at),
      step: s.step,
      object: s.object,
      detail: s.detail ?? null,
    })),
    timelineDropped: i.stepsDropped,
  };
}

function operationsReport(
  o: NonNullable<SimulationResult['operations']>,
): NonNullable<RunReportShape['operations']> {
  return {
    operations: o.records.map((r) => ({
      kind: r.kind,
      target: r.target,
      at: formatDuration(r.at),
      atSeconds: seconds(r.at),
      finishedAt: r.finishedAt === undefined ? null : formatDuration(r.finishedAt),
      finishedAtSeconds: r.finishedAt === undefined ? null : seconds(r.finishedAt),
      outcome: r.outcome,
      message: r.message,
      evictions: r.evictions,
      evictionsRefused: r.evictionsRefused,
    })),
    disruptionBudgets: o.budgets.map((b) => ({
      name: `${b.namespace}/${b.name}`,
      expectedPods: b.status?.expectedPods ?? 0,
      currentHealthy: b.status?.currentHealthy ?? 0,
      desiredHealthy: b.status?.desiredHealthy ?? 0,
      disruptionsAllowed: b.status?.disruptionsAllowed ?? 0,
    })),
  };
}

/** The report as written to disk: two-space indented JSON with a final newline. */
export function serializeRunReport(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
