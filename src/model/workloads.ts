import type { Distribution } from '../engine/distributions.js';
import type { LabelSelector, Labels } from './labels.js';
import type { PodTemplate } from './pod.js';

/** An integer or a percentage ("25%"), as intstr.IntOrString. */
export type IntOrPercent = number | `${number}%`;

export interface RollingUpdateStrategy {
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
}

/** A Deployment (its ReplicaSets are internal to the simulator). */
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
}
