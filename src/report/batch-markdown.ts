import { markdownTable, percent, usd } from './format.js';
import type { RunReport } from './json.js';

type Batch = NonNullable<RunReport['batch']>;
type Group = Batch['groups'][number];

/** "p50 1m20s, p90 …, p99 …, max …", or "no pod started". */
export function pendingPercentiles(g: Group): string {
  const t = g.pendingTime;
  if (t.count === 0) return 'no pod started';
  return `p50 ${t.p50}, p90 ${t.p90}, p99 ${t.p99}, max ${t.max}`;
}

/** One line per batch group for the terminal summary: outcomes, pending times, makespan, utilisation. */
export function batchSummaryLine(g: Group): string {
  const makespan = g.makespan === null ? 'not finished' : `makespan ${g.makespan}`;
  const util = g.utilisation === null ? '' : `, ${percent(g.utilisation)} of cluster CPU`;
  return `${g.succeeded}/${g.pods} succeeded, ${g.failed} failed; pending ${pendingPercentiles(g)}; ${makespan}${util}`;
}

/**
 * The Batch section: per Job and for the pod trace, the outcomes, pending-time percentiles, makespan,
 * utilisation and cost; then how each Job ended (docs/batch.md defines every figure).
 */
export function batchMarkdown(batch: Batch | undefined): string[] {
  if (!batch) return [];
  const out: string[] = ['## Batch', ''];
  out.push(
    markdownTable(
      [
        'work',
        'pods',
        'succeeded',
        'failed',
        'pending at end',
        'pending time',
        'makespan',
        'CPU used',
        'cost',
      ],
      batch.groups.map((g) => [
        g.kind === 'Job' ? `Job ${g.name}` : `trace ${g.name}`,
        g.pods,
        g.succeeded,
        g.failed,
        g.pendingAtEnd,
        pendingPercentiles(g),
        g.makespan ?? '—',
        g.utilisation === null ? '—' : percent(g.utilisation),
        usd(g.cost),
      ]),
    ),
    '',
  );
  if (batch.jobs.length > 0) {
    out.push('### Jobs', '');
    out.push(
      markdownTable(
        [
          'job',
          'mode',
          'parallelism',
          'completions',
          'outcome',
          'started',
          'finished',
          'took',
          'succeeded',
          'failed',
        ],
        batch.jobs.map((j) => [
          j.job,
          j.completionMode,
          j.parallelism,
          j.completions ?? 'work queue',
          j.condition === null ? 'running' : `${j.condition} (${j.reason})`,
          j.start ?? '—',
          j.finished ?? '—',
          j.completionTime ?? '—',
          j.succeeded,
          j.failed,
        ]),
      ),
      '',
    );
  }
  out.push(
    '"CPU used" is the CPU the batch pods requested while bound, as a share of what the cluster could allocate over the makespan; "cost" is what the whole cluster cost over the makespan.',
    '',
  );
  return out;
}
