import { markdownTable, secondsText } from './format.js';
import type { RunReport } from './json.js';
import { describeIncidentStep } from './timeline-text.js';

type ReportIncident = NonNullable<RunReport['incidents']>[number];

/** The table's columns: the repair steps a reader follows, left to right. */
const COLUMNS = [
  ['detected', 'detected'],
  ['tainted', 'tainted'],
  ['evicted', 'evicted'],
  ['replaced', 'replaced'],
  ['scheduled', 'scheduled'],
  ['ready', 'ready'],
  ['inEndpoints', 'in endpoints'],
] as const;

/** "+50s" (to the millisecond) for the first time a step was reached after the incident began, "—" when it never was. */
function after(i: ReportIncident, step: string): string {
  const m = i.milestones.find((x) => x.step === step);
  return m ? `+${secondsText(m.afterSeconds)}` : '—';
}

/** What struck: "nodeCrash general-0", joined for a group of faults. */
export function incidentFaultsText(i: ReportIncident): string {
  const kinds = [...new Set(i.faults.map((f) => f.kind))].join(' + ');
  return `${kinds} ${i.nodes.join(', ') || '(no node)'}`.trim();
}

/** Time to recover as a reader sees it. */
export function recoveryText(i: ReportIncident): string {
  return i.timeToRecoverSeconds === null ? 'not by the end' : secondsText(i.timeToRecoverSeconds);
}

/** Incidents the Markdown lists (the JSON report has them all). */
const MARKDOWN_INCIDENTS = 100;

/** The Incidents section: one row per incident, then each incident's timeline. */
/** The long-run figures in a sentence: how often, how long to recover, how many did not, pods lost. */
export function incidentStatisticsText(s: NonNullable<RunReport['incidentStatistics']>): string {
  const time = (seconds: number | null) => (seconds === null ? '' : secondsText(seconds));
  const recovery =
    s.meanTimeToRecoverSeconds === null
      ? 'none recovered by the end'
      : `time to recover mean ${time(s.meanTimeToRecoverSeconds)}, p95 ${time(s.p95TimeToRecoverSeconds)}, max ${time(s.maxTimeToRecoverSeconds)}` +
        (s.notRecovered > 0 ? `; ${s.notRecovered} not recovered by the end` : '');
  const lost = `${s.podsLost} pod${s.podsLost === 1 ? '' : 's'} lost in all`;
  return `${s.count} (${s.per30Days.toFixed(1)} per 30 days); ${recovery}; ${lost}`;
}

export function incidentsMarkdown(
  all: readonly ReportIncident[],
  statistics?: RunReport['incidentStatistics'],
): string[] {
  const incidents = all.slice(0, MARKDOWN_INCIDENTS);
  const out: string[] = ['## Incidents', ''];
  if (statistics && statistics.count > 1) out.push(`Incidents: ${incidentStatisticsText(statistics)}.`, '');
  out.push(
    markdownTable(
      ['#', 'at', 'fault', ...COLUMNS.map(([, title]) => title), 'recovered after', 'pods lost'],
      incidents.map((i, n) => [
        n + 1,
        i.at,
        incidentFaultsText(i),
        ...COLUMNS.map(([step]) => after(i, step)),
        recoveryText(i),
        i.podsLost,
      ]),
    ),
    '',
    'Times after the fault; "—": the step did not happen (docs/incidents.md).',
    '',
  );
  if (all.length > incidents.length)
    out.push(`(${all.length - incidents.length} later incidents are in the JSON report)`, '');
  incidents.forEach((i, n) => {
    if (i.timeline.length === 0) return;
    out.push(`### Incident ${n + 1}: ${incidentFaultsText(i)} at ${i.at}`, '');
    out.push(
      markdownTable(
        ['at', 'after', 'step'],
        i.timeline.map((s) => [s.at, `+${secondsText(s.atSeconds - i.atSeconds)}`, describeIncidentStep(s)]),
      ),
      '',
    );
    if (i.timelineDropped > 0) out.push(`(${i.timelineDropped} later steps not listed)`, '');
  });
  return out;
}
