import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReportSchema } from '../../src/report/schema.js';
import { runCli } from '../cli/run-cli.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kubesim-replications-'));
}

const SCENARIO = 'models/traffic/cart-affinity.yaml';

async function runReplicated(out: string, ...extra: string[]) {
  return runCli('run', SCENARIO, '--duration', '4m', '--replications', '3', '--out', out, ...extra);
}

describe('kubesim run --replications', () => {
  it('writes the first seed’s report with replications and statistics, and the summary shows intervals', async () => {
    const out = await tempDir();
    const r = await runReplicated(out);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'cart-affinity.json'), 'utf8'));
    expect(runReportSchema.safeParse(report).error).toBeUndefined();
    expect(report.replications).toMatchObject({ count: 3, seeds: [7, 8, 9] });
    const p99 = report.statistics['traffic.services[default/cart].latencyMs.p99'];
    expect(p99.n).toBe(3);
    expect(p99.ci95Low).toBeLessThanOrEqual(p99.mean);
    expect(p99.ci95High).toBeGreaterThanOrEqual(p99.mean);
    expect(report.statistics['availability.pods'].n).toBe(3);
    expect(r.stdout).toMatch(/over 3 replications \(seeds 7, 8, 9; the table above is seed 7\)/);
    expect(r.stdout).toMatch(/default\/cart p99\s+[\d.]+ ms \[[\d.]+ ms, [\d.]+ ms\]/);
    expect(r.stderr).toMatch(/simulated 3 × 4m0s/);
    const md = await readFile(join(out, 'cart-affinity.md'), 'utf8');
    expect(md).toMatch(/## Replications\n\n3 runs with seeds 7, 8, 9/);
    expect(md).toMatch(/\| SLO latency\.p99 \| [\d.]+ ms \[/);
  });

  it('is the single run plus two sections, byte for byte, and the same bytes every time', async () => {
    const [a, b, single] = [await tempDir(), await tempDir(), await tempDir()];
    await runReplicated(a, '--quiet', '--format', 'json');
    await runReplicated(b, '--quiet', '--format', 'json');
    await runCli('run', SCENARIO, '--duration', '4m', '--out', single, '--quiet', '--format', 'json');
    const [ja, jb, js] = await Promise.all(
      [a, b, single].map((d) => readFile(join(d, 'cart-affinity.json'), 'utf8')),
    );
    expect(ja).toBe(jb);
    const { replications, statistics, ...rest } = JSON.parse(ja as string);
    expect(replications.count).toBe(3);
    expect(Object.keys(statistics).length).toBeGreaterThan(20);
    expect(`${JSON.stringify(rest, null, 2)}\n`).toBe(js);
  });

  it.each(['1', '0', 'x', '2.5'])('refuses --replications %s with a one-line reason', async (n) => {
    const r = await runCli('run', SCENARIO, '--replications', n, '--out', await tempDir());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/--replications expected an integer >= 2/);
  });
});
