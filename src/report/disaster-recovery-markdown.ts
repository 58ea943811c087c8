import { markdownTable, secondsText } from './format.js';
import type { RunReport } from './json.js';

type Recovery = NonNullable<RunReport['disasterRecovery']>;
type Disaster = Recovery['disasters'][number];

const orNever = (s: number | null) => (s === null ? 'not by the end' : secondsText(s));
const verdict = (met: boolean | null) => (met === null ? '' : met ? ' (met)' : ' (MISSED)');

/** One disaster in a line: what struck, what was restored, RPO and RTO against their targets. */
export function disasterLine(d: Disaster): string {
  const what = `${d.kind}${d.target === null ? '' : ` ${d.target}`} at ${d.at}`;
  if (d.restoredFrom === null)
    return `${what}: no usable backup, ${d.dataLost} lost, RTO ${orNever(d.rtoSeconds)}`;
  return `${what}: restored from ${d.restoredFrom}; RPO ${orNever(d.rpoSeconds)}${verdict(d.rpoMet)} (${d.dataLost} lost), RTO ${orNever(d.rtoSeconds)}${verdict(d.rtoMet)}`;
}

/** The Backups and disaster recovery section: the schedules, then each disaster with its restore. */
export function disasterRecoveryMarkdown(r: Recovery): string[] {
  const out = ['## Backups and disaster recovery', ''];
  const slo = [
    r.slo.rpo === null ? undefined : `RPO ≤ ${r.slo.rpo}`,
    r.slo.rto === null ? undefined : `RTO ≤ ${r.slo.rto}`,
  ].filter((x) => x !== undefined);
  out.push(
    `${r.backupsCompleted} backups completed, ${r.backupsFailed} failed${slo.length > 0 ? `; objectives: ${slo.join(', ')}` : ''}.`,
    '',
  );
  if (r.schedules.length > 0) {
    out.push(
      markdownTable(
        ['schedule', 'cron', 'ttl', 'volumes'],
        r.schedules.map((s) => [s.name, `\`${s.schedule}\``, s.ttl, s.volumeMethod]),
      ),
      '',
    );
  }
  for (const d of r.disasters) {
    out.push(`### ${d.name}`, '', `${disasterLine(d)}.`, '');
    for (const u of d.unrecoverable) out.push(`- ${u.volume}: not restored, ${u.reason}`);
    if (d.unrecoverable.length > 0) out.push('');
    if (d.steps.length > 0)
      out.push(
        markdownTable(
          ['step', 'after the disaster'],
          d.steps.map((s) => [s.step, s.after]),
        ),
        '',
      );
  }
  return out;
}
