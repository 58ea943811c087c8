import { describe, expect, it } from 'vitest';
import type { PodTemplate } from '../../src/model/pod.js';
import type { Deployment } from '../../src/model/workloads.js';
import { buildRunReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { runReportSchema } from '../../src/report/schema.js';
import { deployment, makeCluster, podSpec, S } from './harness.js';

const KEY = 'default/web';

describe('the report of a rollout', () => {
  it('lists the rolled-out Deployment with its status and ReplicaSets, valid against the schema', () => {
    const c = makeCluster({ workloads: [deployment('web', 4), deployment('api', 1)], duration: 2000 * S });
    const bad: PodTemplate = {
      labels: { app: 'web' },
      spec: podSpec({
        containers: [{ name: 'c', image: 'web:bad', requests: { cpu: 64_000 }, limits: {}, ports: [] }],
      }),
    };
    c.sim.scheduleAt(100 * S, () => c.api.updateWorkloadTemplate(KEY, bad));
    const report = buildRunReport(c.run.finish());
    expect(runReportSchema.safeParse(report).success).toBe(true);
    const web = c.cluster.workload(KEY) as Deployment;
    expect(report.rollouts).toEqual([
      expect.objectContaining({
        deployment: KEY,
        revision: 2,
        replicas: 5,
        updatedReplicas: 2,
        availableReplicas: 3,
        unavailableReplicas: 2,
        replicaSets: web.replicaSets?.map((rs, i) => ({
          name: rs.name,
          revision: i + 1,
          replicas: [3, 2][i],
          availableReplicas: [3, 0][i],
        })),
      }),
    ]);
    const progressing = report.rollouts?.[0]?.conditions.find((x) => x.type === 'Progressing');
    expect(progressing).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      lastUpdateSeconds: 701,
    });
    expect(renderMarkdown(report)).toContain('## Rollouts');
    expect(renderMarkdown(report)).toContain('False ProgressDeadlineExceeded (since 11m41s)');
  });

  it('has no rollouts section when no Deployment rolled out', () => {
    const c = makeCluster({ workloads: [deployment('web', 2)], duration: 100 * S });
    const report = buildRunReport(c.run.finish());
    expect(report.rollouts).toBeUndefined();
    expect(renderMarkdown(report)).not.toContain('## Rollouts');
  });
});
