import { formatDuration, MICROS_PER_SECOND } from '../engine/time.js';
import { availabilityPercent, markdownTable, ms, secondsText, usd } from './format.js';
import type { RunReport } from './json.js';

type Series = RunReport['series']['series'][number];

/** The time (Go text) of sample `i`. */
function sampleAt(r: RunReport, i: number): string {
  return formatDuration(i * r.series.stepSeconds * MICROS_PER_SECOND);
}

/** The largest value of a series and the first sample where it was reached. */
function peak(r: RunReport, s: Series): string {
  let best = 0;
  s.values.forEach((v, i) => {
    if (v > (s.values[best] ?? 0)) best = i;
  });
  return `${s.values[best] ?? 0} at ${sampleAt(r, best)}`;
}

/**
 * The Autoscaling section: every HPA and cluster-autoscaler event, the pending pods, nodes per pool
 * and cost rate from the series (peaks), and the fixed-cluster comparison when it was run.
 */
export function autoscalingMarkdown(r: RunReport): string[] {
  const a = r.autoscaling;
  if (!a) return [];
  const out: string[] = ['## Autoscaling', ''];
  if (a.events.length === 0) out.push('No autoscaler changed anything.', '');
  else
    out.push(
      markdownTable(
        ['at', 'autoscaler', 'target', 'from → to', 'reason'],
        a.events.map((e) => [
          e.at,
          e.kind === 'hpa' ? `hpa ${e.hpa}` : 'cluster-autoscaler',
          e.target,
          `${e.from} → ${e.to}`,
          e.reason,
        ]),
      ),
      '',
    );
  const series = r.series.series;
  const pending = series.find((s) => s.metric === 'kube_pod_status_phase' && s.labels.phase === 'Pending');
  const lines: string[] = [];
  if (pending) {
    const minutes = pending.values.filter((v) => v > 0).length * (r.series.stepSeconds / 60);
    lines.push(
      `- pending pods: at most ${peak(r, pending)}; some pending in ${minutes} of the sampled minutes`,
    );
  }
  for (const s of series.filter(
    (x) => x.metric === 'kubesim_node_pool_nodes' && x.labels.state === 'registered',
  ))
    lines.push(`- nodes of pool ${s.labels.pool}: at most ${peak(r, s)}, ${s.values.at(-1) ?? 0} at the end`);
  const cost = series.find((s) => s.metric === 'kubesim_cost_per_hour');
  if (cost) lines.push(`- cost rate: at most ${usd(Math.max(...cost.values))}/h`);
  if (lines.length > 0) out.push(...lines, '');
  out.push(...scaleUpsMarkdown(r), ...rampMarkdown(r));
  const fixed = a.withoutAutoscaling;
  if (fixed) {
    out.push('### Against a fixed cluster', '');
    out.push(
      markdownTable(
        ['', 'cost', 'per hour', 'node-hours', 'pod availability', 'SLOs met'],
        [
          [
            'this run',
            usd(r.cost.total),
            usd(r.cost.perHour),
            r.cost.nodeHours.toFixed(2),
            availabilityPercent(r.availability.pods),
            sloText(r),
          ],
          [
            'autoscaling off',
            usd(fixed.cost.total),
            usd(fixed.cost.perHour),
            fixed.cost.nodeHours.toFixed(2),
            availabilityPercent(fixed.podAvailability),
            fixed.sloMet === null ? '—' : fixed.sloMet ? 'yes' : 'no',
          ],
        ],
      ),
      '',
      fixed.costSaved >= 0
        ? `Autoscaling saved ${usd(fixed.costSaved)} over the window.`
        : `Autoscaling cost ${usd(-fixed.costSaved)} more over the window.`,
      '',
    );
  }
  return out;
}

function sloText(r: RunReport): string {
  const slo = r.traffic?.slo ?? [];
  if (slo.length === 0) return '—';
  return slo.every((s) => s.met) ? 'yes' : 'no';
}

/** Each HPA scale-up: how long until the pods served, and its Service's requests meanwhile against the SLO. */
function scaleUpsMarkdown(r: RunReport): string[] {
  const ups = r.autoscaling?.scaleUps ?? [];
  if (ups.length === 0) return [];
  const met = (m: boolean | null): string => (m === null ? '' : m ? ' (met)' : ' (missed)');
  return [
    '### Scale-ups against the SLO',
    '',
    markdownTable(
      ['at', 'hpa', 'replicas', 'all ready after', 'service', 'availability', 'p99 (worst minute)'],
      ups.map((u) => [
        u.start,
        u.hpa,
        `${u.from} → ${u.to}`,
        u.readySeconds === null ? 'not by the end' : secondsText(u.readySeconds),
        u.service ?? '—',
        u.availability === null ? '—' : `${availabilityPercent(u.availability)}${met(u.availabilityMet)}`,
        u.p99Ms === null ? '—' : `${ms(u.p99Ms)}${met(u.p99Met)}`,
      ]),
    ),
    '',
    "Requests counted over the whole minutes each scale-up overlaps, from the HPA's rescale until the target's pods were all available.",
    '',
  ];
}

/** At most this many rows in the ramp table. */
const RAMP_ROWS = 40;

/**
 * The ramp: the samples where a replica, pod, node or cost figure changed, one row each (the first
 * sample too), so the scale-up, the pending period and the nodes arriving read top to bottom.
 */
function rampMarkdown(r: RunReport): string[] {
  const s = r.autoscaling?.series;
  if (!s || r.series.points === 0) return [];
  const columns: { header: string; values: number[]; format?: (v: number) => string }[] = [];
  const several = s.workloads.length > 1;
  for (const w of s.workloads) {
    const name = several ? ` ${w.hpa}` : '';
    columns.push(
      { header: `replicas${name}`, values: w.replicas },
      { header: `HPA desired${name}`, values: w.desiredReplicas },
      { header: `ready${name}`, values: w.readyPods },
    );
  }
  columns.push({ header: 'pending pods', values: s.pendingPods });
  for (const p of s.nodePools)
    columns.push(
      { header: `nodes ${p.pool}`, values: p.registered },
      { header: `provisioning ${p.pool}`, values: p.provisioning },
    );
  if (s.costPerHour) columns.push({ header: 'cost per hour', values: s.costPerHour, format: usd });
  const changed: number[] = [];
  for (let i = 0; i < r.series.points; i++)
    if (i === 0 || columns.some((c) => c.values[i] !== c.values[i - 1])) changed.push(i);
  const shown = changed.slice(0, RAMP_ROWS);
  const out = [
    '### Over time',
    '',
    markdownTable(
      ['at', ...columns.map((c) => c.header)],
      shown.map((i) => [sampleAt(r, i), ...columns.map((c) => (c.format ?? String)(c.values[i] ?? 0))]),
    ),
    '',
  ];
  if (changed.length > shown.length)
    out.push(`… ${changed.length - shown.length} more changes in \`autoscaling.series\`.`, '');
  return out;
}
