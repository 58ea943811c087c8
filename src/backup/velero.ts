import type { Simulation } from '../engine/simulation.js';
import { formatDuration, MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { GroundTruth } from '../ground-truth/ground-truth.js';
import type { BackupSchedule, DataVolume, DisasterRecovery } from '../model/backup.js';
import type { ClusterState } from '../model/cluster-state.js';
import type { BackedUpVolume, BackupCatalog, BackupRecord, VolumeMethod } from './catalog.js';
import { CRON_EPOCH_MS, nextFiring } from './cron.js';

/** What the backup controllers need: the engine, what to back up, and where backups go. */
export interface BackupDeps {
  sim: Simulation;
  cluster: ClusterState;
  truth: GroundTruth;
  recovery: DisasterRecovery;
  catalog: BackupCatalog;
}

/** Velero's Backup name for a scheduled run: `<schedule>-<YYYYMMDDhhmmss>` of the scheduled time (UTC). */
export function backupName(schedule: string, at: Micros): string {
  const d = new Date(CRON_EPOCH_MS + Math.floor(at / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${schedule}-${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** Whether a Schedule's backups include `namespace` (includedNamespaces, then excludedNamespaces). */
export function includesNamespace(s: BackupSchedule, namespace: string): boolean {
  const included = s.includedNamespaces.includes('*') || s.includedNamespaces.includes(namespace);
  return included && !s.excludedNamespaces.includes(namespace);
}

/** How a Schedule saves volume data, given the cluster's snapshot support (Velero's precedence). */
export function volumeMethod(s: BackupSchedule, csiSnapshots: boolean): VolumeMethod {
  if (s.defaultVolumesToFsBackup || !s.snapshotVolumes || !csiSnapshots) return 'fileSystem';
  return s.snapshotMoveData ? 'csiSnapshotMoved' : 'csiSnapshot';
}

/**
 * Velero's schedule and backup controllers: each Schedule fires at its cron times (none at creation,
 * as Velero computes the first run from the Schedule's creation); a backup lists the objects of its
 * namespaces and saves their volumes, taking the time the settings give; it expires `ttl` after it
 * started. A backup fails when the API server cannot serve it (no etcd quorum) or the cluster is
 * gone (no machine up to run Velero's pod), at the start or before it completes.
 */
export class VeleroController {
  /** When each volume's data was last saved, and how much of it, for incremental uploads. */
  private readonly lastSaved = new Map<string, Micros>();

  constructor(private readonly deps: BackupDeps) {}

  start(): void {
    for (const schedule of this.deps.recovery.schedules) if (!schedule.paused) this.scheduleNext(schedule, 0);
    const etcd = this.deps.recovery.settings.etcdSnapshots;
    if (etcd) this.scheduleEtcd(etcd.cron, etcd.duration, 0);
  }

  private canBackUp(): string | undefined {
    const { truth, cluster } = this.deps;
    if (!truth.hasEtcdQuorum()) return 'the API server cannot read: etcd has no quorum';
    for (const node of cluster.nodes) if (truth.isUp(node.name)) return undefined;
    return 'no machine is up to run Velero';
  }

  private scheduleNext(schedule: BackupSchedule, after: Micros): void {
    const at = nextFiring(schedule.cron, after);
    if (at === undefined) return;
    this.deps.sim.scheduleAt(at, () => {
      this.runBackup(schedule);
      this.scheduleNext(schedule, at);
    });
  }

  private runBackup(schedule: BackupSchedule): void {
    const { sim, cluster, recovery, catalog } = this.deps;
    const settings = recovery.settings;
    const start = sim.now;
    const inScope = (ns: string) => includesNamespace(schedule, ns);
    let objects = 0;
    for (const p of cluster.pods) if (inScope(p.namespace)) objects++;
    for (const w of cluster.workloads) if (inScope(w.namespace)) objects++;
    for (const s of cluster.services) if (inScope(s.namespace)) objects++;
    const volumes = recovery.volumes.filter((v) => inScope(v.namespace));
    objects += volumes.length;
    const method = volumeMethod(schedule, settings.csiSnapshots);
    const saved = volumes.map((v) => this.saveVolume(v, method, start));
    const uploaded = saved.reduce((sum, v) => sum + v.uploadedBytes, 0);
    const seconds =
      objects / settings.objectsPerSecond +
      (method === 'fileSystem' ? 0 : volumes.length > 0 ? settings.snapshotTime / MICROS_PER_SECOND : 0) +
      uploaded / settings.uploadBytesPerSecond;
    const record: BackupRecord = {
      name: backupName(schedule.name, start),
      schedule: schedule.name,
      startedAt: start,
      completedAt: start + Math.round(seconds * MICROS_PER_SECOND),
      expiresAt: start + schedule.ttl,
      phase: 'Completed',
      namespaces: schedule.includedNamespaces.includes('*') ? ['*'] : [...schedule.includedNamespaces],
      objects,
      volumes: saved,
    };
    catalog.backups.push(record);
    this.finishWhenDone(record, () => {
      for (const v of saved) this.lastSaved.set(v.volume, v.dataAt);
    });
  }

  /** A volume's part of a backup: kopia and the data mover upload only what changed since the last save. */
  private saveVolume(v: DataVolume, method: VolumeMethod, at: Micros): BackedUpVolume {
    const key = `${v.namespace}/${v.name}`;
    const last = this.lastSaved.get(key);
    const changed =
      last === undefined
        ? v.sizeBytes
        : Math.min(
            v.sizeBytes,
            (this.deps.recovery.settings.changeBytesPerSecond * (at - last)) / MICROS_PER_SECOND,
          );
    return {
      volume: key,
      method,
      dataAt: at,
      bytes: v.sizeBytes,
      uploadedBytes: method === 'csiSnapshot' ? 0 : Math.round(changed),
    };
  }

  private scheduleEtcd(cron: BackupSchedule['cron'], duration: Micros, after: Micros): void {
    const at = nextFiring(cron, after);
    if (at === undefined) return;
    this.deps.sim.scheduleAt(at, () => {
      const { sim, catalog } = this.deps;
      const record: BackupRecord = {
        name: `etcd-snapshot-${backupName('', sim.now).slice(1)}`,
        schedule: 'etcd',
        startedAt: sim.now,
        completedAt: sim.now + duration,
        // Snapshots are kept until a newer one replaces them; restores use the newest.
        expiresAt: Number.MAX_SAFE_INTEGER,
        phase: 'Completed',
        namespaces: ['*'],
        objects: 0,
        volumes: [],
      };
      catalog.etcdSnapshots.push(record);
      this.finishWhenDone(record, () => {});
      this.scheduleEtcd(cron, duration, at);
    });
  }

  /** Fails the record at once or at its completion if the cluster cannot serve it; else `onDone` then. */
  private finishWhenDone(record: BackupRecord, onDone: () => void): void {
    const fail = (reason: string) => {
      record.phase = 'Failed';
      record.reason = reason;
    };
    const atStart = this.canBackUp();
    if (atStart !== undefined) {
      fail(atStart);
      record.completedAt = record.startedAt;
      return;
    }
    this.deps.sim.scheduleAt(record.completedAt, () => {
      const atEnd = this.canBackUp();
      if (atEnd !== undefined)
        fail(`${atEnd} before it completed (${formatDuration(record.completedAt - record.startedAt)} in)`);
      else onDone();
    });
  }
}
