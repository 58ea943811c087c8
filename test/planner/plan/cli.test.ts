import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planReportSchema } from '../../../src/planner/plan/schema.js';
import { runCli } from '../../cli/run-cli.js';

const EXAMPLE = 'models/planning/shop-peak.yaml';
const TYPES = 'models/planning/types.csv';

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kubesim-plan-')), name);
  writeFileSync(path, text);
  return path;
}

describe('kubesim plan', () => {
  it('plans the shop example: one c5.xlarge in each of three zones, in a few runs', async () => {
    const r = await runCli(
      'plan',
      EXAMPLE,
      '--catalog',
      TYPES,
      '--slo',
      'availability>=99.95%,p99<=250ms',
      '--failures',
      'zone:1',
      '--format',
      'json',
    );
    expect(r.exitCode).toBe(0);
    const report = planReportSchema.parse(JSON.parse(r.stdout));
    const pool = report.plan.chosen?.pools[0];
    expect(pool).toMatchObject({
      instanceType: 'c5.xlarge',
      perZone: 1,
      count: 3,
      zones: ['zone-a', 'zone-b', 'zone-c'],
    });
    expect(report.plan.chosen?.slo.every((s) => s.met)).toBe(true);
    expect(report.catalog.reservations).toBe('gke');
    // The packing bound and cost pruning leave most of the 12 families unrun.
    expect(report.plan.runs).toBeLessThanOrEqual(12);
  }, 300_000);

  it('names the catalogue file and line of a missing column, and simulates nothing', async () => {
    const bad = tempFile('types.csv', 'instanceType,cpu,pricePerHour\nm5.large,2,0.096\n');
    const r = await runCli('plan', EXAMPLE, '--catalog', bad, '--failures', 'zone:1');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${bad}:1: the header lacks column memory`);
    expect(r.stdout).toBe('');
  });

  it('names the line and column of a bad row', async () => {
    const bad = tempFile(
      'types.csv',
      'instanceType,cpu,memory,pricePerHour\nm5.large,2,8Gi,0.096\nc5.large,2,4Gx,0.085\n',
    );
    const r = await runCli('plan', EXAMPLE, '--catalog', bad);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${bad}:3: column memory: expected a quantity > 0 such as 16Gi, got "4Gx"`);
  });

  it('shows where an SLO expression fails to parse', async () => {
    const r = await runCli('plan', EXAMPLE, '--catalog', TYPES, '--slo', 'availability>=99.95%,p99<300ms');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('expected >= or <= after p99');
    // The caret sits under the '<' that should have been '<=' (character 25).
    expect(r.stderr).toContain(`  availability>=99.95%,p99<300ms\n  ${' '.repeat(24)}^`);
  });

  it.each([
    [['--failures', 'zone:3'], '--failures zone:3 needs more than 3 zones'],
    [['--failures', 'rack:1'], 'Cannot read --failures "rack:1"'],
    [['--confidence', '1.5'], '--confidence expected a number in [0.5, 1)'],
    [['--reservations', 'aks'], '--reservations must be gke, eks or none'],
    [['--cost', 'on-prem', '--horizon', '3 years'], '--horizon expected a period such as 3y'],
  ])('refuses %j', async (args, message) => {
    const r = await runCli('plan', EXAMPLE, '--catalog', TYPES, ...args);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(message);
  });
});
