import { availabilityPercent, ms } from '../format.js';
import type { RunReport } from '../json.js';
import { escapeHtml } from './escape.js';

type Objective = NonNullable<RunReport['traffic']>['slo'][number];

function objectiveText(o: Objective): { name: string; target: string; value: string } {
  const availability = o.objective === 'availability';
  const show = (x: number) => (availability ? availabilityPercent(x) : ms(x));
  return {
    name: o.objective,
    target: `${availability ? '≥' : '≤'} ${show(o.target)}`,
    value: show(o.value),
  };
}

function card(kind: 'met' | 'missed' | 'info', title: string, value: string, note: string): string {
  return `<li class="${kind}">${escapeHtml(title)}<b>${escapeHtml(value)}</b>${escapeHtml(note)}</li>`;
}

/**
 * What a reader wants first: each SLO of the Scenario, met or missed, then the run's headline
 * figures (pod availability, downtime per 30 days, incidents, pods left pending).
 */
export function sloSummary(r: RunReport): string {
  const slo = r.traffic?.slo ?? [];
  const missed = slo.filter((o) => !o.met).length;
  const heading =
    slo.length === 0
      ? 'No SLOs in the Scenario'
      : missed === 0
        ? `All ${slo.length} SLOs met`
        : `${missed} of ${slo.length} SLOs missed`;
  const cards = slo.map((o) => {
    const t = objectiveText(o);
    return card(o.met ? 'met' : 'missed', `${t.name} ${t.target}`, t.value, o.met ? 'met' : 'missed');
  });
  cards.push(card('info', 'pod availability', availabilityPercent(r.availability.pods), 'over the window'));
  const downtime = r.availability.downtime;
  if (downtime?.requestBased)
    cards.push(
      card('info', 'downtime per 30 days', downtime.requestBased.per30Days, 'from the requests that failed'),
    );
  else if (downtime)
    cards.push(
      card('info', 'downtime per 30 days', downtime.timeBased.per30Days, 'time with a workload down'),
    );
  const stats = r.incidentStatistics;
  if (stats)
    cards.push(
      card(
        stats.notRecovered > 0 ? 'missed' : 'info',
        'incidents',
        String(stats.count),
        `${stats.recovered} recovered${stats.meanTimeToRecover ? `, mean ${stats.meanTimeToRecover}` : ''}`,
      ),
    );
  const pending = r.scheduling.pendingAtEnd.length;
  if (pending > 0) cards.push(card('missed', 'pods pending at the end', String(pending), 'see below'));
  const fixed = r.autoscaling?.withoutAutoscaling;
  if (fixed && fixed.sloMet !== null)
    cards.push(
      card(
        fixed.sloMet ? 'met' : 'missed',
        'autoscaling off',
        fixed.sloMet ? 'SLOs met' : 'SLOs missed',
        'same seed',
      ),
    );
  return `<section id="summary"><h2>${escapeHtml(heading)}</h2><ul class="slo">${cards.join('')}</ul></section>`;
}
