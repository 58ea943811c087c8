import { describe, expect, it } from 'vitest';
import { LABEL_ZONE } from '../../src/model/node.js';
import type { UpgradeNodePoolOperation } from '../../src/model/operations.js';
import type { PodDisruptionBudget } from '../../src/model/workloads.js';
import { LABEL_KUBELET_VERSION } from '../../src/operations/upgrade-node-pool.js';
import { deployment, healthy, makeRun, pdb, pool, S } from './harness.js';

const AT = 300 * S;

function upgrade(overrides: Partial<UpgradeNodePoolOperation> = {}): UpgradeNodePoolOperation {
  return {
    kind: 'upgradeNodePool',
    at: AT,
    pool: 'p',
    maxSurge: 1,
    nodeDuration: 90 * S,
    version: '1.37',
    drainTimeout: 3600 * S,
    ...overrides,
  };
}

/** Six pods of web, two per node, 45 s to start; the pool upgraded at 5m; the fewest healthy seen. */
function upgradeRun(budgets: PodDisruptionBudget[], op = upgrade()) {
  const c = makeRun({
    pools: [pool({ count: 3 })],
    workloads: [deployment('web', 6)],
    budgets,
    operations: [op],
    startupSeconds: 45,
    duration: 3600 * S,
  });
  c.run.advance(AT);
  expect(healthy(c.run, 'web')).toBe(6);
  let lowest = 6;
  c.run.cluster.watch(() => {
    lowest = Math.min(lowest, healthy(c.run, 'web'));
  });
  const result = c.run.finish();
  return { c, result, lowest };
}

describe('upgradeNodePool (GKE surge upgrade)', () => {
  it('replaces every node of the pool, one at a time, by a node of the new version in the same zone', () => {
    const { c, result } = upgradeRun([]);
    const nodes = [...c.run.cluster.nodes].sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(nodes.map((n) => n.name)).toEqual(['p-3', 'p-4', 'p-5']);
    expect(nodes.map((n) => n.labels[LABEL_KUBELET_VERSION])).toEqual(['1.37', '1.37', '1.37']);
    expect(nodes.map((n) => n.labels[LABEL_ZONE])).toEqual(['a', 'b', 'c']);
    const [record] = result.operations?.records ?? [];
    expect(record).toMatchObject({
      kind: 'upgradeNodePool',
      target: 'pool/p',
      outcome: 'done',
      evictions: 6,
    });
    // Per node: 90 s for the surge node, then the drain (both pods at once, gone 1 s later).
    expect(record?.finishedAt).toBe(AT + 3 * (90 * S + 1 * S));
    expect(result.nodes.atEnd).toBe(3);
  });

  it('with a PodDisruptionBudget, availability never goes below minAvailable', () => {
    const { lowest, result } = upgradeRun([pdb('web', { minAvailable: 5 })]);
    expect(lowest).toBeGreaterThanOrEqual(5);
    const [record] = result.operations?.records ?? [];
    expect(record?.outcome).toBe('done');
    expect(record?.evictionsRefused).toBeGreaterThan(0);
  });

  it('without one, it drops: both pods of a drained node go at once', () => {
    const { lowest } = upgradeRun([]);
    expect(lowest).toBe(4);
  });

  it('maxSurge 3 upgrades every node at once: without a budget the workload goes down entirely', () => {
    expect(upgradeRun([], upgrade({ maxSurge: 3 })).lowest).toBe(0);
    expect(upgradeRun([pdb('web', { maxUnavailable: 1 })], upgrade({ maxSurge: 3 })).lowest).toBe(5);
  });

  it('a budget that never allows an eviction holds each drain for drainTimeout, then the pods are deleted', () => {
    const { result } = upgradeRun([pdb('web', { minAvailable: 6 })], upgrade({ drainTimeout: 600 * S }));
    const [record] = result.operations?.records ?? [];
    expect(record?.outcome).toBe('done');
    expect(record?.evictions).toBe(0);
    // Per node: 90 s, 600 s of refused evictions, the deletion's second.
    expect(record?.finishedAt).toBe(AT + 3 * (90 * S + 600 * S + 1 * S));
    const deletions = result.timeline.entries.filter(
      (e) => e.kind === 'PodEvicted' && e.reason?.startsWith('deleted'),
    );
    expect(deletions).toHaveLength(6);
  });
});
