import type { ClusterState } from '../model/cluster-state.js';
import { objectKey } from '../model/pod.js';
import type { Workload } from '../model/workloads.js';

/**
 * A workload controller's triggers besides its pods: every workload of `kind` now, each one added or
 * changed (a new replica count), and all of them again when the API server can write after a loss of
 * quorum (writes refused meanwhile are retried by reconciling).
 */
export function watchWorkloads(
  cluster: ClusterState,
  kind: Workload['kind'],
  enqueue: (key: string) => void,
): void {
  const all = (): void => {
    for (const w of cluster.workloads) if (w.kind === kind) enqueue(objectKey(w.namespace, w.name));
  };
  cluster.watch((event) => {
    if (event.type === 'WorkloadAdded' || event.type === 'WorkloadUpdated') {
      if (event.workload.kind === kind) enqueue(objectKey(event.workload.namespace, event.workload.name));
    } else if (event.type === 'ControlPlaneChanged' && event.writable) {
      all();
    }
  });
  all();
}
