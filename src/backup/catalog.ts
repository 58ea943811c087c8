import type { Micros } from '../engine/time.js';

/** How a backup saved a volume's data (Velero's three ways). */
export type VolumeMethod =
  /** A CSI VolumeSnapshot, kept by the storage system beside the volume. */
  | 'csiSnapshot'
  /** A CSI snapshot whose data Velero's data mover copied to the backup storage location. */
  | 'csiSnapshotMoved'
  /** Velero's file-system backup (kopia) of the mounted volume, to the backup storage location. */
  | 'fileSystem';

/** One volume in one backup: from when its data dates and how it was saved. */
export interface BackedUpVolume {
  volume: string;
  method: VolumeMethod;
  /** The instant the data is as of (the snapshot's cut, or the start of the file-system copy). */
  dataAt: Micros;
  bytes: number;
  /** Bytes uploaded for it (kopia and the data mover upload only what changed since the last backup). */
  uploadedBytes: number;
}

/** A Velero Backup (or an etcd snapshot), from start to completion or failure, with what it holds. */
export interface BackupRecord {
  name: string;
  /** The Schedule that made it, or `etcd` for an etcd snapshot. */
  schedule: string;
  startedAt: Micros;
  completedAt: Micros;
  expiresAt: Micros;
  phase: 'Completed' | 'Failed';
  /** Why it failed, when it did. */
  reason?: string;
  /** Namespaces included (`*`: all). */
  namespaces: string[];
  objects: number;
  volumes: BackedUpVolume[];
  /** Destroyed with the cluster or region that held it (CSI snapshots) or with its storage location. */
  lostAt?: Micros;
}

/**
 * The backups that exist, in the storage location and beside the volumes: what a restore can use.
 * A per-run record of the world outside Kubernetes, like the ground truth: the Velero controller
 * and the etcd snapshotter add to it, disasters destroy parts of it, restores read it.
 */
export class BackupCatalog {
  readonly backups: BackupRecord[] = [];
  readonly etcdSnapshots: BackupRecord[] = [];

  /**
   * The newest backup completed by `at`, not expired and not lost, that covers `namespace` (any when
   * undefined), from `schedule` when given; undefined when there is none.
   */
  latestBackup(at: Micros, namespace?: string, schedule?: string): BackupRecord | undefined {
    return newest(
      this.backups.filter(
        (b) =>
          (schedule === undefined || b.schedule === schedule) &&
          (namespace === undefined || b.namespaces.includes('*') || b.namespaces.includes(namespace)),
      ),
      at,
    );
  }

  latestEtcdSnapshot(at: Micros): BackupRecord | undefined {
    return newest(this.etcdSnapshots, at);
  }

  /** Marks lost, at `at`, every record `isLost` picks (storage destroyed with a cluster or region). */
  lose(at: Micros, isLost: (b: BackupRecord) => boolean): void {
    for (const b of [...this.backups, ...this.etcdSnapshots])
      if (b.lostAt === undefined && b.completedAt <= at && isLost(b)) b.lostAt = at;
  }
}

function newest(records: readonly BackupRecord[], at: Micros): BackupRecord | undefined {
  let best: BackupRecord | undefined;
  for (const b of records) {
    const usable =
      b.phase === 'Completed' &&
      b.completedAt <= at &&
      b.expiresAt > at &&
      (b.lostAt === undefined || b.lostAt > at);
    if (usable && (!best || b.startedAt > best.startedAt)) best = b;
  }
  return best;
}
