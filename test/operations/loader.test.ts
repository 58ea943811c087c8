import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MICROS_PER_SECOND } from '../../src/engine/time.js';
import { formatDiagnostic, loadFiles, loadText } from '../../src/manifests/index.js';

const S = MICROS_PER_SECOND;

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1}]}
`;

function scenario(operations: string): string {
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: s}
spec:
  duration: 1h
  kubernetesVersion: "1.35"
  cluster: {nodePools: [{name: gp, cpu: 2, memory: 4Gi, count: 2}]}
  operations:
${operations}---
${WEB}`;
}

describe('spec.operations in the Scenario', () => {
  it('reads every operation kind with its defaults', () => {
    const r = loadText(
      scenario(`  - {at: 1m, kind: cordon, node: gp-0}
  - {at: 2m, kind: uncordon, node: gp-0}
  - {at: 3m, kind: drain, node: gp-1, timeout: 2m, gracePeriod: 10s}
  - {at: 4m, kind: scale, workload: web, replicas: 5}
  - {at: 5m, kind: rolloutRestart, workload: web}
  - {at: 6m, kind: setImage, workload: web, container: web, image: web:2}
  - {at: 7m, kind: upgradeNodePool, pool: gp}
`),
      's.yaml',
    );
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.input.scenario?.operations).toEqual([
      { kind: 'cordon', at: 60 * S, node: 'gp-0' },
      { kind: 'uncordon', at: 120 * S, node: 'gp-0' },
      { kind: 'drain', at: 180 * S, node: 'gp-1', force: false, timeout: 120 * S, gracePeriodSeconds: 10 },
      { kind: 'scale', at: 240 * S, workload: 'default/web', replicas: 5 },
      { kind: 'rolloutRestart', at: 300 * S, workload: 'default/web' },
      { kind: 'setImage', at: 360 * S, workload: 'default/web', container: 'web', image: 'web:2' },
      {
        kind: 'upgradeNodePool',
        at: 420 * S,
        pool: 'gp',
        maxSurge: 1,
        nodeDuration: 90 * S,
        version: '1.36',
        drainTimeout: 3600 * S,
      },
    ]);
  });

  it('operations on objects that do not exist, unknown kinds and bad durations are errors at their lines', () => {
    const r = loadText(
      scenario(`  - {at: 1m, kind: drain, node: gp-7}
  - {at: 1m, kind: scale, workload: api, replicas: 2}
  - {at: 1m, kind: setImage, workload: web, container: sidecar, image: x:1}
  - {at: 1m, kind: upgradeNodePool, pool: big}
  - {at: 1m, kind: reboot, node: gp-0}
  - {at: soon, kind: cordon, node: gp-0}
  - {at: 1m, kind: drain, node: gp-0, gracePeriod: 1500ms}
  - {at: 1m, kind: scale, workload: web, namespace: prod, replicas: 1}
  - {at: 1m, kind: apply, file: missing.yaml}
  - {at: 1m, kind: cordon, nodes: gp-0}
`),
      's.yaml',
    );
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(formatDiagnostic)).toMatchInlineSnapshot(`
      [
        "s.yaml:9:33: Scenario "s": spec.operations[0].node: no node named "gp-7" (neither a Node object nor a node of a pool, "<pool>-<n>")",
        "s.yaml:10:37: Scenario "s": spec.operations[1].workload: no Deployment or StatefulSet named "api" in namespace "default"",
        "s.yaml:11:56: Scenario "s": spec.operations[2].container: the pod template of Deployment "web" has no container named "sidecar" (containers: "web")",
        "s.yaml:12:43: Scenario "s": spec.operations[3].pool: no node pool named "big"",
        "s.yaml:13:20: Scenario "s": spec.operations[4].kind: expected an operation kind: one of cordon, uncordon, drain, scale, rolloutRestart, setImage, apply, upgradeNodePool, got "reboot"",
        "s.yaml:14:10: Scenario "s": spec.operations[5].at: expected a duration such as "90s", "1h30m" or "250ms", got "soon"",
        "s.yaml:15:52: Scenario "s": spec.operations[6].gracePeriod: expected a whole number of seconds, such as "30s"",
        "s.yaml:16:37: Scenario "s": spec.operations[7].workload: no Deployment or StatefulSet named "web" in namespace "prod"",
        "s.yaml:17:33: Scenario "s": spec.operations[8].file: Cannot apply "missing.yaml": no such file",
        "s.yaml:18:5: Scenario "s": spec.operations[9].node: required field is missing (expected a non-empty string)",
        "s.yaml:18:28: Scenario "s": spec.operations[9].nodes: unknown field "nodes"",
      ]
    `);
  });

  it('an operation after the end of the run is a warning', () => {
    const r = loadText(scenario('  - {at: 2h, kind: cordon, node: gp-0}\n'), 's.yaml');
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      's.yaml:9:10: Scenario "s": spec.operations[0].at: the operation starts after the end of the run (spec.duration): it is not simulated',
    ]);
  });

  it('apply reads a manifest relative to the Scenario with the loader: template, and replicas only if given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-apply-'));
    writeFileSync(join(dir, 's.yaml'), scenario('  - {at: 1m, kind: apply, file: web-v2.yaml}\n'));
    writeFileSync(
      join(dir, 'web-v2.yaml'),
      WEB.replace('image: web:1', 'image: web:2').replace('  replicas: 3\n', ''),
    );
    const r = await loadFiles([join(dir, 's.yaml')]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const [op] = r.input.scenario?.operations ?? [];
    expect(op?.kind).toBe('apply');
    if (op?.kind !== 'apply') return;
    expect(op.changes).toHaveLength(1);
    expect(op.changes[0]?.workload).toBe('default/web');
    expect(op.changes[0]?.replicas).toBeUndefined();
    expect(op.changes[0]?.template.spec.containers[0]?.image).toBe('web:2');

    // A new workload, a changed selector, and errors inside the applied file (at its own lines).
    writeFileSync(
      join(dir, 'bad.yaml'),
      `${WEB.replace('{app: web}}\n  template', '{app: web, tier: x}}\n  template').replace('{labels: {app: web}}', '{labels: {app: web, tier: x}}')}---
${WEB.replace('name: web}', 'name: api}')}`,
    );
    writeFileSync(join(dir, 'broken.yaml'), WEB.replace('replicas: 3', 'replicas: three'));
    writeFileSync(
      join(dir, 's.yaml'),
      scenario('  - {at: 1m, kind: apply, file: bad.yaml}\n  - {at: 2m, kind: apply, file: broken.yaml}\n'),
    );
    const bad = await loadFiles([join(dir, 's.yaml')]);
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => formatDiagnostic(d).replace(dir, 'DIR'))).toMatchInlineSnapshot(`
      [
        "DIR/s.yaml:9:33: Scenario "s": spec.operations[0].file: Deployment "web": spec.selector differs from the running object's, and it is immutable (the API server refuses the change)",
        "DIR/s.yaml:9:33: Scenario "s": spec.operations[0].file: Deployment "api" in namespace "default" does not exist: apply only changes Deployments and StatefulSets of the input",
        "DIR/s.yaml:10:33: Scenario "s": spec.operations[1].file: Cannot apply "broken.yaml": it has errors (listed at its lines)",
        "DIR/broken.yaml:5:13: Deployment "web": spec.replicas: expected an integer >= 0, got "three"",
      ]
    `);
  });
});
