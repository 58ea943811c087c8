import { describe, expect, it } from 'vitest';
import { MICROS_PER_SECOND } from '../../src/engine/time.js';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';

const S = MICROS_PER_SECOND;

function load(faults: string) {
  return loadText(
    `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: s}
spec:
  duration: 1h
  cluster: {nodePools: [{name: gp, cpu: 2, memory: 4Gi, count: 2}]}
  faults:
${faults}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web}]}
`,
    's.yaml',
  );
}

describe('fault kinds in the Scenario', () => {
  it('reads every simulated pod and node fault with its defaults', () => {
    const r = load(`  - {at: 1m, kind: nodeReboot, target: {node: gp-0}}
  - {at: 2m, kind: kubeletStop, target: {pool: gp}, for: 5m}
  - {at: 3m, kind: podCrash, target: {workload: web}}
  - {at: 4m, kind: podCrash, target: {workload: web}, interval: 10m, for: 20m}
  - {at: 5m, kind: crashLoop, target: {workload: web}, exits: 4}
  - {at: 6m, kind: probeFailure, target: {workload: web}, probe: readiness, for: 2m}
`);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(r.input.scenario?.faults).toEqual([
      { kind: 'nodeReboot', at: 60 * S, target: { node: 'gp-0', count: 1 }, bootTime: 60 * S },
      { kind: 'kubeletStop', at: 120 * S, target: { pool: 'gp', count: 1 }, for: 300 * S },
      { kind: 'podCrash', at: 180 * S, target: { workload: 'web', count: 1 } },
      {
        kind: 'podCrash',
        at: 240 * S,
        target: { workload: 'web', count: 1 },
        interval: 600 * S,
        for: 1200 * S,
      },
      { kind: 'crashLoop', at: 300 * S, target: { workload: 'web' }, exits: 4, after: 0 },
      { kind: 'probeFailure', at: 360 * S, target: { workload: 'web' }, probe: 'readiness', for: 120 * S },
    ]);
  });

  it('an unknown workload or node, a bad probe name and for without interval are errors at their lines', () => {
    const r = load(`  - {at: 1m, kind: podCrash, target: {workload: api}}
  - {at: 1m, kind: kubeletStop, target: {node: gp-9}}
  - {at: 1m, kind: probeFailure, target: {workload: web}, probe: startup}
  - {at: 1m, kind: podCrash, target: {workload: web}, for: 5m}
  - {at: 1m, kind: crashLoop, target: {workload: web}, exits: 0}
`);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(formatDiagnostic)).toMatchInlineSnapshot(`
      [
        "s.yaml:8:49: Scenario "s": spec.faults[0].target.workload: no Deployment or StatefulSet named "api"",
        "s.yaml:9:48: Scenario "s": spec.faults[1].target.node: no node named "gp-9" (neither a Node object nor a node of a pool, "<pool>-<n>")",
        "s.yaml:10:66: Scenario "s": spec.faults[2].probe: expected one of "readiness", "liveness", got "startup"",
        "s.yaml:11:60: Scenario "s": spec.faults[3].for: for is read only with interval (crashes at a rate); a single crash has no duration",
        "s.yaml:12:63: Scenario "s": spec.faults[4].exits: expected an integer >= 1, got 0",
      ]
    `);
  });
});
