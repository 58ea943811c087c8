import type { ClusterEvent } from '../model/cluster-state.js';
import type { Machine } from './ground-truth.js';

/**
 * Whether the kubelet's heartbeat (its Lease renewals) reaches the API server: the one place that
 * decides it. That is whenever the kubelet runs on a live machine that no network partition cuts off
 * from the control plane; each change raises a ground-truth event carrying the machine before and
 * after (see heartbeatChange).
 */
export function heartbeatReaches(machine: Readonly<Machine> | undefined): boolean {
  return machine?.up === true && machine.kubeletRunning && !machine.partitioned;
}

/** The node whose heartbeat `event` starts or stops reaching the API server, if it does. */
export function heartbeatChange(event: ClusterEvent): { node: string; reaches: boolean } | undefined {
  if (event.type !== 'MachineUpdated' && event.type !== 'KubeletUpdated' && event.type !== 'PartitionUpdated')
    return undefined;
  const reaches = heartbeatReaches(event.machine);
  return reaches === heartbeatReaches(event.old) ? undefined : { node: event.machine.name, reaches };
}
