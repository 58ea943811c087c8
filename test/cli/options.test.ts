import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// Classes 3 and 7 of issue 7: --duration and --seed pass the Scenario's checks; the size limits are
// flags of run and validate alike.

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kubesim-options-'));
}

describe('kubesim run --seed and --duration', () => {
  it.each(['-1', '1e3', '0x10', '1.5', '9007199254740993'])(
    'refuses --seed %s as spec.seed would be refused',
    async (seed) => {
      const out = await tempDir();
      const r = await runCli('run', 'models/quickstart.yaml', '--out', out, '--seed', seed);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe(
        `kubesim: Cannot run: --seed expected an integer from 0 to 9007199254740991 (as spec.seed), got "${seed}"\n`,
      );
      expect(await readdir(out)).toEqual([]);
    },
  );

  it("gives a --duration beyond Go's limit that reason", async () => {
    const r = await runCli('run', 'models/quickstart.yaml', '--duration', '3000000h');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      "at most 2562047h47m16.854775807s (Go's time.Duration limit, about 292 years)",
    );
  });

  it('refuses a --duration the warm-up would empty, at spec.warmup', async () => {
    const out = await tempDir();
    const r = await runCli('run', 'models/quickstart.yaml', '--out', out, '--duration', '3m');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(
      'models/quickstart.yaml:16:11: Scenario "quickstart": spec.warmup: expected warmup < duration, but --duration 3m0s leaves no time after the warm-up',
    );
    expect(await readdir(out)).toEqual([]);
  });

  it('warns about a fault after the end of a shorter --duration', async () => {
    const out = await tempDir();
    const r = await runCli('run', 'models/quickstart.yaml', '--out', out, '--duration', '1h', '--quiet');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const loud = await runCli('run', 'models/quickstart.yaml', '--out', out, '--duration', '1h');
    expect(loud.stderr).toMatch(
      /warning: models\/quickstart\.yaml:\d+:\d+: Scenario "quickstart": spec\.faults\[0\]\.at: the fault starts after the end of the run \(--duration 1h0m0s\): it is not simulated/,
    );
  });

  it('refuses a --duration whose events exceed the limit, and accepts it with --max-events', async () => {
    const out = await tempDir();
    // Requests at request level cost events whatever the cluster does: 10⁵ h of this flash crowd is too many.
    const r = await runCli(
      'run',
      'models/autoscaling/flash-crowd-hpa.yaml',
      '--out',
      out,
      '--duration',
      '100000h',
    );
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /spec\.duration: the run would process about \d+ events .*shorten the duration \(--duration\), or raise the limit with --max-events/,
    );
    const v = await runCli('validate', 'models/quickstart.yaml', '--max-events', 'lots');
    expect(v.exitCode).toBe(1);
    expect(v.stderr).toContain(
      'Cannot validate: --max-events expected an integer >= 1 such as 500000 or 1e9, got "lots"',
    );
  });
});

describe('size limits on the command line', () => {
  it('run and validate refuse the same input with the same error, and both accept a raised limit', async () => {
    const dir = await tempDir();
    const file = join(dir, 'big.yaml');
    await writeFile(
      file,
      'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: big}\nspec:\n  duration: 1h\n  cluster:\n    nodePools: [{name: p, cpu: "4", memory: 16Gi, count: 3}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 250000\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n',
    );
    const want = `${file}:13:13: Deployment "web": spec.replicas: the run would create 250000 pods`;
    const run = await runCli('run', file, '--out', join(dir, 'out'));
    const validate = await runCli('validate', file);
    expect(run.exitCode).toBe(1);
    expect(validate.exitCode).toBe(1);
    expect(run.stderr).toContain(want);
    expect(validate.stdout).toContain(want);
    const raised = await runCli('validate', file, '--max-pods', '300000');
    expect(raised.exitCode).toBe(0);
  });
});

describe('kubesim validate and kubesim run agree', () => {
  const testdata = 'test/manifests/testdata';
  const bad = readdirSync(testdata).filter((f) => f.endsWith('.bad.yaml'));
  it.each(bad)('on every error of %s', async (file) => {
    const path = join(testdata, file);
    const validate = await runCli('validate', path);
    const run = await runCli('run', path, '--out', await tempDir());
    const errors = validate.stdout.split('\n').filter((l) => l.startsWith(path));
    for (const line of errors) expect(run.stderr).toContain(line);
    // run may refuse more (it needs a Scenario), never less.
    if (validate.exitCode !== 0) expect(run.exitCode).toBe(1);
  });
});
