import { markdownTable, secondsText } from './format.js';
import type { RunReport } from './json.js';

type Detection = NonNullable<RunReport['alertDetection']>;
type Alerts = NonNullable<RunReport['alerts']>;

const labelsText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || '—';

/** The "Alerts" section: detection per incident, then every firing interval. */
export function alertsMarkdown(alerts: Alerts, detection: Detection): string[] {
  const out = ['## Alerts', ''];
  if (detection.incidents.length > 0) {
    out.push(
      markdownTable(
        ['incident', 'first alert', 'time to detect'],
        detection.incidents.map((d) => [
          String(d.incident),
          d.alert ?? 'none fired',
          d.timeToDetectSeconds === null ? '—' : secondsText(d.timeToDetectSeconds),
        ]),
      ),
      '',
    );
  }
  const without = new Set(detection.withoutIncident);
  out.push(
    ...(alerts.length === 0
      ? ['No alert fired.']
      : [
          markdownTable(
            ['alert', 'labels', 'fired', 'resolved', 'incident'],
            alerts.map((a, k) => [
              a.alert,
              labelsText(a.labels),
              a.firedAt,
              a.resolvedAt ?? 'still firing',
              without.has(k) ? 'none' : 'yes',
            ]),
          ),
        ]),
    '',
  );
  for (const f of detection.failures)
    out.push(`- rule ${f.rule} (group ${f.group}) failed at ${f.at}: ${f.message}`);
  if (detection.failures.length > 0) out.push('');
  return out;
}

/** The summary's line: detection times per incident, undetected incidents, alerts without one. */
export function alertsSummaryText(alerts: Alerts, detection: Detection): string {
  const detected = detection.incidents.filter((d) => d.timeToDetectSeconds !== null);
  const times = detected.map(
    (d) => `#${d.incident} ${secondsText(d.timeToDetectSeconds as number)} (${d.alert})`,
  );
  const parts = [`${alerts.length} fired`];
  if (times.length > 0) parts.push(`detected ${times.join(', ')}`);
  if (detection.undetected.length > 0)
    parts.push(`undetected ${detection.undetected.map((n) => `#${n}`).join(', ')}`);
  if (detection.withoutIncident.length > 0)
    parts.push(`${detection.withoutIncident.length} without an incident`);
  return parts.join('; ');
}
