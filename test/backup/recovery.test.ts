import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';
import { meanInterval } from '../../src/planner/statistics.js';
import { buildRunReport, type RunReport } from '../../src/report/json.js';
import { simulate } from '../../src/sim/simulate.js';

interface Options {
  faults: string;
  backup?: string;
  schedule?: string;
  extra?: string;
  duration?: string;
  seed?: number;
  slo?: string;
  /** The Schedule's spec.template fields. */
  template?: string;
}

/** A three-node cluster with a Deployment and a StatefulSet of 1Gi claims, backed up as asked. */
function scenario(o: Options): string {
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: dr }
spec:
  seed: ${o.seed ?? 1}
  duration: ${o.duration ?? '10h'}
  cluster:
    zones: [a, b, c]
    controlPlane: { members: 3, zones: [a, b, c] }
    nodePools:
      - { name: p, cpu: "4", memory: 16Gi, count: 3, zones: [a, b, c] }
  services:
    web: { startupTime: { constant: 10s } }
    db: { startupTime: { constant: 30s } }
  backup:
${o.backup ?? '    dataChangeRate: 600Mi/h\n    uploadThroughput: 1Mi/s'}
${o.slo ?? ''}
  faults:
${o.faults}
---
apiVersion: velero.io/v1
kind: Schedule
metadata: { name: hourly, namespace: velero }
spec:
  schedule: "${o.schedule ?? '0 * * * *'}"
  template:
    ${o.template ?? 'defaultVolumesToFsBackup: true'}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: web:1, resources: { requests: { cpu: 100m, memory: 128Mi } } }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  replicas: 2
  serviceName: db
  podManagementPolicy: Parallel
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers: [{ name: db, image: db:1, resources: { requests: { cpu: 100m, memory: 128Mi } } }]
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { resources: { requests: { storage: 1Gi } } }
${o.extra ?? ''}`;
}

function run(o: Options): NonNullable<RunReport['disasterRecovery']> {
  const { input, diagnostics, ok } = loadText(scenario(o), 'dr.yaml', { requireScenario: true });
  if (!ok) throw new Error(diagnostics.map(formatDiagnostic).join('\n'));
  const dr = buildRunReport(simulate(input)).disasterRecovery;
  if (!dr) throw new Error('no disasterRecovery section');
  return dr;
}

function errors(o: Options): string {
  const { diagnostics } = loadText(scenario(o), 'dr.yaml', { requireScenario: true });
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map(formatDiagnostic)
    .join('\n');
}

describe('backups', () => {
  it('back up on the schedule: the first in full, later ones only what changed', () => {
    const dr = run({ faults: '    []', duration: '4h' });
    expect(dr.backups.map((b) => b.startedSeconds)).toEqual([3600, 7200, 10_800]);
    const [first, second] = dr.backups;
    // Two 1Gi volumes at 1Mi/s: 2048 s; then 600Mi/h changed per volume: 1200 s (+ objects at 50/s).
    expect(first?.uploadedBytes).toBe(2 * 2 ** 30);
    expect(second?.uploadedBytes).toBe(2 * 600 * 2 ** 20);
    expect((second?.completedSeconds ?? 0) - (second?.startedSeconds ?? 0)).toBeCloseTo(1200 + 8 / 50, 6);
    expect(dr.backupsFailed).toBe(0);
  });

  it('fail while etcd has no quorum', () => {
    const dr = run({
      faults: '    - { at: 50m, kind: controlPlaneMemberLoss, count: 2, for: 20m }',
      duration: '2h',
    });
    expect(dr.backups[0]?.phase).toBe('Failed');
    expect(dr.backups[0]?.reason).toMatch(/no quorum/);
  });
});

describe('RPO', () => {
  // Backups every T, each taking D after the first; a disaster uniformly in time. The newest
  // completed backup started u ago if the disaster is ≥ D into a period, T + u ago if within D:
  // E[RPO] = (1/T)(∫₀ᴰ (T+u) du + ∫ᴰᵀ u du) = T/2 + D.
  it('averages T/2 plus the backup duration over a uniformly random disaster time', () => {
    const T = 3600;
    const rpos: number[] = [];
    let duration = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const dr = run({ seed, duration: '9h', faults: '    - { kind: clusterLost, between: [3h, 8h] }' });
      const d = dr.disasters[0];
      rpos.push(d?.rpoSeconds ?? Number.NaN);
      const second = dr.backups[1];
      duration = (second?.completedSeconds ?? 0) - (second?.startedSeconds ?? 0);
    }
    const expected = T / 2 + duration;
    const est = meanInterval(rpos, 0.99);
    // A check that the test can fail: the naive T/2 lies outside the interval.
    expect(est.ci95Low).toBeGreaterThan(T / 2);
    expect(est.ci95Low).toBeLessThanOrEqual(expected);
    expect(est.ci95High).toBeGreaterThanOrEqual(expected);
    // Every RPO lies in [0, T + D).
    for (const r of rpos) expect(r >= 0 && r < T + duration).toBe(true);
  });
});

describe('restores', () => {
  it('bring a lost cluster back from the newest backup and measure the RTO to pods ready', () => {
    const dr = run({ faults: '    - { at: 5h30m, kind: clusterLost }' });
    const d = dr.disasters[0];
    expect(d?.restoredFrom).toBe('hourly-20260101050000');
    expect(d?.rpoSeconds).toBe(1800);
    expect(d?.steps.map((s) => s.step)).toEqual([
      'restoreStarted',
      'newCluster',
      'objectsRestored',
      'volumesRestored',
      'podsReady',
    ]);
    const ready = d?.steps.at(-1)?.afterSeconds ?? 0;
    // Defaults: 15 min to start, 20 min for the cluster; volumes 2 × 1Gi at 200Mi/s.
    expect(d?.steps[1]?.afterSeconds).toBe(2100);
    expect(d?.rtoSeconds).toBe(ready);
    expect(ready).toBeGreaterThan(2100);
    // 30 minutes of 600Mi/h on each of the two volumes.
    expect(d?.dataLostBytes).toBe(2 * 300 * 2 ** 20);
  });

  it('cannot restore after a region loss when the backups were kept in that region', () => {
    const dr = run({
      backup: '    storageLocation: { region: same }',
      faults: '    - { at: 5h30m, kind: regionLost }',
    });
    const d = dr.disasters[0];
    expect(d?.restoredFrom).toBeNull();
    expect(d?.rpoSeconds).toBeNull();
    expect(d?.rtoSeconds).toBeNull();
    expect(d?.dataLostBytes).toBe(2 * 2 ** 30);
    expect(d?.unrecoverable.map((u) => u.reason)).toEqual(['no usable backup', 'no usable backup']);
  });

  it('loses volumes whose CSI snapshots stayed with the lost cluster, unless their data was moved', () => {
    const csi = `---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata: { name: csi }
