import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { parseOpenMetrics } from './parse-openmetrics.js';

const MODEL = 'models/monitoring/incidents.yaml';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kubesim-metrics-'));
}

describe('kubesim run --metrics-out', () => {
  it('writes the OpenMetrics file beside the report, starting at --metrics-start', async () => {
    const out = await tempDir();
    const file = join(out, 'incidents.om');
    const r = await runCli(
      'run',
      MODEL,
      '--out',
      out,
      '--duration',
      '5m',
      '--metrics-out',
      file,
      '--metrics-start',
      '2026-03-01T08:00:00+01:00',
      '--scrape-interval',
      '1m',
    );
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(file);
    expect((await readdir(out)).sort()).toEqual([
      'incidents.charts',
      'incidents.json',
      'incidents.md',
      'incidents.om',
    ]);
    const families = parseOpenMetrics(await readFile(file, 'utf8'));
    const phase = families.find((f) => f.name === 'kube_pod_status_phase');
    const times = [...new Set(phase?.samples.map((s) => s.timestamp))];
    const start = Date.parse('2026-03-01T07:00:00Z') / 1000;
    expect(times).toEqual([0, 1, 2, 3, 4, 5].map((m) => start + 60 * m));
  });

  it('writes into the report folder it makes itself (--out report --metrics-out report/x.om)', async () => {
    const out = join(await tempDir(), 'report');
    const r = await runCli(
      'run',
      MODEL,
      '--out',
      out,
      '--quiet',
      '--duration',
      '2m',
      '--metrics-out',
      join(out, 'x.om'),
    );
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'incidents.charts',
      'incidents.json',
      'incidents.md',
      'x.om',
    ]);
  });

  it.each([
    [['--metrics-start', '2026-01-01T00:00:00Z'], 'Cannot run: --metrics-start needs --metrics-out FILE'],
    [['--metrics-out', 'x.om', '--metrics-start', '2026-01-01'], '--metrics-start expected an instant'],
    [
      ['--metrics-out', 'x.om', '--scrape-interval', '0s'],
      '--scrape-interval expected a duration of at least 1ms',
    ],
    [['--metrics-out', 'no/such/folder/x.om'], 'the folder'],
  ])('refuses %j before simulating', async (flags, message) => {
    const out = await tempDir();
    const r = await runCli('run', MODEL, '--out', out, '--quiet', ...flags);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(message);
    expect(await readdir(out)).toEqual([]);
  });
});
