import { z } from 'zod';
import { MICROS_PER_SECOND } from '../../engine/time.js';
import { bool, duration, nonEmpty, objectMeta, parseResourceQuantity, str } from './common.js';

// Backups and disaster recovery (docs/disaster-recovery.md): Velero's Schedule (velero.io/v1), the
// PersistentVolumeClaims and StatefulSet claim templates whose data they save, a CSI
// VolumeSnapshotClass, the Scenario's spec.backup, and the disaster faults.

/** velero.io/v1 Schedule: the fields kubesim simulates; others Velero has are accepted and ignored. */
export const veleroSchedule = z.object({
  metadata: objectMeta,
  spec: z.object({
    schedule: nonEmpty,
    paused: bool.optional(),
    template: z
      .object({
        ttl: duration(true).optional(),
        includedNamespaces: z.array(nonEmpty).optional(),
        excludedNamespaces: z.array(nonEmpty).optional(),
        snapshotVolumes: bool.optional(),
        defaultVolumesToFsBackup: bool.optional(),
        snapshotMoveData: bool.optional(),
      })
      .optional(),
  }),
});

/** A claim's size: spec.resources.requests.storage (required: a backup's time depends on it). */
const claimSpec = z.object({
  resources: z.object({
    requests: z.object({
      storage: z.union([str, z.number()], { error: 'expected a storage quantity such as 10Gi' }),
    }),
  }),
});

/** v1 PersistentVolumeClaim. */
export const persistentVolumeClaim = z.object({ metadata: objectMeta, spec: claimSpec });

/** A StatefulSet's spec.volumeClaimTemplates (one claim per replica and template). */
export const volumeClaimTemplates = z.array(
  z.object({ metadata: z.object({ name: nonEmpty }), spec: claimSpec }),
  { error: 'expected a list of PersistentVolumeClaim templates' },
);

/** snapshot.storage.k8s.io/v1 VolumeSnapshotClass: its presence lets Velero take CSI snapshots. */
export const volumeSnapshotClass = z.object({ metadata: objectMeta, driver: nonEmpty });

const RATE_UNITS: Record<string, number> = { s: 1, min: 60, h: 3600 };

/** A data rate: a byte quantity per second, minute or hour (`100Mi/s`, `2Gi/h`) → bytes per second. */
export const byteRate = z.unknown().transform((v, ctx) => {
  const m = typeof v === 'string' ? /^(.+)\/(s|min|h)$/.exec(v.trim()) : null;
  const bytes = m ? parseResourceQuantity('storage', (m[1] as string).trim()) : undefined;
  if (!m || bytes === undefined || bytes < 0) {
    ctx.issues.push({
      code: 'custom',
      message: `expected a data rate such as 100Mi/s or 2Gi/h, got ${JSON.stringify(v)}`,
      input: v,
    });
    return z.NEVER;
  }
  return bytes / (RATE_UNITS[m[2] as string] as number);
});

/** A count per second, minute or hour (`50/s`) → per second. */
export const countRate = z.unknown().transform((v, ctx) => {
  const m = typeof v === 'string' ? /^(\d+(?:\.\d+)?)\/(s|min|h)$/.exec(v.trim()) : null;
  const n = m
    ? Number(m[1]) / (RATE_UNITS[m[2] as string] as number)
    : typeof v === 'number'
      ? v
      : Number.NaN;
  if (!(n > 0)) {
    ctx.issues.push({
      code: 'custom',
      message: `expected a positive rate such as 50/s, got ${JSON.stringify(v)}`,
      input: v,
    });
    return z.NEVER;
  }
  return n;
});

/** Scenario spec.backup. */
export const backupSpec = z.strictObject({
  dataChangeRate: byteRate.optional(),
  uploadThroughput: byteRate.optional(),
  objectRate: countRate.optional(),
  snapshotTime: duration().optional(),
  storageLocation: z.strictObject({ region: z.enum(['same', 'other']) }).optional(),
  etcdSnapshots: z.strictObject({ schedule: nonEmpty, duration: duration().optional() }).optional(),
  restore: z
    .strictObject({
      fromSchedule: nonEmpty.optional(),
      startDelay: duration().optional(),
      newClusterTime: duration().optional(),
      objectRate: countRate.optional(),
      downloadThroughput: byteRate.optional(),
      snapshotRestoreTime: duration().optional(),
      etcdRestoreTime: duration().optional(),
    })
    .optional(),
});

/** spec.slo's recovery objectives (the rest of spec.slo is the traffic's). */
export const recoveryObjectives = z.object({ rpo: duration().optional(), rto: duration().optional() });

const disasterFields = {
  at: duration().optional(),
  between: z.tuple([duration(), duration()], { error: 'expected [from, to], two durations' }).optional(),
};

/** A disaster fault with no target. */
function untargeted<K extends string>(kind: K) {
  return z.strictObject({ kind: z.literal(kind), ...disasterFields });
}

export const clusterLost = untargeted('clusterLost');
export const regionLost = untargeted('regionLost');
export const etcdDataLost = untargeted('etcdDataLost');
export const namespaceDeleted = z.strictObject({
  kind: z.literal('namespaceDeleted'),
  ...disasterFields,
  target: z.strictObject({ namespace: nonEmpty }),
});
export const volumeCorrupted = z.strictObject({
  kind: z.literal('volumeCorrupted'),
  ...disasterFields,
  target: z.strictObject({ volume: nonEmpty }),
});

/** Defaults, each explained in docs/disaster-recovery.md (kubesim's assumptions, not Velero's). */
export const BACKUP_DEFAULTS = {
  changeBytesPerSecond: 0,
  uploadBytesPerSecond: 100 * 2 ** 20,
  objectsPerSecond: 50,
  snapshotTime: 10 * MICROS_PER_SECOND,
  restore: {
    startDelay: 15 * 60 * MICROS_PER_SECOND,
    newClusterTime: 20 * 60 * MICROS_PER_SECOND,
    objectsPerSecond: 20,
    downloadBytesPerSecond: 200 * 2 ** 20,
    snapshotRestoreTime: 60 * MICROS_PER_SECOND,
    etcdRestoreTime: 5 * 60 * MICROS_PER_SECOND,
  },
  etcdSnapshotDuration: 30 * MICROS_PER_SECOND,
};

/** Velero's default backup TTL (`--default-backup-ttl`, 720h). */
export const VELERO_DEFAULT_TTL = 720 * 3600 * MICROS_PER_SECOND;
