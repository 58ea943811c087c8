import type { z } from 'zod';
import { formatDuration, MICROS_PER_MS, type Micros } from '../engine/time.js';
import type { Incident } from '../metrics/incidents.js';
import type { AlertEvaluation, FiredAlert } from '../monitoring/alerts.js';
import type { alertDetectionSchema, alertsSchema } from './alerts-schema.js';

const seconds = (us: Micros) => us / 1e6;
const fromMs = (ms: number) => ms * MICROS_PER_MS;

/**
 * Whether `a` fired for incident `i`: at or after its first fault, and no later than the rule could
 * take after the incident ended (its `for` plus its group's interval after recovery, or the run's end).
 */
function firedFor(a: FiredAlert, i: Incident, endUs: Micros): boolean {
  const at = fromMs(a.firedAtMs);
  return at >= i.at && at <= (i.recoveredAt ?? endUs) + fromMs(a.latencyMs);
}

export function alertsReport(evaluation: AlertEvaluation): z.infer<typeof alertsSchema> {
  return [...evaluation.alerts]
    .sort((a, b) => a.firedAtMs - b.firedAtMs)
    .map((a) => ({
      alert: a.alert,
      labels: a.labels,
      firedAt: formatDuration(fromMs(a.firedAtMs)),
      firedAtSeconds: a.firedAtMs / 1000,
      resolvedAt: a.resolvedAtMs === null ? null : formatDuration(fromMs(a.resolvedAtMs)),
      resolvedAtSeconds: a.resolvedAtMs === null ? null : a.resolvedAtMs / 1000,
    }));
}

export function alertDetectionReport(
  evaluation: AlertEvaluation,
  rules: number,
  incidents: readonly Incident[],
  endUs: Micros,
): z.infer<typeof alertDetectionSchema> {
  const alerts = [...evaluation.alerts].sort((a, b) => a.firedAtMs - b.firedAtMs);
  const perIncident = incidents.map((i, n) => {
    const first = alerts.find((a) => firedFor(a, i, endUs));
    const ttd = first === undefined ? null : fromMs(first.firedAtMs) - i.at;
    return {
      incident: n + 1,
      alert: first?.alert ?? null,
      timeToDetect: ttd === null ? null : formatDuration(ttd),
      timeToDetectSeconds: ttd === null ? null : seconds(ttd),
    };
  });
  return {
    rules,
    incidents: perIncident,
    undetected: perIncident.filter((d) => d.alert === null).map((d) => d.incident),
    withoutIncident: alerts.flatMap((a, k) => (incidents.some((i) => firedFor(a, i, endUs)) ? [] : [k])),
    failures: evaluation.failures.map((f) => ({
      group: f.group,
      rule: f.rule,
      at: formatDuration(fromMs(f.atMs)),
      atSeconds: f.atMs / 1000,
      message: f.message,
    })),
  };
}
