import type { Micros } from '../engine/time.js';

/**
 * What kubesim reads from a kubeadm ClusterConfiguration (kubeadm.k8s.io/v1beta3 or v1beta4), the
 * document `kubeadm init --config` reads on the first control-plane node. Resolved at load.
 */
export interface ClusterConfiguration {
  apiVersion: 'kubeadm.k8s.io/v1beta3' | 'kubeadm.k8s.io/v1beta4';
  /** "1.32" for "v1.32.4"; the Scenario's version when absent. */
  kubernetesVersion?: string;
  /** The shared address (load balancer) of the API servers, "host:port" as written. */
  controlPlaneEndpoint?: string;
  /** Stacked: one etcd member per control-plane node; external: the etcd cluster at `endpoints`. */
  etcd: { topology: 'stacked' } | { topology: 'external'; endpoints: string[] };
  /** kube-controller-manager's --node-monitor-grace-period, when set in controllerManager.extraArgs. */
  nodeMonitorGracePeriod?: Micros;
}

/** What kubesim reads from a KubeletConfiguration (kubelet.config.k8s.io/v1beta1), for every node. */
export interface KubeletConfiguration {
  /** Lease duration; the kubelet renews it every 0.25 × this (`leaseRenewInterval`). */
  nodeLeaseDurationSeconds?: number;
  /** Resolved from nodeLeaseDurationSeconds. */
  leaseRenewInterval?: Micros;
  /** Pods a node admits: the pool nodes' `pods` allocatable where the pool does not set it. */
  maxPods?: number;
  /** Accepted, not simulated (kubesim's kubelet posts no node status; Ready follows the Lease). */
  nodeStatusUpdateFrequency?: Micros;
  /** Accepted, not simulated (graceful node shutdown). */
  shutdownGracePeriod?: Micros;
}
