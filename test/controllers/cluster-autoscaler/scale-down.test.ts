import { describe, expect, it } from 'vitest';
import {
  SAFE_TO_EVICT_ANNOTATION,
  SCALE_DOWN_DISABLED_ANNOTATION,
} from '../../../src/controllers/cluster-autoscaler/drainability.js';
import type { PodDisruptionBudget } from '../../../src/model/workloads.js';
import { deployment, pool, S } from '../harness.js';
import { caRun, nodesByPool } from './ca-harness.js';

const MIN = 60 * S;

function budget(app: string, minAvailable: number): PodDisruptionBudget {
  return {
    namespace: 'default',
    name: app,
    selector: { matchLabels: { app } },
    minAvailable,
  } as PodDisruptionBudget;
}

const scaleDowns = <E extends { reason: string }>(events: E[]): E[] =>
  events.filter((e) => e.reason.startsWith('ScaleDown:') || e.reason.startsWith('ScaleDownEmpty'));

describe('cluster-autoscaler scale-down', () => {
  it('removes empty nodes once they have been unneeded for 10 minutes, not before, down to min', () => {
    const run = caRun({ pools: [pool({ name: 'p', count: 5, min: 2, max: 5, zones: [] })] });
    run.advance(10 * MIN);
    expect(nodesByPool(run)).toEqual({ p: 5 });
    run.advance(11 * MIN);
    expect(nodesByPool(run)).toEqual({ p: 2 });
    const events = run.finish().autoscaling?.clusterAutoscaler ?? [];
    // First unneeded at the first loop (10 s); removable from 610 s; three empty nodes at once.
    expect(events.map((e) => [e.at / S, e.from, e.to])).toEqual([
      [610, 5, 4],
      [610, 4, 3],
      [610, 3, 2],
    ]);
    expect(events[0]?.reason).toMatch(
      /^ScaleDownEmpty: removing empty node p-\d, utilization 0\.00 below 0\.5 for 10m0s$/,
    );
  });

  it('drains an underused node whose pods fit elsewhere through the eviction API, one node at a time', () => {
    // Three nodes of 4 cpu, 6 pods of 500m: 0.25 each. p-0's pods fit on the others; once it is gone
    // (its pods evicted and terminated), p-1 at 0.375 goes too: its 3 pods fit on p-2 (0.75).
    const run = caRun({
      pools: [pool({ name: 'p', count: 3, min: 1, max: 3, zones: [] })],
      deployments: [deployment('web', 6)],
    });
    run.advance(30 * MIN);
    const events = run.finish().autoscaling?.clusterAutoscaler ?? [];
    expect(events.map((e) => [e.at / S, e.from, e.to])).toEqual([
      [610, 3, 2],
      [630, 2, 1],
    ]);
    expect(events[0]?.reason).toBe(
      'ScaleDown: draining node p-0 (2 pod(s) fit elsewhere), utilization 0.25 below 0.5 for 10m0s',
    );
    expect(events[1]?.reason).toContain('draining node p-1 (3 pod(s) fit elsewhere), utilization 0.38');
    expect(nodesByPool(run)).toEqual({ p: 1 });
    const bound = [...run.cluster.pods].filter(
      (p) => p.nodeName === 'p-2' && p.deletionTimestamp === undefined,
    );
    expect(bound).toHaveLength(6);
  });

  it('never removes a node while a PodDisruptionBudget forbids moving its pods', () => {
    const pools = [pool({ name: 'p', count: 3, min: 0, max: 3, zones: [] })];
    const withPdb = caRun({ pools, deployments: [deployment('web', 3)], pdbs: [budget('web', 3)] });
    withPdb.advance(60 * MIN);
    const events = withPdb.finish().autoscaling?.clusterAutoscaler ?? [];
    // Nodes holding a web pod stay; only empty ones could go.
    for (const n of withPdb.cluster.nodes) {
      expect([...withPdb.cluster.pods].some((p) => p.nodeName === n.name)).toBe(true);
    }
    expect(events.filter((e) => e.reason.startsWith('ScaleDown:'))).toEqual([]);
    const without = caRun({ pools, deployments: [deployment('web', 3)] });
    without.advance(60 * MIN);
    expect(without.cluster.nodeCount).toBeLessThan(withPdb.cluster.nodeCount);
  });

  it('a budget that allows one disruption lets the nodes go one by one', () => {
    const pools = [pool({ name: 'p', count: 3, min: 0, max: 3, zones: [] })];
    const run = caRun({ pools, deployments: [deployment('web', 3)], pdbs: [budget('web', 2)] });
    run.advance(60 * MIN);
    expect(run.cluster.nodeCount).toBe(1);
  });

  it('keeps a node holding a pod annotated safe-to-evict "false"', () => {
    const d = deployment('db', 3);
    const pinned = {
      ...d,
      template: { ...d.template, annotations: { [SAFE_TO_EVICT_ANNOTATION]: 'false' } },
    };
    const run = caRun({
      pools: [pool({ name: 'p', count: 3, min: 0, max: 3, zones: [] })],
      deployments: [pinned],
    });
    run.advance(60 * MIN);
    for (const n of run.cluster.nodes)
      expect([...run.cluster.pods].some((p) => p.nodeName === n.name)).toBe(true);
    expect(
      scaleDowns(run.finish().autoscaling?.clusterAutoscaler ?? []).filter((e) =>
        e.reason.startsWith('ScaleDown:'),
      ),
    ).toEqual([]);
  });

  it('keeps nodes annotated scale-down-disabled "true"', () => {
    const run = caRun({
      pools: [
        pool({
          name: 'p',
          count: 3,
          min: 0,
          max: 3,
          zones: [],
          annotations: { [SCALE_DOWN_DISABLED_ANNOTATION]: 'true' },
        }),
      ],
    });
    run.advance(60 * MIN);
    expect(nodesByPool(run)).toEqual({ p: 3 });
  });

  it('nodes a workload left go 10 min after they became unneeded', () => {
    // 20 pods on 2 nodes: a third node at 10 s. The Deployment goes to 0 at 5 min: every node is
    // unneeded from the next loop (310 s) and removed at 910 s, all three at once (empty, min 0).
    const run = caRun({
      pools: [pool({ name: 'p', count: 2, min: 0, max: 5, zones: [] })],
      deployments: [deployment('web', 20)],
    });
    run.advance(5 * MIN);
    run.api.scale('default/web', 0);
    run.advance(40 * MIN);
    const events = run.finish().autoscaling?.clusterAutoscaler ?? [];
    expect(events.map((e) => [e.at / S, e.from, e.to])).toEqual([
      [10, 2, 3],
      [910, 3, 2],
      [910, 2, 1],
      [910, 1, 0],
    ]);
  });

  it('scale-down-delay-after-add holds deletions that would otherwise be due', () => {
    // A fourth, empty node unneeded since 10 s is due at 610 s, but a scale-up at 5 min holds it to 15 min.
    const run = caRun({
      pools: [pool({ name: 'p', count: 2, min: 0, max: 6, zones: [] })],
      deployments: [deployment('web', 16)],
      settings: { scaleDownUnneededTime: 60 * S },
    });
    run.advance(2 * MIN);
    run.api.scale('default/web', 20);
    run.advance(30 * MIN);
    const events = run.finish().autoscaling?.clusterAutoscaler ?? [];
    const up = events.find((e) => e.reason.startsWith('TriggeredScaleUp'));
    expect(up?.at).toBeGreaterThanOrEqual(2 * MIN);
    for (const e of scaleDowns(events)) expect(e.at).toBeGreaterThanOrEqual((up?.at ?? 0) + 10 * MIN);
  });
});
