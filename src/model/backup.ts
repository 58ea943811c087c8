import type { Micros } from '../engine/time.js';

/**
 * Backups and disaster recovery (docs/disaster-recovery.md): Velero Schedules, the volumes they back
 * up, etcd snapshots, the data's change rate and the throughputs that set how long backups and
 * restores take.
 */

/** A parsed cron schedule (robfig/cron, as Velero reads `spec.schedule`): the instants it fires. */
export interface CronSchedule {
  /** The expression as written, for messages and the report. */
  text: string;
  /** `@every <duration>`: a fixed interval from the start of the run. */
  every?: Micros;
  /** Five fields (minute hour day-of-month month day-of-week), each the set of values allowed. */
  fields?: {
    minutes: ReadonlySet<number>;
    hours: ReadonlySet<number>;
    daysOfMonth: ReadonlySet<number>;
    months: ReadonlySet<number>;
    daysOfWeek: ReadonlySet<number>;
    /** Both day fields restricted: cron fires when either matches (Vixie cron's rule). */
    dayOr: boolean;
  };
}

/** A velero.io/v1 Schedule. */
export interface BackupSchedule {
  namespace: string;
  name: string;
  cron: CronSchedule;
  /** spec.template.ttl; Velero's default 720h. */
  ttl: Micros;
  /** spec.template.includedNamespaces; ['*'] (the default) means all. */
  includedNamespaces: string[];
  excludedNamespaces: string[];
  /** spec.template.snapshotVolumes (default true): CSI snapshots where a VolumeSnapshotClass exists. */
  snapshotVolumes: boolean;
  /** spec.template.defaultVolumesToFsBackup: copy volume data with Velero's file-system backup. */
  defaultVolumesToFsBackup: boolean;
  /** spec.template.snapshotMoveData (Velero 1.12+): copy CSI snapshots' data to the storage location. */
  snapshotMoveData: boolean;
  paused: boolean;
}

/** A persistent volume's data: a PVC, or one replica's claim from a StatefulSet's volumeClaimTemplates. */
export interface DataVolume {
  namespace: string;
  /** The PVC's name (`<template>-<statefulset>-<ordinal>` for a StatefulSet's claims). */
  name: string;
  /** spec.resources.requests.storage, bytes. */
  sizeBytes: number;
  /** The workload whose pods mount it (a StatefulSet's claims), if known. */
  workload?: string;
}

/** How the data behaves and how fast backups and restores move it (Scenario spec.backup). */
export interface BackupSettings {
  /** Bytes written per second per volume (spec.backup.dataChangeRate, e.g. 1Gi/h). */
  changeBytesPerSecond: number;
  /** Velero's file-system backup upload rate, bytes/s. */
  uploadBytesPerSecond: number;
  /** Objects Velero backs up per second (listing and uploading manifests). */
  objectsPerSecond: number;
  /** Time to cut one CSI snapshot (all of a backup's volumes are cut together). */
  snapshotTime: Micros;
  /** Whether the backup storage location is in another region (survives regionLost). */
  storageInOtherRegion: boolean;
  /** A VolumeSnapshotClass is among the manifests: CSI snapshots are possible. */
  csiSnapshots: boolean;
  restore: RestoreSettings;
  /** `etcdctl snapshot save` on a schedule, if set. */
  etcdSnapshots?: { cron: CronSchedule; duration: Micros };
}

/** The restore procedure's durations (Scenario spec.backup.restore). */
export interface RestoreSettings {
  /** Before anything is restored: the time to decide and start (detection, a human, a runbook). */
  startDelay: Micros;
  /** A new cluster (control plane and nodes) where the old one was lost. */
  newClusterTime: Micros;
  /** Objects Velero restores per second. */
  objectsPerSecond: number;
  /** Volume data download rate (file-system restore), bytes/s. */
  downloadBytesPerSecond: number;
  /** Creating a volume from a CSI snapshot. */
  snapshotRestoreTime: Micros;
  /** `etcdutl snapshot restore` and the control plane's restart on the restored data. */
  etcdRestoreTime: Micros;
}

/** Everything backup and recovery read: the Schedules, the volumes, the settings and the objectives. */
export interface DisasterRecovery {
  schedules: BackupSchedule[];
  volumes: DataVolume[];
  settings: BackupSettings;
  /** spec.backup.restore.fromSchedule: only this Schedule's backups are restored. */
  restoreFromSchedule?: string;
  /** spec.slo.rpo / spec.slo.rto, if set. */
  slo: { rpo?: Micros; rto?: Micros };
}