driver: ebs.csi.aws.com
`;
    const kept = run({
      template: 'snapshotVolumes: true',
      extra: csi,
      faults: '    - { at: 5h30m, kind: clusterLost }',
    });
    expect(kept.schedules[0]?.volumeMethod).toBe('csiSnapshot');
    expect(kept.disasters[0]?.unrecoverable.map((u) => u.volume)).toEqual([
      'shop/data-db-0',
      'shop/data-db-1',
    ]);
    expect(kept.disasters[0]?.dataLostBytes).toBe(2 * 2 ** 30);
    const moved = run({
      template: 'snapshotMoveData: true',
      extra: csi,
      faults: '    - { at: 5h30m, kind: clusterLost }',
    });
    expect(moved.schedules[0]?.volumeMethod).toBe('csiSnapshotMoved');
    expect(moved.disasters[0]?.unrecoverable).toEqual([]);
    // A volume corrupted in a live cluster comes back from its snapshot.
    const corrupted = run({
      template: 'snapshotVolumes: true',
      extra: csi,
      faults: '    - { at: 5h30m, kind: volumeCorrupted, target: { volume: shop/data-db-1 } }',
    }).disasters[0];
    expect(corrupted?.unrecoverable).toEqual([]);
    expect(corrupted?.rpoSeconds).toBe(1800);
    // 15 min to start, then the snapshot restore (60 s).
    expect(corrupted?.rtoSeconds).toBe(960);
  });

  it('recreate a deleted namespace: its workloads scale back to their replicas', () => {
    const dr = run({ faults: '    - { at: 5h30m, kind: namespaceDeleted, target: { namespace: shop } }' });
    const d = dr.disasters[0];
    expect(d?.steps.map((s) => s.step)).toEqual([
      'restoreStarted',
      'volumesRestored',
      'objectsRestored',
      'podsReady',
    ]);
    expect(d?.rtoSeconds).toBeGreaterThan(900);
  });

  it('restore the control plane from the newest etcd snapshot', () => {
    const dr = run({
      backup: '    etcdSnapshots: { schedule: "*/30 * * * *", duration: 20s }',
      faults: '    - { at: 5h10m, kind: etcdDataLost }',
    });
    const d = dr.disasters[0];
    expect(d?.restoredFrom).toBe('etcd-snapshot-20260101050000');
    expect(d?.rpoSeconds).toBe(600);
    // Pods kept running: back when etcd is, 15 min + 5 min after.
    expect(d?.rtoSeconds).toBe(1200);
  });

  it('judge RPO and RTO against spec.slo', () => {
    const d = run({
      slo: '  slo: { rpo: 20m, rto: 30m }',
      faults: '    - { at: 5h30m, kind: clusterLost }',
    }).disasters[0];
    expect(d?.rpoMet).toBe(false);
    expect(d?.rtoMet).toBe(false);
  });
});

describe('bad input', () => {
  it('names the cron field that does not parse, at its line', () => {
    expect(errors({ schedule: '0 25 * * *', faults: '    []' })).toMatch(
      /dr\.yaml:\d+:\d+: .*spec\.schedule.*hour 25 is outside 0-23/,
    );
  });

  it('refuses a restore from a Schedule that does not exist', () => {
    expect(errors({ backup: '    restore: { fromSchedule: nightly }', faults: '    []' })).toMatch(
      /no velero.io\/v1 Schedule named "nightly" \(Schedules: hourly\)/,
    );
  });

  it('refuses disasters on volumes and namespaces that do not exist', () => {
    expect(
      errors({ faults: '    - { at: 1h, kind: volumeCorrupted, target: { volume: shop/nope } }' }),
    ).toMatch(/no volume "shop\/nope" \(namespace\/claim; volumes: shop\/data-db-0, shop\/data-db-1\)/);
    expect(
      errors({ faults: '    - { at: 1h, kind: namespaceDeleted, target: { namespace: nope } }' }),
    ).toMatch(/no workload in namespace "nope"/);
  });

  it('wants either at or between', () => {
    expect(errors({ faults: '    - { kind: clusterLost }' })).toMatch(/either `at`/);
  });
});

describe('models/disaster-recovery/region-loss.yaml', () => {
  it('restores the 5h00m backup: RPO 20 minutes, RTO within the objective', async () => {
    const { loadFiles } = await import('../../src/manifests/index.js');
    const { input, ok } = await loadFiles(['models/disaster-recovery/region-loss.yaml'], {
      requireScenario: true,
    });
    expect(ok).toBe(true);
    const d = buildRunReport(simulate(input)).disasterRecovery?.disasters[0];
    expect(d?.restoredFrom).toBe('hourly-20260101050000');
    expect(d?.rpo).toBe('20m0s');
    expect(d?.dataLost).toBe('2Gi');
    expect(d?.rpoMet).toBe(true);
    expect(d?.rtoMet).toBe(true);
  });
});
