import type { ClusterState } from '../model/cluster-state.js';
import { objectKey } from '../model/pod.js';
import type { DeploymentCondition, DeploymentStatus, ReplicaSet } from '../model/workloads.js';

/** A Deployment that rolled out at least once (more than one revision), as it stands at the end. */
export interface RolloutSummary {
  /** "namespace/name". */
  deployment: string;
  /** The newest revision. */
  revision: number;
  status: DeploymentStatus;
  /** Its ReplicaSets, oldest first. */
  replicaSets: readonly ReplicaSet[];
}

/**
 * The Deployments with more than one ReplicaSet revision, in store order, with their status and
 * ReplicaSets at the end of the run (docs/deployments.md); empty when none rolled out.
 */
export function rolloutSummaries(cluster: ClusterState): RolloutSummary[] {
  const out: RolloutSummary[] = [];
  for (const w of cluster.workloads) {
    if (w.kind !== 'Deployment' || !w.status || (w.replicaSets?.length ?? 0) < 2) continue;
    const replicaSets = w.replicaSets ?? [];
    out.push({
      deployment: objectKey(w.namespace, w.name),
      revision: Math.max(...replicaSets.map((rs) => rs.revision)),
      status: w.status,
      replicaSets,
    });
  }
  return out;
}

/** The condition of `type`, if the status has one. */
export function conditionOf(
  status: DeploymentStatus,
  type: DeploymentCondition['type'],
): DeploymentCondition | undefined {
  return status.conditions.find((c) => c.type === type);
}
