import { alertsSummaryText } from './alerts-markdown.js';
import { batchSummaryLine } from './batch-markdown.js';
import { disasterLine } from './disaster-recovery-markdown.js';
import { availabilityPercent, ms, percent, secondsText, textTable, usd } from './format.js';
import { incidentFaultsText, incidentStatisticsText, recoveryText } from './incidents-markdown.js';
import type { RunReport } from './json.js';
import { replicationsSummaryText } from './replications-summary.js';

/** Pending time of the pods bound, saying that pods still pending are not in it. */
export function pendingText(r: RunReport): string {
  const s = r.scheduling;
  const p = s.pendingSeconds;
  const figures = `mean ${secondsText(p.mean)}, p95 ${secondsText(p.p95)}, max ${secondsText(p.max)} over the ${p.count} pods bound`;
  const still = s.pendingAtEnd.length;
  return still === 0 ? figures : `${figures}; ${still} still pending at the end are not included`;
}

/** Cost over the measured window, saying when the warm-up is left out. */
export function costText(r: RunReport): string {
  const window =
    r.scenario.warmupSeconds > 0
      ? ` over ${secondsText(r.scenario.durationSeconds - r.scenario.warmupSeconds)} after the ${secondsText(r.scenario.warmupSeconds)} warm-up, which is not counted`
      : '';
  return `${usd(r.cost.total)}${window} (${usd(r.cost.perHour)}/h, ${r.cost.nodeHours.toFixed(1)} node-hours)`;
}

/** The summary table `kubesim run` prints on stdout. */
export function renderSummary(r: RunReport): string {
  const s = r.scheduling;
  const rows: string[][] = [
    [
      'nodes',
      `${r.cluster.nodesInitial} at start, ${r.cluster.nodesAtEnd} at end, ${r.cluster.zones.length} zones`,
    ],
    [
      'pods scheduled',
      `${s.podsScheduled} of ${s.podsCreated} created, ${s.pendingAtEnd.length} pending at end`,
    ],
    ['pending time', pendingText(r)],
    [
      'node utilisation',
      `cpu ${percent(r.utilisation.cpuRequested.mean)} requested (peak ${percent(r.utilisation.cpuRequested.max)}), memory ${percent(r.utilisation.memoryRequested.mean)} (peak ${percent(r.utilisation.memoryRequested.max)})`,
    ],
    ['cost', costText(r)],
    ['pod availability', availabilityPercent(r.availability.pods)],
  ];
  for (const w of r.availability.workloads) {
    rows.push([
      `  ${w.workload}`,
      `${availabilityPercent(w.availability)} (${w.replicas} replicas, min ${w.minAvailablePods} available)`,
    ]);
  }
  for (const t of r.traffic?.services ?? []) {
    rows.push([
      `requests ${t.service}`,
      `${availabilityPercent(t.availability)} of ${t.offered} served, p50 ${ms(t.latencyMs.p50)}, p99 ${ms(t.latencyMs.p99)}${t.failed > 0 ? `, ${t.failed} failed` : ''}`,
    ]);
  }
  for (const o of r.traffic?.slo ?? []) {
    const shown = (x: number) => (o.objective === 'availability' ? availabilityPercent(x) : ms(x));
    rows.push([
      'SLO',
      `${o.objective} ${shown(o.value)} (target ${shown(o.target)}): ${o.met ? 'met' : 'MISSED'}`,
    ]);
  }
  for (const g of r.batch?.groups ?? []) {
    rows.push([g.kind === 'Job' ? `job ${g.name}` : `pod trace`, batchSummaryLine(g)]);
  }
  for (const f of r.faults) {
    rows.push([
      'fault',
      `${f.kind} ${f.nodes.join(', ') || '(no node)'} at ${f.at}${f.recoversAtSeconds === null ? ', never recovers' : `, back after ${secondsText(f.recoversAtSeconds - f.atSeconds)}`}`,
    ]);
  }
  const incidents = r.incidents ?? [];
  for (const [n, i] of incidents.slice(0, 5).entries()) rows.push(['incident', incidentLine(i, n)]);
  if (incidents.length > 5) rows.push(['incident', `… and ${incidents.length - 5} more (see the report)`]);
  if (r.incidentStatistics && incidents.length > 1)
    rows.push(['incidents', incidentStatisticsText(r.incidentStatistics)]);
  for (const d of r.disasterRecovery?.disasters ?? []) rows.push(['disaster', disasterLine(d)]);
  if (r.alerts && r.alertDetection) rows.push(['alerts', alertsSummaryText(r.alerts, r.alertDetection)]);
  if (r.availability.downtime) rows.push(['downtime / 30 days', downtimeLine(r.availability.downtime)]);
  if (r.warnings.length > 0)
    rows.push([
      'warnings',
      `${r.warnings.length} (fields or faults not simulated, likely mistakes): see the report`,
    ]);
  for (const p of s.pendingAtEnd.slice(0, 5)) rows.push(['pending', `${p.pod}: ${p.reason}`]);
  if (s.pendingAtEnd.length > 5)
    rows.push(['pending', `… and ${s.pendingAtEnd.length - 5} more (see the report)`]);
  const title = `kubesim run: ${r.scenario.name} (seed ${r.scenario.seed}, ${r.scenario.duration} simulated, Kubernetes ${r.scenario.kubernetesVersion})`;
  return `${title}\n\n${textTable(rows)}\n${replicationsSummaryText(r)}`;
}

/** How the summary names each repair step of an incident's timeline. */
const STEP_WORDS: Partial<Record<string, string>> = {
  detected: 'detected',
  tainted: 'tainted',
  evicted: 'evicted',
  replaced: 'replaced',
  scheduled: 'scheduled',
  ready: 'ready',
  inEndpoints: 'in endpoints',
  nodeRecovered: 'node back',
};

/**
 * One incident in a line, its timeline in repair order: what struck, then the first time each step
 * was reached after it (detected → tainted → evicted → replaced → scheduled → ready → in endpoints),
 * recovery and pods lost.
 */
function incidentLine(i: NonNullable<RunReport['incidents']>[number], n: number): string {
  const steps = i.milestones.flatMap((m) => {
    const word = STEP_WORDS[m.step];
    return word ? [`${word} +${secondsText(m.afterSeconds)}`] : [];
  });
  const lost = `${i.podsLost} pod${i.podsLost === 1 ? '' : 's'} lost`;
  const timeline = steps.length > 0 ? `${steps.join(' → ')}; ` : '';
  return `${n + 1}. ${incidentFaultsText(i)} at ${i.at}: ${timeline}recovered after ${recoveryText(i)}, ${lost}`;
}

function downtimeLine(d: NonNullable<RunReport['availability']['downtime']>): string {
  const requests = d.requestBased ? `, ${d.requestBased.per30Days} by requests` : '';
  return `${d.timeBased.per30Days} with some workload down (no pod serving)${requests}`;
}
