import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const demo = ['models/schedule/nodes.yaml', 'models/schedule/workloads.yaml'];

describe('kubesim schedule', () => {
  it('explains every pod as JSON: chosen node or kube-scheduler’s reason, and every node’s verdict', async () => {
    const r = await runCli('schedule', ...demo, '--explain', '--output', 'json');
    expect(r.exitCode).toBe(0);
    const { pods } = JSON.parse(r.stdout);
    expect(pods).toHaveLength(5);
    const byName = Object.fromEntries(pods.map((p: { pod: string }) => [p.pod, p]));
    expect(byName['default/trainer'].node).toBe('gpu-a');
    const huge = byName['default/batch-huge'];
    expect(huge.node).toBeNull();
    expect(huge.unschedulable).toMatch(/^0\/5 nodes are available: .*4 Insufficient cpu/);
    // Every one of the 5 nodes is shown, each with the filter that rejected it.
    expect(huge.nodes.map((v: { result: string }) => v.result)).toEqual(Array(5).fill('filtered'));
    const api = pods.filter((p: { pod: string }) => p.pod.startsWith('default/api-'));
    expect(api).toHaveLength(3);
    for (const p of api) {
      expect(p.unschedulable).toBeNull();
      expect(p.weights).toMatchObject({ TaintToleration: 3, NodeResourcesFit: 1 });
      expect(p.nodes).toHaveLength(5);
      // The GPU node's taint is not tolerated: it is shown, rejected by TaintToleration.
      const gpu = p.nodes.find((v: { node: string }) => v.node === 'gpu-a');
      expect(gpu).toMatchObject({ result: 'filtered', plugin: 'TaintToleration' });
      for (const v of p.nodes.filter((x: { result: string }) => x.result === 'scored')) {
        for (const s of Object.values(v.scores) as { raw: number; normalized: number }[]) {
          expect(s.normalized).toBeGreaterThanOrEqual(0);
          expect(s.normalized).toBeLessThanOrEqual(100);
        }
        expect(v.total).toBeGreaterThan(0);
      }
    }
    // The three API pods go to three different nodes (spreading by the system default constraints).
    expect(new Set(api.map((p: { node: string }) => p.node)).size).toBe(3);
  });

  it('without --explain, gives only the decisions', async () => {
    const r = await runCli('schedule', ...demo, '--output', 'json');
    const { pods } = JSON.parse(r.stdout);
    for (const p of pods) expect(Object.keys(p)).toEqual(['pod', 'node', 'unschedulable']);
  });

  it('prints a readable explanation on a terminal', async () => {
    const r = await runCli('schedule', ...demo, '--explain');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/trainer → gpu-a/);
    expect(r.stdout).toMatch(/NodeResourcesFit ×1/);
    expect(r.stdout).toMatch(/batch-huge.*Insufficient cpu/);
    expect(r.stdout).toMatch(/gpu-a {2}filtered by TaintToleration: node\(s\) had untolerated taint/);
  });

  it('fails clearly when the manifests hold no nodes', async () => {
    const r = await runCli('schedule', 'models/schedule/workloads.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/no Node objects/);
  });
});

describe('kubesim validate', () => {
  it('accepts the shipped models', async () => {
    const r = await runCli('validate', 'models/quickstart.yaml', ...demo);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^ok:/m);
  });

  it('reports every error at once with file:line:col, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubesim-validate-'));
    const file = join(dir, 'two-errors.yaml');
    await writeFile(
      file,
      [
        'apiVersion: v1',
        'kind: Node',
        'metadata: {name: n1}',
        'status: {allocatable: {cpu: "-2", memory: 1Gi}}',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  replicas: "three"',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec: {containers: [{name: c, image: x}]}',
        '',
      ].join('\n'),
    );
    const r = await runCli('validate', file);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/two-errors\.yaml:4:\d+: .*cpu/);
    expect(r.stdout).toMatch(/two-errors\.yaml:10:\d+: .*replicas/);
    expect(r.stderr).toMatch(/2 errors/);
  });
});

describe('a KubeSchedulerConfiguration with an unknown plugin and scoring strategy', () => {
  async function badConfig(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'kubesim-schedcfg-'));
    const file = join(dir, 'scheduler.yaml');
    await writeFile(
      file,
      [
        'apiVersion: kubescheduler.config.k8s.io/v1',
        'kind: KubeSchedulerConfiguration',
        'profiles:',
        '  - plugins:',
        '      score: {enabled: [{name: NodeResourcesFitt}]}',
        '    pluginConfig:',
        '      - name: NodeResourcesFit',
        '        args: {scoringStrategy: {type: MostAllocatedX}}',
        '',
      ].join('\n'),
    );
    return file;
  }

  it('fails validate with a file:line diagnostic for each', async () => {
    const r = await runCli('validate', await badConfig());
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/scheduler\.yaml:5:\d+: .*plugin "NodeResourcesFitt" does not exist/);
    expect(r.stdout).toMatch(
      /scheduler\.yaml:8:\d+: .*scoringStrategy\.type: Unsupported value: "MostAllocatedX"/,
    );
  });

  it('makes schedule refuse the input with the same diagnostics, not an internal error', async () => {
    const r = await runCli('schedule', await badConfig(), ...demo);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).not.toMatch(/internal error/i);
    expect(r.stdout + r.stderr).toMatch(/scheduler\.yaml:5:\d+: .*does not exist/);
  });
});

describe('kubesim run with a pod that can never fit', () => {
  it('reports the pod as pending with kube-scheduler’s reason and finishes the run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubesim-nofit-'));
    const file = join(dir, 'nofit.yaml');
    await writeFile(
      file,
      [
        'apiVersion: kubesim.dev/v1alpha1',
        'kind: Scenario',
        'metadata: {name: nofit}',
        'spec:',
        '  duration: 10m',
        '  cluster:',
        '    nodePools: [{name: p, instanceType: t, cpu: "2", memory: 4Gi, pricePerHour: 0.1, count: 2}]',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: big}',
        'spec:',
        '  replicas: 1',
        '  selector: {matchLabels: {app: big}}',
        '  template:',
        '    metadata: {labels: {app: big}}',
        '    spec: {containers: [{name: c, image: x, resources: {requests: {cpu: "3"}}}]}',
        '',
      ].join('\n'),
    );
    const r = await runCli('run', file, '--out', join(dir, 'out'));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/1 pending at end/);
    expect(r.stdout).toMatch(/pending\s+default\/big-.*0\/2 nodes are available: 2 Insufficient cpu/);
  });
});
