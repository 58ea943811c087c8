import type { Micros } from '../engine/time.js';
import type { PodTemplate } from './pod.js';

// Day-2 operations on the Scenario's timeline (spec.operations[], docs/operations.md): what an operator
// does with kubectl or a cloud console. Each is a client of the API server; none touches the ground
// truth except upgradeNodePool, which creates and deletes machines as the cloud provider does.

/** `kubectl cordon NODE`: spec.unschedulable = true. */
export interface CordonOperation {
  kind: 'cordon';
  at: Micros;
  node: string;
}

/** `kubectl uncordon NODE`: spec.unschedulable = false. */
export interface UncordonOperation {
  kind: 'uncordon';
  at: Micros;
  node: string;
}

/**
 * `kubectl drain NODE`: cordon, then evict every pod of the node through the eviction API (a 429 is
 * retried every 5 s), then wait until they are gone.
 */
export interface DrainOperation {
  kind: 'drain';
  at: Micros;
  node: string;
  /** --timeout; undefined = 0 = wait forever (kubectl's default). */
  timeout?: Micros;
  /** --grace-period in seconds; undefined = -1 = each pod's terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
  /** --force: also drain pods that no controller owns (they are not recreated). */
  force: boolean;
}

/** `kubectl scale --replicas=N` of a Deployment or StatefulSet ("namespace/name"). */
export interface ScaleOperation {
  kind: 'scale';
  at: Micros;
  workload: string;
  replicas: number;
}

/** `kubectl rollout restart`: the template gets annotation kubectl.kubernetes.io/restartedAt. */
export interface RolloutRestartOperation {
  kind: 'rolloutRestart';
  at: Micros;
  workload: string;
}

/** `kubectl set image`: the image of one container of the template (or all, `container` unset = `*`). */
export interface SetImageOperation {
  kind: 'setImage';
  at: Micros;
  workload: string;
  container?: string;
  image: string;
}

/** `kubectl apply -f FILE` of changed Deployments or StatefulSets (read and validated at load time). */
export interface ApplyOperation {
  kind: 'apply';
  at: Micros;
  /** As written in the Scenario (relative to it), for the report. */
  file: string;
  /**
   * Per workload of the file ("namespace/name", existing in the input): its pod template, and its
   * replicas if the file gives them (kubectl apply leaves an omitted field as it is, so a count set
   * by `scale` or an HPA survives an apply without `replicas`).
   */
  changes: { workload: string; template: PodTemplate; replicas?: number }[];
}

/**
 * A GKE-style surge upgrade of a node pool (maxUnavailable 0): `maxSurge` new nodes at a time, each
 * taking `nodeDuration` to come up; then one old node per new one is cordoned, drained and deleted.
 */
export interface UpgradeNodePoolOperation {
  kind: 'upgradeNodePool';
  at: Micros;
  pool: string;
  maxSurge: number;
  /** From asking the cloud for a node until it is registered and Ready. */
  nodeDuration: Micros;
  /** The kubelet version the new nodes report (label kubesim.dev/kubelet-version). */
  version: string;
  /** How long the drain respects PodDisruptionBudgets before deleting what is left (GKE: 1 h). */
  drainTimeout: Micros;
}

export type Operation =
  | CordonOperation
  | UncordonOperation
  | DrainOperation
  | ScaleOperation
  | RolloutRestartOperation
  | SetImageOperation
  | ApplyOperation
  | UpgradeNodePoolOperation;
