import type { ApiServer } from '../api/api-server.js';
import type { BackedUpVolume, BackupCatalog, BackupRecord } from '../backup/catalog.js';
import type { DisasterRecord, RestoreStep } from '../backup/disaster-record.js';
import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { DataVolume, DisasterRecovery } from '../model/backup.js';
import type { DisasterFault } from '../model/scenario.js';
import type { FaultContext, FaultKind } from './fault-kind.js';

/**
 * What disasters need besides the ground truth: the backups that exist, the recovery settings, where
 * to record what happened, and the API server, for the two parts of a disaster that are API clients in
 * reality (a namespace deleted by `kubectl delete namespace`, objects recreated by Velero's restore).
 */
export interface RecoveryContext {
  config: DisasterRecovery;
  catalog: BackupCatalog;
  disasters: DisasterRecord[];
  api: ApiServer;
}

const seconds = (s: number): Micros => Math.round(s * MICROS_PER_SECOND);

/** The instant a fault strikes: `at`, or uniformly in `between` from its own stream. */
function strikeTime(fault: DisasterFault, ctx: FaultContext): Micros {
  if (!fault.between) return fault.at;
  const [from, to] = fault.between;
  return from + Math.floor(ctx.random.next() * (to - from));
}

function recoveryOf(ctx: FaultContext): RecoveryContext {
  const recovery = ctx.recovery;
  if (!recovery) throw new Error('invariant: a disaster fault without the recovery context');
  return recovery;
}

/** Bytes written to `v` between `from` and `to` (capped at its size: a volume cannot lose more than it holds). */
function changedBytes(v: DataVolume, from: Micros, to: Micros, config: DisasterRecovery): number {
  return Math.min(v.sizeBytes, (config.settings.changeBytesPerSecond * (to - from)) / MICROS_PER_SECOND);
}

/** The steps and the volume data of restoring `volumes` from `backup` (undefined: none usable). */
function planVolumes(
  volumes: readonly DataVolume[],
  backup: BackupRecord | undefined,
  at: Micros,
  config: DisasterRecovery,
  snapshotsSurvive: boolean,
): { seconds: number; lost: number; unrecoverable: DisasterRecord['unrecoverable'] } {
  let downloadBytes = 0;
  let snapshots = 0;
  let lost = 0;
  const unrecoverable: DisasterRecord['unrecoverable'] = [];
  for (const v of volumes) {
    const key = `${v.namespace}/${v.name}`;
    const saved: BackedUpVolume | undefined = backup?.volumes.find((b) => b.volume === key);
    if (!saved) {
      lost += v.sizeBytes;
      unrecoverable.push({
        volume: key,
        reason: backup ? `not in backup ${backup.name}` : 'no usable backup',
      });
    } else if (saved.method === 'csiSnapshot' && !snapshotsSurvive) {
      lost += v.sizeBytes;
      unrecoverable.push({
        volume: key,
        reason:
          'its CSI snapshot was kept by the storage that was lost (snapshotMoveData would have copied it)',
      });
    } else {
      lost += changedBytes(v, saved.dataAt, at, config);
      if (saved.method === 'csiSnapshot') snapshots++;
      else downloadBytes += saved.bytes;
    }
  }
  const r = config.settings.restore;
  const secs =
    downloadBytes / r.downloadBytesPerSecond +
    (snapshots > 0 ? r.snapshotRestoreTime / MICROS_PER_SECOND : 0);
  return { seconds: secs, lost, unrecoverable };
}

/** Workloads of `namespace` (all when undefined), as "ns/name". */
function workloadsIn(ctx: FaultContext, namespace?: string): string[] {
  return [...ctx.cluster.workloads]
    .filter((w) => namespace === undefined || w.namespace === namespace)
    .map((w) => `${w.namespace}/${w.name}`)
    .sort();
}

/** Appends a step `after` µs past the previous one (or the strike) and returns its instant. */
function step(record: DisasterRecord, name: RestoreStep['step'], after: Micros): Micros {
  const last = record.steps[record.steps.length - 1]?.at ?? record.at;
  const at = last + after;
  record.steps.push({ step: name, at });
  return at;
}

/**
 * The whole cluster (or its region) lost: every machine and control-plane member down. The restore
 * builds a new cluster, restores the newest usable backup's objects and volumes, and then the nodes
 * and control plane come up, and Kubernetes brings the pods back with its own delays. kubesim's new
 * cluster is the old one come back, with the same nodes (docs/disaster-recovery.md). A region loss also
 * destroys the backups kept in that region (spec.backup.storageLocation).
 */
