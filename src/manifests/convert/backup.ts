import type { z } from 'zod';
import { CronError, parseCron } from '../../backup/cron.js';
import type { BackupSchedule, CronSchedule, DataVolume, DisasterRecovery } from '../../model/backup.js';
import type { DisasterFault, Fault } from '../../model/scenario.js';
import type { Workload } from '../../model/workloads.js';
import { isRecord } from '../is-record.js';
import { PARSE_OPTIONS, reportIssues } from '../issues.js';
import type { Reporter, Site } from '../report.js';
import {
  BACKUP_DEFAULTS,
  backupSpec,
  type clusterLost,
  type etcdDataLost,
  type namespaceDeleted,
  type persistentVolumeClaim,
  recoveryObjectives,
  type regionLost,
  VELERO_DEFAULT_TTL,
  type veleroSchedule,
  volumeClaimTemplates,
  type volumeCorrupted,
} from '../schemas/backup.js';
import { parseResourceQuantity } from '../schemas/common.js';
import type { Path } from '../source.js';

type Raw<T extends z.ZodType> = z.output<T>;

/** A cron expression, or an error at `path` in the words of the field at fault. */
function cron(text: string, site: Site, path: Path, reporter: Reporter): CronSchedule | undefined {
  try {
    return parseCron(text);
  } catch (error) {
    if (!(error instanceof CronError)) throw error;
    reporter.error(site, path, `cannot read the cron schedule ${JSON.stringify(text)}: ${error.message}`);
    return undefined;
  }
}

