import type { Distribution } from '../engine/distributions.js';
import type { Micros } from '../engine/time.js';
import type { LabelSelector, Labels } from './labels.js';
import type { PodTemplate } from './pod.js';

/** An integer or a percentage ("25%"), as intstr.IntOrString. */
export type IntOrPercent = number | `${number}%`;

export interface RollingUpdateStrategy {
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
}

/**
 * A ReplicaSet of a Deployment, one per pod-template revision (pkg/controller/deployment). kubesim keeps
 * them on their Deployment (`replicaSets`) rather than as objects of their own; the Deployment
 * controller writes the spec and annotations, the ReplicaSet controller the status.
 */
export interface ReplicaSet {
  /** `<deployment>-<pod-template-hash>`. */
  readonly name: string;
  /** The pod-template-hash: the label on its pods and the suffix of its name. */
  readonly podTemplateHash: string;
  /** The Deployment's template this revision was made from (without the hash label). */
  readonly template: PodTemplate;
  /** The labels of its pods: the template's plus pod-template-hash (one object, shared by its pods). */
  readonly podLabels: Labels;
  readonly createdAt: Micros;
  /** deployment.kubernetes.io/revision. */
  revision: number;
  /** spec.replicas. */
  replicas: number;
  /** spec.minReadySeconds, copied from the Deployment while this is its newest ReplicaSet. */
  minReadySeconds: number;
  /** deployment.kubernetes.io/desired-replicas: the Deployment's replicas when last scaled. */
  desiredReplicas?: number;
  /** deployment.kubernetes.io/max-replicas: replicas + maxSurge when last scaled. */
  maxReplicas?: number;
  status: ReplicaSetStatus;
}

/** What the ReplicaSet controller reports (apps/v1 ReplicaSetStatus), counting active pods only. */
export interface ReplicaSetStatus {
  replicas: number;
  readyReplicas: number;
  /** Ready for at least minReadySeconds. */
  availableReplicas: number;
}

export type DeploymentConditionType = 'Available' | 'Progressing';

/** apps/v1 DeploymentCondition. */
export interface DeploymentCondition {
  readonly type: DeploymentConditionType;
  readonly status: 'True' | 'False' | 'Unknown';
  /** NewReplicaSetCreated, ReplicaSetUpdated, NewReplicaSetAvailable, ProgressDeadlineExceeded, … */
  readonly reason: string;
  readonly message: string;
  readonly lastUpdateTime: Micros;
  readonly lastTransitionTime: Micros;
}

/** apps/v1 DeploymentStatus as the Deployment controller computes it (calculateStatus). */
export interface DeploymentStatus {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  conditions: readonly DeploymentCondition[];
}

/** A Deployment; its ReplicaSets and status are written by the controllers (docs/deployments.md). */
export interface Deployment {
  readonly kind: 'Deployment';
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  replicas: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplate;
  readonly strategy: { type: 'RollingUpdate'; rollingUpdate: RollingUpdateStrategy } | { type: 'Recreate' };
  readonly minReadySeconds: number;
  /** @default 600 (apps/v1 SetDefaults_Deployment); undefined also means 600 */
  readonly progressDeadlineSeconds?: number;
  /** Old ReplicaSets kept for rollback. @default 10 (apps/v1 SetDefaults_Deployment) */
  readonly revisionHistoryLimit?: number;
  /** spec.paused: a paused Deployment scales but does not roll out. @default false */
  readonly paused?: boolean;
  /** Its ReplicaSets, oldest first; undefined until the Deployment controller's first sync. */
  replicaSets?: ReplicaSet[];
  /** Undefined until the Deployment controller's first sync. */
  status?: DeploymentStatus;
}

export interface StatefulSet {
  readonly kind: 'StatefulSet';
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  replicas: number;
  readonly selector: LabelSelector;
  readonly template: PodTemplate;
  readonly serviceName: string;
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel';
}

export type Workload = Deployment | StatefulSet;

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  /** Plain map selector; undefined or empty selects no pods (endpoints managed by hand). */
  readonly selector?: Labels;
  readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  readonly ports: ServicePort[];
  readonly sessionAffinity: 'None' | 'ClientIP';
  /** sessionAffinityConfig.clientIP.timeoutSeconds; default 10800 (core/v1 defaults). */
  readonly sessionAffinityTimeoutSeconds: number;
}

export interface PodDisruptionBudget {
  readonly namespace: string;
  readonly name: string;
  readonly selector: LabelSelector;
  readonly minAvailable?: IntOrPercent;
  readonly maxUnavailable?: IntOrPercent;
  /** Written by the disruption controller (controllers/disruption.ts); unset until its first sync. */
  status?: PodDisruptionBudgetStatus;
}

/** policy/v1 PodDisruptionBudgetStatus, the counts kubesim simulates. */
export interface PodDisruptionBudgetStatus {
  expectedPods: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
}

export interface PriorityClass {
  readonly name: string;
  readonly value: number;
  readonly globalDefault: boolean;
  readonly preemptionPolicy: 'PreemptLowerPriority' | 'Never';
}

/** How a workload's pods behave at run time, from the Scenario's `services` section. */
export interface WorkloadBehaviour {
  /** Time from binding to Ready: image pull + container start (+ readiness). */
  startupTime: Distribution;
  /**
   * For pods that run to completion (Jobs, the batch pod trace): how long the containers run before
   * their program exits, and the chance it exits non-zero. undefined: the program runs until stopped.
   */
  completion?: { duration: Distribution; failureProbability: number };
}
