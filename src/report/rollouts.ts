import { formatDuration, MICROS_PER_SECOND } from '../engine/time.js';
import type { RolloutSummary } from '../metrics/rollouts.js';
import { markdownTable } from './format.js';
import type { RunReportShape } from './schema.js';

type RolloutReport = NonNullable<RunReportShape['rollouts']>[number];

/** A rolled-out Deployment as the JSON report holds it (schema `rollouts[]`). */
export function rolloutReport(r: RolloutSummary): RolloutReport {
  const s = r.status;
  return {
    deployment: r.deployment,
    revision: r.revision,
    replicas: s.replicas,
    updatedReplicas: s.updatedReplicas,
    readyReplicas: s.readyReplicas,
    availableReplicas: s.availableReplicas,
    unavailableReplicas: s.unavailableReplicas,
    conditions: s.conditions.map((c) => ({
      type: c.type,
      status: c.status,
      reason: c.reason,
      message: c.message,
      lastUpdate: formatDuration(c.lastUpdateTime),
      lastUpdateSeconds: c.lastUpdateTime / MICROS_PER_SECOND,
      lastTransition: formatDuration(c.lastTransitionTime),
      lastTransitionSeconds: c.lastTransitionTime / MICROS_PER_SECOND,
    })),
    replicaSets: r.replicaSets.map((rs) => ({
      name: rs.name,
      revision: rs.revision,
      replicas: rs.replicas,
      availableReplicas: rs.status.availableReplicas,
    })),
  };
}

/** The Markdown "Rollouts" section: one row per rolled-out Deployment; empty when none. */
export function rolloutsMarkdown(rollouts: readonly RolloutReport[] | undefined): string[] {
  if (!rollouts || rollouts.length === 0) return [];
  const rows = rollouts.map((r) => {
    const progressing = r.conditions.find((c) => c.type === 'Progressing');
    return [
      r.deployment,
      r.revision,
      `${r.updatedReplicas}/${r.replicas}`,
      r.availableReplicas,
      progressing ? `${progressing.status} ${progressing.reason} (since ${progressing.lastUpdate})` : '',
      r.replicaSets.map((rs) => `${rs.name}: ${rs.replicas}`).join(', '),
    ];
  });
  return [
    '## Rollouts',
    '',
    markdownTable(
      ['deployment', 'revision', 'updated/pods', 'available', 'Progressing', 'ReplicaSets'],
      rows,
    ),
    '',
  ];
}
