import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

async function inputFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kubesim-hpa-'));
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

/** The `$ npx kubesim hpa explain FILE` blocks of docs/autoscaling.md: the command's file and the output shown. */
function documentedRuns(): { file: string; output: string }[] {
  const doc = readFileSync('docs/autoscaling.md', 'utf8');
  const runs: { file: string; output: string }[] = [];
  for (const block of doc.matchAll(/```console\n\$ npx kubesim hpa explain (\S+)\n([\s\S]*?)```/g))
    runs.push({ file: block[1] as string, output: block[2] as string });
  return runs;
}

describe('kubesim hpa explain', () => {
  it('prints what docs/autoscaling.md shows for each example under models/hpa', async () => {
    const runs = documentedRuns();
    expect(runs.map((r) => r.file)).toEqual(['models/hpa/why-seven.yaml', 'models/hpa/why-seven-rate.yaml']);
    for (const run of runs) {
      const r = await runCli('hpa', 'explain', run.file);
      expect(r).toEqual({ exitCode: 0, stdout: run.output, stderr: '' });
    }
  });

  it('reads JSON as well and tells the two inputs apart by their fields', async () => {
    const file = await inputFile(
      'n.json',
      JSON.stringify({
        currentReplicas: 4,
        desiredReplicas: 1,
        maxReplicas: 10,
        recommendations: [{ secondsAgo: 60, replicas: 3 }],
      }),
    );
    const r = await runCli('hpa', 'explain', file);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/no behavior: legacy rules/);
    expect(r.stdout).toMatch(/Result: 3 replicas — ScaleDownStabilized/);
  });

  it('names file, line and field of a bad value, and exits 1', async () => {
    const file = await inputFile(
      'bad.yaml',
      [
        'currentReplicas: 2',
        'targetUtilization: 50',
        'pods:',
        '  - { name: a, phase: Running, ready: true, requestMilliCpu: 500, usageMilliCpu: 100 }',
        '  - { name: b, phase: Running, ready: true, requestMilliCpu: -5 }',
        '',
      ].join('\n'),
    );
    const r = await runCli('hpa', 'explain', file);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `kubesim: ${file}:5:62: pods[1].requestMilliCpu: expected an integer >= 0, got -5\n1 error; nothing was explained.\n`,
    );
  });

  it('reports an unknown field at its key and minReplicas above maxReplicas', async () => {
    const file = await inputFile(
      'typo.yaml',
      'currentReplicas: 3\ndesiredReplicas: 5\nminReplicas: 12\nmaxReplicas: 10\nbehaviour: {}\n',
    );
    const r = await runCli('hpa', 'explain', file);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${file}:5:1: behaviour: unknown field "behaviour"`);
    expect(r.stderr).toContain(`${file}:3:14: minReplicas: expected at most maxReplicas (10)`);
  });

  it('refuses an input it cannot classify, a missing file and broken YAML with one paragraph each', async () => {
    const neither = await inputFile('neither.yaml', 'currentReplicas: 3\n');
    let r = await runCli('hpa', 'explain', neither);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^kubesim: .*neither\.yaml:1:1: cannot tell which input this is/);
    r = await runCli('hpa', 'explain', '/nonexistent/hpa.yaml');
    expect(r).toMatchObject({
      exitCode: 1,
      stderr: 'kubesim: Cannot load "/nonexistent/hpa.yaml": no such file or directory\n',
    });
    const broken = await inputFile('broken.yaml', 'pods: [\n');
    r = await runCli('hpa', 'explain', broken);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+: invalid YAML/);
    expect(r.stderr).not.toMatch(/at .*\.ts/);
  });
});

describe('kubesim hpa explain with a named kind', () => {
  it('reads a document that names its kind, and refuses a kind it does not know', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubesim-hpa-'));
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'apiVersion: kubesim.dev/v1alpha1\nkind: HpaGuess\ncurrentReplicas: 1\n');
    const refused = await runCli('hpa', 'explain', bad);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(
      /expected apiVersion kubesim.dev\/v1alpha1 and kind HpaDesiredReplicas or HpaNormalizeReplicas/,
    );
    const named = await runCli('hpa', 'explain', 'models/hpa/why-seven.yaml');
    expect(named.exitCode).toBe(0);
    expect(named.stdout).toMatch(/Result: 7 replicas/);
  });
});
