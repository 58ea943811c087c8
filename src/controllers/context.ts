import type { ApiServer } from '../api/api-server.js';
import type { RandomStreams } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { Micros } from '../engine/time.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { WorkloadBehaviour } from '../model/workloads.js';

/**
 * What every controller is given: the engine, the API server to write through, the store to read (as
 * informers' listers), the ground truth (only the kubelet and faults touch it), random streams and
 * resolved settings.
 */
export interface ControllerContext {
  readonly sim: Simulation;
  readonly api: ApiServer;
  readonly cluster: ClusterState;
  readonly truth: GroundTruth;
  readonly random: RandomStreams;
  /** Minor version of the Kubernetes being simulated (36 for 1.36), for version-dependent defaults. */
  readonly kubernetesMinor: number;
  /** kube-controller-manager's node-monitor-grace-period when configured (kubeadm); else the version's default. */
  readonly nodeMonitorGracePeriod?: Micros;
  /** The kubelet's Lease renewal interval when configured (KubeletConfiguration); else 10 s. */
  readonly leaseRenewInterval?: Micros;
  /** Per-workload run-time behaviour by workload name; absent names use the defaults. */
  readonly behaviour: (workloadName: string) => WorkloadBehaviour;
}
