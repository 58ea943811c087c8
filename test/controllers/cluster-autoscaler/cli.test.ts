import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';

const SCENARIO = `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: ca-cli }
spec:
  duration: 30m
  cluster:
    nodePools:
      - { name: general, cpu: "4", memory: 16Gi, pricePerHour: 1, count: 1, min: 1, max: 4, provisioningTime: { constant: 60s } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 20
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, resources: { requests: { cpu: 500m, memory: 256Mi } } }] }
`;

function setup(text: string): { file: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-ca-'));
  const file = join(dir, 'ca-cli.yaml');
  writeFileSync(file, text);
  return { file, out: join(dir, 'report') };
}

const report = (out: string) => JSON.parse(readFileSync(join(out, 'ca-cli.json'), 'utf8'));

describe('kubesim run and the cluster-autoscaler', () => {
  it('--compare-fixed reports the fixed cluster cost next to the autoscaled one', async () => {
    const { file, out } = setup(SCENARIO);
    const r = await runCli('run', file, '--out', out, '--format', 'json', '--quiet', '--compare-fixed');
    expect(r.exitCode).toBe(0);
    const json = report(out);
    const ups = json.autoscaling.events.filter((e: { kind: string }) => e.kind === 'clusterAutoscaler');
    // 20 pods of 500m need 3 nodes of 4 cpu: 1 → 3 at the first loop.
    expect(ups[0]).toMatchObject({ atSeconds: 10, target: 'nodegroup/general', from: 1, to: 3, hpa: null });
    // The fixed cluster: one node for 30 min at 1 USD/h.
    expect(json.autoscaling.withoutAutoscaling.cost).toEqual({ total: 0.5, perHour: 1, nodeHours: 0.5 });
    // Autoscaled: 1 node throughout plus 2 from 10 s (provisioning included): 0.5 + 2 × (1790/3600).
    expect(json.cost.total).toBeCloseTo(0.5 + (2 * 1790) / 3600, 4);
    expect(json.autoscaling.withoutAutoscaling.costSaved).toBeCloseTo(-(2 * 1790) / 3600, 4);
  });

  it('--no-autoscaling runs a fixed cluster: no autoscaling section, pods stay pending', async () => {
    const { file, out } = setup(SCENARIO);
    const r = await runCli('run', file, '--out', out, '--format', 'json', '--quiet', '--no-autoscaling');
    expect(r.exitCode).toBe(0);
    const json = report(out);
    expect(json.autoscaling).toBeUndefined();
    expect(json.cost.nodeHours).toBe(0.5);
  });

  it('a pool with max < min: file:line and exit 1', async () => {
    const { file, out } = setup(SCENARIO.replace('min: 1, max: 4', 'min: 3, max: 2'));
    const r = await runCli('run', file, '--out', out, '--quiet');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /ca-cli\.yaml:8:\d+: Scenario "ca-cli": spec\.cluster\.nodePools\[0\]\.max: max must be >= min: min is 3, max is 2/,
    );
  });
});
