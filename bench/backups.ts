import { loadText } from '../src/manifests/index.js';
import { createRun } from '../src/sim/run.js';
import { type Benchmark, compareVariants } from './harness.js';
import { horizonScenario } from './horizon.js';

/**
 * backups: what hourly Velero backups add to a long run. The horizon benchmark's cluster (50 nodes,
 * 100 pods, a node crash a month) for a year, without and with an hourly Schedule backing up twenty
 * 10Gi claims with file-system backup and a region loss restored at the end. Backups cost a few events
 * each (start, completion) and a pass over the objects they save; the goal is a small fraction of
 * the run.
 */
const SCHEDULE = `---
apiVersion: velero.io/v1
kind: Schedule
metadata: { name: hourly, namespace: velero }
spec:
  schedule: "0 * * * *"
  template: { ttl: 72h0m0s, defaultVolumesToFsBackup: true }
${Array.from(
  { length: 20 },
  (_, i) => `---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data-${i} }
spec: { resources: { requests: { storage: 10Gi } } }
`,
).join('')}`;

function runYear(days: number, backups: boolean): string {
  let text = horizonScenario(days);
  if (backups)
    text = `${text.replace('  faults:', `  backup: { dataChangeRate: 1Gi/h }\n  faults:\n    - { at: ${days * 24 - 3}h30m, kind: regionLost }`).replace('  faults: []', '')}${SCHEDULE}`;
  const loaded = loadText(text, 'backups.yaml', {
    requireScenario: true,
    limits: { maxEvents: Number.POSITIVE_INFINITY },
  });
  if (!loaded.ok)
    throw new Error(`the backups Scenario does not load: ${JSON.stringify(loaded.diagnostics)}`);
  const result = createRun(loaded.input).finish();
  const dr = result.disasterRecovery;
  const rpo =
    dr?.disasters[0]?.dataAt === undefined
      ? ''
      : `, RPO ${((dr.disasters[0].at - dr.disasters[0].dataAt) / 6e7).toFixed(0)} min`;
  return `${dr ? `${dr.backups.length} backups${rpo}, ` : ''}${result.eventsFired} events`;
}

export const backups: Benchmark = {
  name: 'backups',
  description: '50 nodes for a year: without backups, and with hourly Velero backups and a region loss',
  run(options) {
    const days = options.quick ? 30 : 365;
    return compareVariants(
      'backups',
      'simulated days',
      days,
      [
        { name: 'no backups', run: () => runYear(days, false) },
        { name: 'hourly backups', run: () => runYear(days, true) },
      ],
      options.rounds,
    );
  },
};
