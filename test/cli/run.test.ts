import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kubesim-cli-'));
}

describe('kubesim run', () => {
  it('runs the quickstart end to end: summary on stdout, JSON and Markdown reports on disk', async () => {
    const out = await tempDir();
    const r = await runCli('run', 'models/quickstart.yaml', '--out', out);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/pods scheduled\s+(\d+) of \1 created, 0 pending/);
    expect(r.stdout).toMatch(/pod availability/);
    expect((await readdir(out)).sort()).toEqual(['quickstart.charts', 'quickstart.json', 'quickstart.md']);
    const report = JSON.parse(await readFile(join(out, 'quickstart.json'), 'utf8'));
    expect(report.schemaVersion).toBe(2);
    expect(report.cluster.nodesInitial).toBe(6);
    expect(report.faults).toHaveLength(1);
    expect(report.faults[0].nodes).toHaveLength(1);
    // The crash is noticed, the node's pods evicted and replaced: every pod ends up scheduled.
    expect(report.scheduling.pendingAtEnd).toEqual([]);
    expect(report.availability.pods).toBeLessThan(1);
    expect(report.availability.pods).toBeGreaterThan(0.95);
    const md = await readFile(join(out, 'quickstart.md'), 'utf8');
    expect(md).toMatch(/^# kubesim run: quickstart/);
    expect(md).toMatch(/Ready=Unknown/);
  });

  it('writes byte-identical reports for the same input and seed, and different ones for another seed', async () => {
    const [a, b, c] = [await tempDir(), await tempDir(), await tempDir()];
    await runCli('run', 'models/quickstart.yaml', '--out', a, '--quiet', '--format', 'json');
    await runCli('run', 'models/quickstart.yaml', '--out', b, '--quiet', '--format', 'json');
    await runCli('run', 'models/quickstart.yaml', '--out', c, '--quiet', '--format', 'json', '--seed', '7');
    const [ja, jb, jc] = await Promise.all(
      [a, b, c].map((d) => readFile(join(d, 'quickstart.json'), 'utf8')),
    );
    expect(ja).toBe(jb);
    expect(jc).not.toBe(ja);
    expect(JSON.parse(jc as string).scenario.seed).toBe(7);
  });

  it('honours --duration and --format md', async () => {
    const out = await tempDir();
    const r = await runCli(
      'run',
      'models/quickstart.yaml',
      '--out',
      out,
      '--quiet',
      '--format',
      'md',
      '--duration',
      '30m',
    );
    expect(r.exitCode).toBe(0);
    expect(await readdir(out)).toEqual(['quickstart.charts', 'quickstart.md']);
    expect(await readFile(join(out, 'quickstart.md'), 'utf8')).toMatch(/30m0s simulated/);
  });

  it.each([
    [['--seed', 'abc'], /--seed expected an integer/],
    [['--duration', 'soon'], /--duration expected a duration/],
    [['--format', 'pdf'], /--format must be json, md, html, both or all/],
  ])('rejects bad options %j with one line and exit code 1', async (opts, message) => {
    const out = await tempDir();
    const r = await runCli('run', 'models/quickstart.yaml', '--out', out, ...opts);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(await readdir(out)).toEqual([]);
  });
});

describe('kubesim run with bad input', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed YAML', 'kind: Scenario\nspec: [unclosed\n', /bad\.yaml:\d+:\d+/],
    ['an empty file', '', /bad\.yaml/],
    [
      'a replicas count that is not a number',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: "three"\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n',
      /bad\.yaml:5:\d+: .*replicas/,
    ],
  ];
  it.each(cases)(
    'reports %s with file and line, exit 1, no stack trace, no report',
    async (_name, text, message) => {
      const dir = await tempDir();
      const file = join(dir, 'bad.yaml');
      await writeFile(file, text);
      const out = join(dir, 'out');
      const r = await runCli('run', file, '--out', out);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      expect(r.stderr).not.toMatch(/internal error/);
      await expect(readdir(out)).rejects.toThrow();
    },
  );

  it('refuses a device as the scenario with one error, not also "no Scenario"', async () => {
    const r = await runCli('run', '/dev/zero');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'kubesim: /dev/zero: Cannot load "/dev/zero": it is a character device, not a regular file\n1 error; nothing was simulated.\n',
    );
  });

  it('reports a missing scenario file by name', async () => {
    const r = await runCli('run', 'models/does-not-exist.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/does-not-exist\.yaml/);
  });
});
