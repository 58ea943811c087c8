import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/manifests/load.js';
import { nearestRank } from '../../src/report/batch-json.js';
import { buildRunReport, serializeRunReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { runReportSchema } from '../../src/report/schema.js';
import { renderSummary } from '../../src/report/summary.js';
import { simulate } from '../../src/sim/simulate.js';

function input() {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-batch-report-'));
  writeFileSync(
    join(dir, 'pods.csv'),
    'time,cpu,memory,duration\n0,2,1Gi,100\n0,2,1Gi,120\n10,4,1Gi,50\n20,1,1Gi,10\n',
  );
  const r = loadText(
    `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: batch-report}
spec:
  duration: 1h
  cluster:
    nodePools: [{name: p, cpu: "4", memory: 16Gi, count: 2, pricePerHour: 0.36}]
  jobs:
    crunch: {duration: {exponential: {mean: 30s}}, failureProbability: 0.3}
  batch:
    podTrace: {file: pods.csv, startupTime: {constant: 0s}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: crunch}
spec:
  completions: 8
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, resources: {requests: {cpu: 500m}}}]
`,
    join(dir, 'scenario.yaml'),
  );
  expect(r.ok).toBe(true);
  return r.input;
}

describe('the batch report', () => {
  it('is valid against the report schema and renders in Markdown and the summary', () => {
    const report = buildRunReport(simulate(input()));
    expect(() => runReportSchema.parse(report)).not.toThrow();
    const batch = report.batch;
    expect(batch?.groups.map((g) => [g.kind, g.name])).toEqual([
      ['Job', 'default/crunch'],
      ['PodTrace', 'pods.csv'],
    ]);
    const job = batch?.jobs[0];
    expect(job?.condition).toBe('Complete');
    expect(job?.completionTimeSeconds).toBe((job?.finishedSeconds ?? 0) - (job?.startSeconds ?? 0));
    const md = renderMarkdown(report);
    expect(md).toContain('## Batch');
    expect(md).toContain('| Job default/crunch |');
    expect(renderSummary(report)).toContain('pod trace');
  });

  it('gives the same bytes for the same input and seed', () => {
    const a = serializeRunReport(buildRunReport(simulate(input())));
    const b = serializeRunReport(buildRunReport(simulate(input())));
    expect(a).toBe(b);
  });

  it('leaves the section out when there is no batch work', () => {
    const r = loadText(
      'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: none}\nspec:\n  duration: 10m\n  cluster:\n    nodePools: [{name: p, cpu: "4", memory: 16Gi, count: 1}]\n',
      'none.yaml',
    );
    expect(buildRunReport(simulate(r.input)).batch).toBeUndefined();
  });
});

describe('nearestRank', () => {
  it('takes the smallest value with at least that share at or below it', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([0.5, 0.9, 0.99, 1].map((p) => nearestRank(xs, p))).toEqual([5, 9, 10, 10]);
    expect(nearestRank([0, 0, 80, 110], 0.5)).toBe(0);
    expect(nearestRank([0, 0, 80, 110], 0.9)).toBe(110);
    expect(nearestRank([], 0.5)).toBeNull();
  });
});
