import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/manifests/index.js';
import type { Workload } from '../../src/model/workloads.js';
import { RESTARTED_AT_ANNOTATION } from '../../src/operations/template.js';
import { buildRunReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { runReportSchema } from '../../src/report/schema.js';
import { simulate } from '../../src/sim/simulate.js';
import { podSpec, template } from '../controllers/harness.js';
import { deployment, makeRun, pool, S } from './harness.js';

describe("operations on the run's timeline", () => {
  it('cordon and uncordon set spec.unschedulable; the scheduler keeps new pods off a cordoned node', () => {
    const c = makeRun({
      pools: [pool({ count: 2 })],
      workloads: [deployment('web', 2)],
      operations: [
        { kind: 'cordon', at: 0, node: 'p-0' },
        { kind: 'scale', at: 60 * S, workload: 'default/web', replicas: 6 },
        { kind: 'uncordon', at: 120 * S, node: 'p-0' },
      ],
    });
    c.run.advance(100 * S);
    expect(c.run.cluster.node('p-0')?.unschedulable).toBe(true);
    expect(c.run.cluster.podsOnNode('p-0').size).toBe(0);
    expect(c.run.cluster.podsOnNode('p-1').size).toBe(6);
    const result = c.run.finish();
    expect(c.run.cluster.node('p-0')?.unschedulable).toBe(false);
    expect(result.operations?.records.map((r) => [r.kind, r.outcome, r.message])).toEqual([
      ['cordon', 'done', 'node/p-0 cordoned'],
      ['scale', 'done', 'replicas 2 → 6'],
      ['uncordon', 'done', 'node/p-0 uncordoned'],
    ]);
  });

  it('rolloutRestart and setImage write a new template object (a new revision) through the API server', () => {
    const web: Workload = {
      ...deployment('web', 2),
      template: template(
        'web',
        podSpec({ containers: [{ name: 'app', image: 'web:1', ports: [], requests: {}, limits: {} }] }),
      ),
    };
    const c = makeRun({
      workloads: [web],
      operations: [
        { kind: 'rolloutRestart', at: 3661 * S, workload: 'default/web' },
        { kind: 'setImage', at: 7200 * S, workload: 'default/web', container: 'app', image: 'web:2' },
        { kind: 'setImage', at: 7300 * S, workload: 'default/web', image: 'web:2' },
      ],
    });
    const revisions: Workload['template'][] = [];
    c.run.cluster.watch((e) => {
      if (e.type === 'WorkloadUpdated' && e.workload.template !== e.old.template)
        revisions.push(e.workload.template);
    });
    const result = c.run.finish();
    expect(revisions).toHaveLength(2);
    expect(revisions[0]?.annotations).toEqual({ [RESTARTED_AT_ANNOTATION]: '1970-01-01T01:01:01Z' });
    expect(revisions[1]?.spec.containers[0]?.image).toBe('web:2');
    // The restart annotation stays; the old template object was not touched.
    expect(revisions[1]?.annotations).toEqual(revisions[0]?.annotations);
    expect(web.template.spec.containers[0]?.image).toBe('web:1');
    expect(result.operations?.records.map((r) => r.message)).toEqual([
      `${RESTARTED_AT_ANNOTATION}=1970-01-01T01:01:01Z`,
      'app=web:2',
      '*=web:2 (unchanged)',
    ]);
  });

  it("a refused write (no etcd quorum) fails the operation with the API server's message", () => {
    const c = makeRun({ operations: [{ kind: 'cordon', at: 10 * S, node: 'p-0' }] });
    c.run.advance(5 * S);
    c.run.api.setWritable(false);
    const result = c.run.finish();
    expect(result.operations?.records[0]?.outcome).toBe('failed');
    expect(result.operations?.records[0]?.message).toMatch(/etcd has no quorum/);
  });
});

describe('the teaching examples', () => {
  const dir = 'models/operations';
  it('node-pool upgrades with and without a PDB differ in the fewest pods available, as the models say', async () => {
    const run = async (file: string) => {
      const r = await loadFiles([`${dir}/${file}`]);
      expect(r.ok).toBe(true);
      return buildRunReport(simulate(r.input));
    };
    const withPdb = await run('node-pool-upgrade-with-pdb.yaml');
    const without = await run('node-pool-upgrade-without-pdb.yaml');
    expect(runReportSchema.safeParse(withPdb).error).toBeUndefined();
    const frontend = (r: typeof withPdb) =>
      r.availability.workloads.find((w) => w.workload === 'default/frontend');
    expect(frontend(withPdb)?.minAvailablePods).toBe(5);
    expect(frontend(without)?.minAvailablePods).toBe(4);
    expect(withPdb.operations?.operations[0]).toMatchObject({ outcome: 'done', finishedAt: '16m48s' });
    expect(without.operations?.operations[0]).toMatchObject({
      outcome: 'done',
      finishedAt: '14m33s',
      evictionsRefused: 0,
    });
    expect(renderMarkdown(withPdb)).toContain('## Operations');
    // The same pod-time is lost either way; the comments quote it as the summary prints it (truncated).
    const availability = frontend(withPdb)?.availability ?? 0;
    expect(frontend(without)?.availability).toBe(availability);
    const text = readFileSync(`${dir}/node-pool-upgrade-with-pdb.yaml`, 'utf8');
    expect(text).toContain(`${(Math.floor(availability * 10_000) / 100).toFixed(2)}%`);
  });

  it('the same input and seed give the same report bytes', async () => {
    const r = await loadFiles([`${dir}/node-pool-upgrade-with-pdb.yaml`]);
    const bytes = () => JSON.stringify(buildRunReport(simulate(r.input)));
    expect(bytes()).toBe(bytes());
  });

  it('bad-rollout validates and records its setImage and apply', async () => {
    const r = await loadFiles([`${dir}/bad-rollout.yaml`]);
    expect(r.diagnostics).toEqual([]);
    const report = buildRunReport(simulate(r.input));
    expect(report.operations?.operations.map((o) => [o.kind, o.outcome])).toEqual([
      ['setImage', 'done'],
      ['apply', 'done'],
    ]);
  });
});
