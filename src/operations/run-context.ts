import { type ApiServer, NO_QUORUM_MESSAGE } from '../api/api-server.js';
import type { Simulation } from '../engine/simulation.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { Timeline } from '../metrics/timeline.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { NodePool } from '../model/scenario.js';
import type { Cloud, OperationContext, OperationRecord } from './operation-kind.js';

/**
 * The context a run gives its operations: records appended to `records` in start order, steps on the
 * run's timeline, and a cloud that boots a machine before registering its Node and powers it off
 * (its containers die) before deleting the Node, as a VM is created and deleted.
 */
export function operationContext(parts: {
  sim: Simulation;
  api: ApiServer;
  cluster: ClusterState;
  truth: GroundTruth;
  nodePools: readonly NodePool[];
  timeline: Timeline;
  records: OperationRecord[];
}): OperationContext {
  const { sim, api, cluster, truth, nodePools, timeline, records } = parts;
  const cloud: Cloud = {
    createNode(node) {
      truth.addMachine(node.name, true);
      const result = api.createNode(node);
      if (result.ok) return { ok: true };
      truth.removeMachine(node.name);
      return { ok: false, message: result.message };
    },
    deleteNode(name) {
      if (!api.isWritable) return { ok: false, message: NO_QUORUM_MESSAGE };
      truth.setMachineUp(name, false);
      const result = api.deleteNode(name);
      if (!result.ok) return { ok: false, message: result.message };
      truth.removeMachine(name);
      return { ok: true };
    },
  };
  return {
    sim,
    api,
    cluster,
    nodePools,
    cloud,
    begin(kind, target) {
      const record: OperationRecord = {
        kind,
        at: sim.now,
        target,
        outcome: 'running',
        message: '',
        evictions: 0,
        evictionsRefused: 0,
      };
      records.push(record);
      timeline.add({ kind: 'Operation', object: target, to: `${kind} started` });
      return record;
    },
    step: (entry) => timeline.add(entry),
  };
}
