/**
 * The kinds kubesim reads, with the apiVersion each must have, and the kinds it knows but does not
 * simulate yet (reported with a warning and skipped, never silently mis-read).
 */
export const SIMULATED_KINDS: Readonly<Record<string, readonly string[]>> = {
  Node: ['v1'],
  Pod: ['v1'],
  Service: ['v1'],
  Deployment: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  Job: ['batch/v1'],
  PodDisruptionBudget: ['policy/v1'],
  HorizontalPodAutoscaler: ['autoscaling/v2', 'autoscaling/v1'],
  PriorityClass: ['scheduling.k8s.io/v1'],
  KubeSchedulerConfiguration: ['kubescheduler.config.k8s.io/v1'],
  KubeProxyConfiguration: ['kubeproxy.config.k8s.io/v1alpha1'],
  ClusterConfiguration: ['kubeadm.k8s.io/v1beta4', 'kubeadm.k8s.io/v1beta3'],
  KubeletConfiguration: ['kubelet.config.k8s.io/v1beta1'],
  Schedule: ['velero.io/v1'],
  PersistentVolumeClaim: ['v1'],
  VolumeSnapshotClass: ['snapshot.storage.k8s.io/v1'],
  List: ['v1'],
  Scenario: ['kubesim.dev/v1alpha1'],
  // The Prometheus Operator's alert and recording rules, evaluated over the run's series (docs/alerting.md).
  PrometheusRule: ['monitoring.coreos.com/v1'],
};

/** Kinds of the core Kubernetes API (and common add-ons) that kubesim skips with a warning. */
export const KNOWN_NOT_SIMULATED_KINDS: ReadonlySet<string> = new Set([
  'VerticalPodAutoscaler',
  'Namespace',
  'ServiceAccount',
  'ConfigMap',
  'Secret',
  'Ingress',
  'IngressClass',
  'CronJob',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'PersistentVolume',
  'StorageClass',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
  'NetworkPolicy',
  'Endpoints',
  'EndpointSlice',
  'LimitRange',
  'ResourceQuota',
  'PodTemplate',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
  'Lease',
  'Event',
  'RuntimeClass',
  // kubeadm's other documents, often in the same file as its ClusterConfiguration.
  'InitConfiguration',
  'JoinConfiguration',
  'ResetConfiguration',
  'UpgradeConfiguration',
]);

/**
 * Documents that are inputs of a kubesim calculator, not cluster objects (`kubesim hpa explain`):
 * the loader skips them with a note, so a models/ folder can hold both.
 */
export const CALCULATOR_INPUT_KINDS: Readonly<Record<string, string>> = {
  HpaDesiredReplicas: 'kubesim hpa explain',
  HpaNormalizeReplicas: 'kubesim hpa explain',
};