function storageBytes(v: string | number, site: Site, path: Path, reporter: Reporter): number | undefined {
  const bytes = parseResourceQuantity('storage', v);
  if (bytes === undefined || bytes < 0) {
    reporter.error(site, path, `expected a storage quantity such as 10Gi, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return bytes;
}

/** A velero.io/v1 Schedule, with Velero's defaults (ttl 720h, all namespaces, snapshots on). */
export function convertSchedule(
  raw: Raw<typeof veleroSchedule>,
  namespace: string,
  site: Site,
  reporter: Reporter,
): BackupSchedule | undefined {
  const parsed = cron(raw.spec.schedule, site, ['spec', 'schedule'], reporter);
  if (!parsed) return undefined;
  const t = raw.spec.template ?? {};
  return {
    namespace,
    name: raw.metadata.name,
    cron: parsed,
    ttl: t.ttl ?? VELERO_DEFAULT_TTL,
    includedNamespaces: t.includedNamespaces ?? ['*'],
    excludedNamespaces: t.excludedNamespaces ?? [],
    snapshotVolumes: t.snapshotVolumes ?? true,
    defaultVolumesToFsBackup: t.defaultVolumesToFsBackup ?? false,
    snapshotMoveData: t.snapshotMoveData ?? false,
    paused: raw.spec.paused ?? false,
  };
}

/** A v1 PersistentVolumeClaim's data volume. */
export function convertClaim(
  raw: Raw<typeof persistentVolumeClaim>,
  namespace: string,
  site: Site,
  reporter: Reporter,
): DataVolume | undefined {
  const bytes = storageBytes(
    raw.spec.resources.requests.storage,
    site,
    ['spec', 'resources', 'requests', 'storage'],
    reporter,
  );
  return bytes === undefined ? undefined : { namespace, name: raw.metadata.name, sizeBytes: bytes };
}

/**
 * The claims a StatefulSet's volumeClaimTemplates make: `<template>-<statefulset>-<ordinal>` per
 * replica, as the StatefulSet controller names them (pkg/controller/statefulset getPersistentVolumeClaimName).
 */
export function statefulSetClaims(
  v: Record<string, unknown>,
  set: Workload,
  site: Site,
  reporter: Reporter,
): DataVolume[] {
  const spec = isRecord(v.spec) ? v.spec : {};
  if (spec.volumeClaimTemplates === undefined) return [];
  const parsed = volumeClaimTemplates.safeParse(spec.volumeClaimTemplates, PARSE_OPTIONS);
  if (!parsed.success) {
    reportIssues(parsed.error.issues, site, spec.volumeClaimTemplates, reporter, [
      'spec',
      'volumeClaimTemplates',
    ]);
    return [];
  }
  const out: DataVolume[] = [];
  parsed.data.forEach((template, i) => {
    const path = ['spec', 'volumeClaimTemplates', i, 'spec', 'resources', 'requests', 'storage'];
    const bytes = storageBytes(template.spec.resources.requests.storage, site, path, reporter);
    if (bytes === undefined) return;
    for (let ordinal = 0; ordinal < set.replicas; ordinal++)
      out.push({
        namespace: set.namespace,
        name: `${template.metadata.name}-${set.name}-${ordinal}`,
        sizeBytes: bytes,
        workload: `${set.namespace}/${set.name}`,
      });
  });
  return out;
}

type DisasterDoc =
  | Raw<typeof clusterLost>
  | Raw<typeof regionLost>
  | Raw<typeof etcdDataLost>
  | Raw<typeof namespaceDeleted>
  | Raw<typeof volumeCorrupted>;

/** One disaster fault: `at` or `between` (from < to), and its target as "namespace" or "ns/volume". */
export function convertDisaster(
  d: DisasterDoc,
  at: Path,
  site: Site,
  reporter: Reporter,
): DisasterFault | undefined {
  if ((d.at === undefined) === (d.between === undefined)) {
    reporter.error(
      site,
      at,
      'give either `at` (a time) or `between: [from, to]` (a time drawn uniformly), not both or neither',
    );
    return undefined;
  }
  const fault: DisasterFault = { kind: d.kind as DisasterFault['kind'], at: d.at ?? 0 };
  if (d.between) {
    const [from, to] = d.between;
    if (!(to > from)) {
      reporter.error(site, [...at, 'between'], 'the second time must come after the first');
      return undefined;
    }
    fault.between = [from, to];
    fault.at = from;
  }
  if ('target' in d) fault.target = 'namespace' in d.target ? d.target.namespace : d.target.volume;
  return fault;
}

/** What the recovery settings are checked against. */
export interface RecoveryReferences {
  schedules: readonly BackupSchedule[];
  volumes: readonly DataVolume[];
  /** Whether a VolumeSnapshotClass is among the manifests. */
  csiSnapshots: boolean;
  namespaces: ReadonlySet<string>;
  faults: readonly Fault[];
}

const DISASTERS = new Set([
  'clusterLost',
  'regionLost',
  'etcdDataLost',
  'namespaceDeleted',
  'volumeCorrupted',
]);

/**
 * spec.backup and spec.slo's rpo/rto with the Schedules and volumes → the run's DisasterRecovery;
 * undefined when the input has neither Schedules nor disasters nor spec.backup. Checks the disasters'
 * targets and the schedule a restore names.
 */
export function convertDisasterRecovery(
  rawSpec: Record<string, unknown>,
  refs: RecoveryReferences,
  site: Site,
  reporter: Reporter,
): DisasterRecovery | undefined {
  const disasters = refs.faults.map((f, i) => ({ f, i })).filter(({ f }) => DISASTERS.has(f.kind)) as {
    f: DisasterFault;
    i: number;
  }[];
  if (rawSpec.backup === undefined && refs.schedules.length === 0 && disasters.length === 0) return undefined;
  const parsed = backupSpec.safeParse(rawSpec.backup ?? {}, PARSE_OPTIONS);
  if (!parsed.success) {
    reportIssues(parsed.error.issues, site, rawSpec.backup, reporter, ['spec', 'backup']);
    return undefined;
  }
  const b = parsed.data;
  const r = b.restore ?? {};
  const D = BACKUP_DEFAULTS;
  let etcdSnapshots: DisasterRecovery['settings']['etcdSnapshots'];
  if (b.etcdSnapshots) {
    const c = cron(b.etcdSnapshots.schedule, site, ['spec', 'backup', 'etcdSnapshots', 'schedule'], reporter);
    if (c) etcdSnapshots = { cron: c, duration: b.etcdSnapshots.duration ?? D.etcdSnapshotDuration };
  }
  if (r.fromSchedule !== undefined && !refs.schedules.some((s) => s.name === r.fromSchedule)) {
    const known = refs.schedules.map((s) => s.name).join(', ') || 'none';
    reporter.error(
      site,
      ['spec', 'backup', 'restore', 'fromSchedule'],
      `no velero.io/v1 Schedule named ${JSON.stringify(r.fromSchedule)} (Schedules: ${known}): a restore needs the backups it names`,
    );
  }
  for (const { f, i } of disasters) {
    const path = ['spec', 'faults', i, 'target'];
    if (f.kind === 'namespaceDeleted' && !refs.namespaces.has(f.target as string))
      reporter.error(site, [...path, 'namespace'], `no workload in namespace ${JSON.stringify(f.target)}`);
    if (f.kind === 'volumeCorrupted' && !refs.volumes.some((v) => `${v.namespace}/${v.name}` === f.target)) {
      const known =
        refs.volumes
          .map((v) => `${v.namespace}/${v.name}`)
          .slice(0, 10)
          .join(', ') || 'none';
      reporter.error(
        site,
        [...path, 'volume'],
        `no volume ${JSON.stringify(f.target)} (namespace/claim; volumes: ${known})`,
      );
    }
  }
  if (disasters.length > 0 && refs.schedules.length === 0 && etcdSnapshots === undefined)
    reporter.warning(
      site,
      ['spec', 'faults', disasters[0]?.i ?? 0],
      'no velero.io/v1 Schedule and no etcd snapshots: nothing can be restored after this disaster',
    );
  const slo = recoveryObjectives.safeParse(
    isRecord(rawSpec.slo) ? { rpo: rawSpec.slo.rpo, rto: rawSpec.slo.rto } : {},
    PARSE_OPTIONS,
  );
  if (!slo.success) reportIssues(slo.error.issues, site, rawSpec.slo, reporter, ['spec', 'slo']);
  const out: DisasterRecovery = {
    schedules: [...refs.schedules],
    volumes: [...refs.volumes],
    settings: {
      changeBytesPerSecond: b.dataChangeRate ?? D.changeBytesPerSecond,
      uploadBytesPerSecond: b.uploadThroughput ?? D.uploadBytesPerSecond,
      objectsPerSecond: b.objectRate ?? D.objectsPerSecond,
      snapshotTime: b.snapshotTime ?? D.snapshotTime,
      storageInOtherRegion: (b.storageLocation?.region ?? 'other') === 'other',
      csiSnapshots: refs.csiSnapshots,
      restore: {
        startDelay: r.startDelay ?? D.restore.startDelay,
        newClusterTime: r.newClusterTime ?? D.restore.newClusterTime,
        objectsPerSecond: r.objectRate ?? D.restore.objectsPerSecond,
        downloadBytesPerSecond: r.downloadThroughput ?? D.restore.downloadBytesPerSecond,
        snapshotRestoreTime: r.snapshotRestoreTime ?? D.restore.snapshotRestoreTime,
        etcdRestoreTime: r.etcdRestoreTime ?? D.restore.etcdRestoreTime,
      },
    },
    slo: {},
  };
  if (etcdSnapshots) out.settings.etcdSnapshots = etcdSnapshots;
  if (r.fromSchedule !== undefined) out.restoreFromSchedule = r.fromSchedule;
  if (slo.success && slo.data.rpo !== undefined) out.slo.rpo = slo.data.rpo;
  if (slo.success && slo.data.rto !== undefined) out.slo.rto = slo.data.rto;
  return out;
}
