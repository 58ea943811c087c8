import type { ApiServer } from '../api/api-server.js';
import type { Simulation } from '../engine/simulation.js';
import type { Micros } from '../engine/time.js';
import type { RecoveryContext } from '../faults/disasters.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import { RecoveryTracker } from '../metrics/recovery.js';
import type { DisasterRecovery } from '../model/backup.js';
import type { ClusterState } from '../model/cluster-state.js';
import { BackupCatalog, type BackupRecord } from './catalog.js';
import type { DisasterRecord } from './disaster-record.js';
import { VeleroController } from './velero.js';

/** What a run's backups and disasters came to, for the report. */
export interface DisasterRecoveryResult {
  config: DisasterRecovery;
  backups: BackupRecord[];
  etcdSnapshots: BackupRecord[];
  disasters: DisasterRecord[];
}

/**
 * Wires backups and recovery into a run: Velero's controllers on the engine, the catalogue of what
 * exists, the tracker that sees each restored disaster's pods come back, and the context the disaster
 * faults act through.
 */
export function startDisasterRecovery(
  config: DisasterRecovery,
  deps: { sim: Simulation; api: ApiServer; cluster: ClusterState; truth: GroundTruth; now: () => Micros },
): { recovery: RecoveryContext; start(): void; finish(): DisasterRecoveryResult } {
  const catalog = new BackupCatalog();
  const disasters: DisasterRecord[] = [];
  const tracker = new RecoveryTracker(deps.cluster, deps.truth, deps.now, disasters);
  const velero = new VeleroController({ ...deps, recovery: config, catalog });
  return {
    recovery: { config, catalog, disasters, api: deps.api },
    start: () => velero.start(),
    finish() {
      tracker.finish();
      return { config, backups: catalog.backups, etcdSnapshots: catalog.etcdSnapshots, disasters };
    },
  };
}
