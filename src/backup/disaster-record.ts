import type { Micros } from '../engine/time.js';

/** One step of a restore procedure, in order: when it finished. */
export interface RestoreStep {
  step:
    | 'restoreStarted'
    | 'newCluster'
    | 'etcdRestored'
    | 'objectsRestored'
    | 'volumesRestored'
    | 'podsReady';
  at: Micros;
}

/** What one disaster did to the data and how the cluster came back (docs/disaster-recovery.md). */
export interface DisasterRecord {
  /** `<kind>-<index in spec.faults>`, a stable name for the report and for replicated statistics. */
  name: string;
  kind: string;
  at: Micros;
  /** The namespace or volume it hit, when it hit one. */
  target?: string;
  /** The backup (or etcd snapshot) the restore used; undefined when none was usable. */
  restoredFrom?: string;
  /** The instant the restored data dates from; undefined when nothing could be restored. */
  dataAt?: Micros;
  /** Bytes written since `dataAt` (all of the data when nothing could be restored): lost. */
  dataLostBytes: number;
  /** Volumes whose data could not be restored at all, with why. */
  unrecoverable: { volume: string; reason: string }[];
  /** Workloads that must be whole again for the service to be back ("ns/name"). */
  workloads: string[];
  /** The restore procedure, step by step; empty when no restore was possible. */
  steps: RestoreStep[];
  /** When the procedure's last step (before the pods' own start) finished. */
  restoredAt?: Micros;
  /** When every affected workload had all its pods available again (set by the recovery watcher). */
  podsReadyAt?: Micros;
}
