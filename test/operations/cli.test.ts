import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

describe('kubesim run with bad operations', () => {
  it('names file, line and field of each bad operation and exits 1 without simulating', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubesim-ops-'));
    const file = join(dir, 's.yaml');
    await writeFile(
      file,
      `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: bad}
spec:
  duration: 1h
  cluster: {nodePools: [{name: gp, cpu: 2, memory: 4Gi, count: 2}]}
  operations:
    - {at: 10m, kind: drain, node: gp-7}
    - {at: 1x, kind: cordon, node: gp-0}
`,
    );
    const r = await runCli('run', file, '--out', join(dir, 'out'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${file}:8:36: Scenario "bad": spec.operations[0].node: no node named "gp-7"`);
    expect(r.stderr).toContain(`${file}:9:12: Scenario "bad": spec.operations[1].at: expected a duration`);
    expect(r.stderr).toContain('nothing was simulated');
  });
});
