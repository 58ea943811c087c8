import { z } from 'zod';
import type { DisasterRecoveryResult } from '../backup/index.js';
import { volumeMethod } from '../backup/velero.js';
import { formatBytes } from '../engine/quantity.js';
import { formatDuration, MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { TrafficResult } from '../traffic/index.js';
import { goDuration, seconds } from './schema-fields.js';

// The report's disasterRecovery section: backups taken, and per disaster its RPO and RTO
// (docs/disaster-recovery.md).

/** At most this many backups are listed (the counts cover them all). */
export const MAX_LISTED_BACKUPS = 200;

const backup = z
  .object({
    name: z
      .string()
      .describe('`<schedule>-<YYYYMMDDhhmmss>` as Velero names scheduled backups, or `etcd-snapshot-…`'),
    schedule: z.string().describe('the Schedule, or `etcd`'),
    phase: z.enum(['Completed', 'Failed']).describe('Completed or Failed'),
    reason: z.string().nullable().describe('why it failed, or null'),
    started: goDuration('when it started'),
    startedSeconds: seconds('when it started, in seconds'),
    completed: goDuration('when it completed or failed'),
    completedSeconds: seconds('when it completed or failed, in seconds'),
    objects: z.number().int().describe('objects saved'),
    volumes: z.number().int().describe('volumes saved'),
    uploadedBytes: z.number().describe('volume data uploaded (incremental after the first)'),
  })
  .strict();

export const disasterRecoverySchema = z
  .object({
    schedules: z
      .array(
        z
          .object({
            name: z.string().describe('the Schedule'),
            schedule: z.string().describe('its cron expression'),
            ttl: goDuration('backups expire this long after they start'),
            volumeMethod: z
              .enum(['csiSnapshot', 'csiSnapshotMoved', 'fileSystem'])
              .describe(
                'how it saves volumes: CSI snapshots (kept by the storage), snapshots moved to the backup location, or file-system backup',
              ),
          })
          .strict(),
      )
      .describe('the velero.io/v1 Schedules'),
    backupsCompleted: z.number().int().describe('backups (and etcd snapshots) that completed'),
    backupsFailed: z.number().int().describe('backups that failed'),
    backups: z
      .array(backup)
      .describe(`backups and etcd snapshots in start order, at most ${MAX_LISTED_BACKUPS}`),
    disasters: z
      .array(
        z
          .object({
            name: z.string().describe('`<kind>-<n>`, n counting disasters in the order they struck'),
            kind: z
              .string()
              .describe('clusterLost, regionLost, etcdDataLost, namespaceDeleted or volumeCorrupted'),
            target: z.string().nullable().describe('the namespace or volume it hit, or null'),
            at: goDuration('when it struck'),
            atSeconds: seconds('when it struck, in seconds'),
            restoredFrom: z
              .string()
              .nullable()
              .describe('the backup or etcd snapshot restored, or null when none was usable'),
            rpo: goDuration(
              "data lost: from the restored data's point in time to the disaster; null when nothing could be restored",
            ).nullable(),
            rpoSeconds: seconds('the RPO in seconds, or null').nullable(),
            dataLostBytes: z
              .number()
              .describe(
                'bytes written since the restored point (all the data when nothing could be restored)',
              ),
            dataLost: z.string().describe('the same as a quantity, e.g. "1.5Gi"'),
            unrecoverable: z
              .array(z.object({ volume: z.string(), reason: z.string() }).strict())
              .describe('volumes whose data no backup could restore, with why'),
            steps: z
              .array(
                z
                  .object({
                    step: z
                      .string()
                      .describe(
                        'restoreStarted, newCluster, etcdRestored, objectsRestored, volumesRestored, podsReady',
                      ),
                    after: goDuration('time since the disaster'),
                    afterSeconds: seconds('time since the disaster, in seconds'),
                  })
                  .strict(),
              )
              .describe('the restore procedure, then the pods ready'),
            rto: goDuration(
              'from the disaster until the service is back: pods ready, and the availability SLO met for a whole minute when there is one; null when it was not back by the end',
            ).nullable(),
            rtoSeconds: seconds('the RTO in seconds, or null').nullable(),
            rpoMet: z.boolean().nullable().describe('RPO ≤ spec.slo.rpo; null when no target or no RPO'),
            rtoMet: z.boolean().nullable().describe('RTO ≤ spec.slo.rto; null when no target'),
          })
          .strict(),
      )
      .describe('each disaster of spec.faults that struck, in time order'),
    slo: z
      .object({
        rpo: goDuration('spec.slo.rpo, or null').nullable(),
        rpoSeconds: seconds('spec.slo.rpo in seconds, or null').nullable(),
        rto: goDuration('spec.slo.rto, or null').nullable(),
        rtoSeconds: seconds('spec.slo.rto in seconds, or null').nullable(),
      })
      .strict()
      .describe('the recovery objectives'),
  })
  .strict();

export type DisasterRecoveryReport = z.infer<typeof disasterRecoverySchema>;

const secs = (t: Micros) => Math.round((t / MICROS_PER_SECOND) * 1e6) / 1e6;
const text = (t: Micros | undefined) => (t === undefined ? null : formatDuration(t));
const num = (t: Micros | undefined) => (t === undefined ? null : secs(t));

/**
 * The end of a disaster's recovery: its pods ready and then, when the traffic has an availability
 * SLO, the end of the first whole minute from then on in which every affected Service met it.
 */
function backAt(
  d: DisasterRecoveryResult['disasters'][number],
  traffic: TrafficResult | null,
  end: Micros,
): Micros | undefined {
  if (d.podsReadyAt === undefined) return undefined;
  const target = traffic?.slo.find((s) => s.objective === 'availability')?.target;
  const namespaces = d.kind === 'namespaceDeleted' ? new Set([d.target]) : undefined;
  const services = Object.entries(traffic?.series ?? {}).filter(
    ([key]) => namespaces === undefined || namespaces.has(key.slice(0, key.indexOf('/'))),
  );
  if (target === undefined || d.workloads.length === 0 || services.length === 0) return d.podsReadyAt;
  const minutes = services[0]?.[1].length ?? 0;
  for (let i = 0; i < minutes; i++) {
    const start = (services[0]?.[1][i]?.t ?? 0) * MICROS_PER_SECOND;
    if (start < d.podsReadyAt) continue;
    const met = services.every(([, points]) => {
      const p = points[i];
      const answered = (p?.served ?? 0) + (p?.failed ?? 0);
      return answered === 0 || (p?.served ?? 0) / answered >= target;
    });
    const close = start + 60 * MICROS_PER_SECOND;
    if (met && close <= end) return close;
  }
  return undefined;
}

export function disasterRecoveryReport(
  r: DisasterRecoveryResult,
  traffic: TrafficResult | null,
  end: Micros,
): DisasterRecoveryReport {
  const all = [...r.backups, ...r.etcdSnapshots].sort((a, b) => a.startedAt - b.startedAt);
  const done = all.filter((b) => b.completedAt <= end);
  const { slo } = r.config;
  return {
    schedules: r.config.schedules.map((s) => ({
      name: s.name,
      schedule: s.cron.text,
      ttl: formatDuration(s.ttl),
      volumeMethod: volumeMethod(s, r.config.settings.csiSnapshots),
    })),
    backupsCompleted: done.filter((b) => b.phase === 'Completed').length,
    backupsFailed: done.filter((b) => b.phase === 'Failed').length,
    backups: done.slice(0, MAX_LISTED_BACKUPS).map((b) => ({
      name: b.name,
      schedule: b.schedule,
      phase: b.phase,
      reason: b.reason ?? null,
      started: formatDuration(b.startedAt),
      startedSeconds: secs(b.startedAt),
      completed: formatDuration(b.completedAt),
      completedSeconds: secs(b.completedAt),
      objects: b.objects,
      volumes: b.volumes.length,
      uploadedBytes: b.volumes.reduce((sum, v) => sum + v.uploadedBytes, 0),
    })),
    disasters: r.disasters.map((d) => {
      const rpo = d.dataAt === undefined ? undefined : d.at - d.dataAt;
      const back = backAt(d, traffic, end);
      const rto = back === undefined ? undefined : back - d.at;
      const steps = [
        ...d.steps,
        ...(d.podsReadyAt === undefined ? [] : [{ step: 'podsReady', at: d.podsReadyAt }]),
      ];
      return {
        name: d.name,
        kind: d.kind,
        target: d.target ?? null,
        at: formatDuration(d.at),
        atSeconds: secs(d.at),
        restoredFrom: d.restoredFrom ?? null,
        rpo: text(rpo),
        rpoSeconds: num(rpo),
        dataLostBytes: Math.round(d.dataLostBytes),
        dataLost: formatBytes(Math.round(d.dataLostBytes)),
        unrecoverable: d.unrecoverable,
        steps: steps
          .filter((s) => s.at <= end)
          .map((s) => ({
            step: s.step,
            after: formatDuration(s.at - d.at),
            afterSeconds: secs(s.at - d.at),
          })),
        rto: text(rto),
        rtoSeconds: num(rto),
        rpoMet: slo.rpo === undefined || rpo === undefined ? null : rpo <= slo.rpo,
        rtoMet: slo.rto === undefined ? null : rto !== undefined && rto <= slo.rto,
      };
    }),
    slo: { rpo: text(slo.rpo), rpoSeconds: num(slo.rpo), rto: text(slo.rto), rtoSeconds: num(slo.rto) },
  };
}
