import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';

const manifest = (extra: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n${extra}  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n`;

describe('Deployment fields the controller reads', () => {
  it('defaults progressDeadlineSeconds 600, revisionHistoryLimit 10, paused false (SetDefaults_Deployment)', () => {
    const r = loadText(manifest(''), 'x.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.input.deployments[0]).toMatchObject({
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      paused: false,
    });
  });

  it('reads them as written, without a warning', () => {
    const r = loadText(
      manifest(
        '  progressDeadlineSeconds: 120\n  revisionHistoryLimit: 2\n  paused: true\n  minReadySeconds: 5\n',
      ),
      'x.yaml',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.input.deployments[0]).toMatchObject({
      progressDeadlineSeconds: 120,
      revisionHistoryLimit: 2,
      paused: true,
      minReadySeconds: 5,
    });
  });

  it('refuses progressDeadlineSeconds not above minReadySeconds (ValidateDeploymentSpec)', () => {
    const r = loadText(manifest('  progressDeadlineSeconds: 10\n  minReadySeconds: 10\n'), 'x.yaml');
    expect(r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([
      'x.yaml:6:28: Deployment "web": spec.progressDeadlineSeconds: progressDeadlineSeconds must be greater than minReadySeconds: current value is 10 (minReadySeconds 10)',
    ]);
  });
});
