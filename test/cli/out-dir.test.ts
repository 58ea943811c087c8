import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// Class 1 of issue 7: a bad --out is refused before simulating, naming the path, with exit code 1.

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kubesim-out-'));
}

/** A scenario that would take long to simulate: a refused --out must not wait for it. */
const SLOW = `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: slow}
spec:
  duration: 5000h
  cluster:
    nodePools: [{name: p, cpu: "4", memory: 16Gi, count: 200}]
`;

describe('kubesim run --out', () => {
  it('refuses an --out that is a regular file, naming it, before simulating', async () => {
    const dir = await tempDir();
    const file = join(dir, 'scenario.yaml');
    await writeFile(file, SLOW);
    const out = join(dir, 'taken');
    await writeFile(out, 'not a directory');
    const r = await runCli('run', file, '--out', out);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`"${out}" is a file, not a directory`);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toBe('');
  });

  it('refuses an --out below a regular file (it cannot be created)', async () => {
    const dir = await tempDir();
    const file = join(dir, 'scenario.yaml');
    await writeFile(file, SLOW);
    await writeFile(join(dir, 'plain'), '');
    const out = join(dir, 'plain', 'reports');
    const r = await runCli('run', file, '--out', out);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/Cannot write the report: .*plain.* is a file, not a directory/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('refuses an --out that is a device, naming what it is', async () => {
    const r = await runCli('run', 'models/quickstart.yaml', '--out', '/dev/null');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'kubesim: Cannot write the report: "/dev/null" is a character device, not a directory\n',
    );
  });

  it('refuses an --out in a file system where nothing can be created', async () => {
    const r = await runCli('run', 'models/quickstart.yaml', '--out', '/proc/kubesim-reports');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/Cannot write the report: cannot create directory "\/proc\/kubesim-reports"/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('refuses when a report file name is taken by a directory, and writes no other report file', async () => {
    const out = await tempDir();
    await mkdir(join(out, 'quickstart.md'));
    const r = await runCli('run', 'models/quickstart.yaml', '--out', out, '--quiet');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`"${join(out, 'quickstart.md')}" is a directory`);
    expect((await readdir(out)).sort()).toEqual(['quickstart.md']);
  });

  it('creates a missing --out with its parents and leaves no temporary file', async () => {
    const out = join(await tempDir(), 'a', 'b');
    const r = await runCli('run', 'models/quickstart.yaml', '--out', out, '--quiet');
    expect(r.exitCode).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['quickstart.charts', 'quickstart.json', 'quickstart.md']);
  });
});