function wholeClusterLost(kind: 'clusterLost' | 'regionLost'): FaultKind<DisasterFault> {
  return {
    kind,
    schedule(fault, ctx) {
      const recovery = recoveryOf(ctx);
      const { sim, truth, cluster } = ctx;
      const { config, catalog } = recovery;
      sim.scheduleAt(strikeTime(fault, ctx), () => {
        const at = sim.now;
        const machines = [...cluster.nodes].map((n) => n.name);
        const members = truth.controlPlaneMembers.map((m) => m.name);
        if (kind === 'regionLost' && !config.settings.storageInOtherRegion) catalog.lose(at, () => true);
        const backup = catalog.latestBackup(at, undefined, config.restoreFromSchedule);
        const record = newRecord(fault, recovery, at, workloadsIn(ctx));
        const volumes = planVolumes(config.volumes, backup, at, config, false);
        record.dataLostBytes = volumes.lost;
        record.unrecoverable = volumes.unrecoverable;
        if (backup) {
          record.restoredFrom = backup.name;
          record.dataAt = backup.startedAt;
          const r = config.settings.restore;
          step(record, 'restoreStarted', r.startDelay);
          step(record, 'newCluster', r.newClusterTime);
          step(record, 'objectsRestored', seconds(backup.objects / r.objectsPerSecond));
          record.restoredAt = step(record, 'volumesRestored', seconds(volumes.seconds));
        }
        // Recorded before it acts, so the timeline shows the disaster before its consequences.
        ctx.record({ kind, at, nodes: machines, recoversAt: record.restoredAt, note: restoreNote(record) });
        for (const m of machines) truth.holdMachineDown(m, true);
        for (const m of members) truth.holdMemberDown(m, true);
        const done = record.restoredAt;
        if (done === undefined) return;
        sim.scheduleAt(done, () => {
          for (const m of members) truth.holdMemberDown(m, false);
          for (const m of machines) truth.holdMachineDown(m, false);
        });
      });
    },
  };
}

/** The fault record's note: what the restore uses, or that nothing can be restored. */
function restoreNote(record: DisasterRecord): string {
  return record.restoredFrom === undefined
    ? 'no usable backup: nothing is restored'
    : `restored from ${record.restoredFrom}`;
}

function newRecord(
  fault: DisasterFault,
  recovery: RecoveryContext,
  at: Micros,
  workloads: string[],
): DisasterRecord {
  const record: DisasterRecord = {
    name: `${fault.kind}-${recovery.disasters.length}`,
    kind: fault.kind,
    at,
    dataLostBytes: 0,
    unrecoverable: [],
    workloads,
    steps: [],
  };
  if (fault.target !== undefined) record.target = fault.target;
  recovery.disasters.push(record);
  return record;
}

export const clusterLost = wholeClusterLost('clusterLost');
export const regionLost = wholeClusterLost('regionLost');

/**
 * etcd's data lost on every member (a bad upgrade, an operator's mistake): no quorum, so nothing is
 * written until the control plane is restored from the newest etcd snapshot (`etcdutl snapshot
 * restore`), or, without one, rebuilt from the newest Velero backup's objects. Running pods keep
 * serving meanwhile, as kubelets keep their containers when the API server is gone.
 */
export const etcdDataLost: FaultKind<DisasterFault> = {
  kind: 'etcdDataLost',
  schedule(fault, ctx) {
    const recovery = recoveryOf(ctx);
    const { sim, truth } = ctx;
    const { config, catalog } = recovery;
    sim.scheduleAt(strikeTime(fault, ctx), () => {
      const at = sim.now;
      const members = truth.controlPlaneMembers.map((m) => m.name);
      const record = newRecord(fault, recovery, at, []);
      const snapshot = catalog.latestEtcdSnapshot(at);
      const backup = snapshot ? undefined : catalog.latestBackup(at, undefined, config.restoreFromSchedule);
      const from = snapshot ?? backup;
      if (from) {
        record.restoredFrom = from.name;
        record.dataAt = from.startedAt;
        const r = config.settings.restore;
        step(record, 'restoreStarted', r.startDelay);
        record.restoredAt = step(record, 'etcdRestored', r.etcdRestoreTime);
        if (backup)
          record.restoredAt = step(record, 'objectsRestored', seconds(backup.objects / r.objectsPerSecond));
      }
      ctx.record({
        kind: 'etcdDataLost',
        at,
        nodes: [],
        recoversAt: record.restoredAt,
        note: restoreNote(record),
      });
      for (const m of members) truth.holdMemberDown(m, true);
      const done = record.restoredAt;
      if (done === undefined) return;
      sim.scheduleAt(done, () => {
        for (const m of members) truth.holdMemberDown(m, false);
      });
    });
  },
};

/**
 * A namespace deleted by mistake: its workloads go (`kubectl delete namespace`: their pods are
 * deleted gracefully and not replaced) and its volumes' data with them (reclaimPolicy Delete). The
 * restore recreates the objects from the newest backup that includes the namespace (restoring each
 * workload's replicas) and its volumes; the controllers then bring the pods back.
 */
export const namespaceDeleted: FaultKind<DisasterFault> = {
  kind: 'namespaceDeleted',
  schedule(fault, ctx) {
    const recovery = recoveryOf(ctx);
    const { sim, cluster } = ctx;
    const { config, catalog, api } = recovery;
    const namespace = fault.target as string;
    sim.scheduleAt(strikeTime(fault, ctx), () => {
      const at = sim.now;
      const workloads = workloadsIn(ctx, namespace);
      const replicas = new Map(workloads.map((w) => [w, cluster.workload(w)?.replicas ?? 0]));
      const record = newRecord(fault, recovery, at, workloads);
      const backup = catalog.latestBackup(at, namespace, config.restoreFromSchedule);
      const volumes = planVolumes(
        config.volumes.filter((v) => v.namespace === namespace),
        backup,
        at,
        config,
        true,
      );
      record.dataLostBytes = volumes.lost;
      record.unrecoverable = volumes.unrecoverable;
      if (backup) {
        record.restoredFrom = backup.name;
        record.dataAt = backup.startedAt;
        const r = config.settings.restore;
        const objects = workloads.length + config.volumes.filter((v) => v.namespace === namespace).length;
        step(record, 'restoreStarted', r.startDelay);
        step(record, 'volumesRestored', seconds(volumes.seconds));
        record.restoredAt = step(record, 'objectsRestored', seconds(objects / r.objectsPerSecond));
      }
      ctx.record({
        kind: 'namespaceDeleted',
        at,
        nodes: [],
        recoversAt: record.restoredAt,
        note: restoreNote(record),
      });
      for (const w of workloads) api.scale(w, 0);
      const done = record.restoredAt;
      if (done === undefined) return;
      sim.scheduleAt(done, () => {
        for (const [w, n] of replicas) api.scale(w, n);
      });
    });
  },
};

/**
 * One volume's data corrupted (a bad migration, a bug): the restore replaces it from the newest
 * backup that holds it. kubesim does not take the pod that mounts it out meanwhile (it keeps serving,
 * wrongly: kubesim cannot tell wrong answers from right ones); RPO is the data written since the
 * backup, RTO the restore procedure (docs/disaster-recovery.md).
 */
export const volumeCorrupted: FaultKind<DisasterFault> = {
  kind: 'volumeCorrupted',
  schedule(fault, ctx) {
    const recovery = recoveryOf(ctx);
    const { sim } = ctx;
    const { config, catalog } = recovery;
    const key = fault.target as string;
    const volume = config.volumes.find((v) => `${v.namespace}/${v.name}` === key);
    sim.scheduleAt(strikeTime(fault, ctx), () => {
      const at = sim.now;
      const record = newRecord(fault, recovery, at, []);
      if (!volume) return;
      const backup = catalog.latestBackup(at, volume.namespace, config.restoreFromSchedule);
      const saved = backup?.volumes.some((v) => v.volume === key) ? backup : undefined;
      const plan = planVolumes([volume], saved, at, config, true);
      record.dataLostBytes = plan.lost;
      record.unrecoverable = plan.unrecoverable;
      if (saved) {
        record.restoredFrom = saved.name;
        record.dataAt = saved.startedAt;
        step(record, 'restoreStarted', config.settings.restore.startDelay);
        record.restoredAt = step(record, 'volumesRestored', seconds(plan.seconds));
      }
      ctx.record({
        kind: 'volumeCorrupted',
        at,
        nodes: [],
        recoversAt: record.restoredAt,
        note: restoreNote(record),
      });
    });
  },
};

export const disasterKinds: FaultKind[] = [
  clusterLost,
  regionLost,
  etcdDataLost,
  namespaceDeleted,
  volumeCorrupted,
] as FaultKind[];
