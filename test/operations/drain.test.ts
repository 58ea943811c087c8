import { describe, expect, it } from 'vitest';
import { type Pod, podKey } from '../../src/model/pod.js';
import {
  DELETE_POLL_INTERVAL,
  drainNode,
  EVICTION_RETRY_INTERVAL,
  UNMANAGED_FATAL,
} from '../../src/operations/drain.js';
import { nodeFromPool } from '../../src/sim/node-pools.js';
import { podSpec } from '../controllers/harness.js';
import { deployment, drainRecord, healthy, makeRun, pdb, pool, S } from './harness.js';

const WARM = 60 * S;

/** Two replicas of web on the one node p-0; after the warm-up a second node p-1 joins. */
function packedOnOneNode(options: Parameters<typeof makeRun>[0] = {}) {
  const onePool = pool({ count: 1, zones: ['a'] });
  const c = makeRun({ pools: [onePool], workloads: [deployment('web', 2)], ...options });
  c.run.advance(WARM);
  expect(healthy(c.run, 'web')).toBe(2);
  c.ops.cloud.createNode(nodeFromPool(onePool, 1, c.run.now));
  return c;
}

function drainNow(
  c: ReturnType<typeof makeRun>,
  node: string,
  options: Partial<Parameters<typeof drainNode>[2]> = {},
) {
  const record = drainRecord(c.ops, node);
  const outcome: { at?: number; error?: string } = {};
  drainNode(c.ops, node, { force: false, atTimeout: 'fail', ...options }, record, (error) => {
    outcome.at = c.run.now;
    if (error !== undefined) outcome.error = error;
  });
  return { record, outcome };
}

describe('drain (kubectl drain semantics)', () => {
  it('cordons, evicts every pod through the eviction API and finishes once they are gone', () => {
    const c = packedOnOneNode();
    const before = [...c.run.cluster.podsOnNode('p-0')];
    const { record, outcome } = drainNow(c, 'p-0');
    expect(c.run.cluster.node('p-0')?.unschedulable).toBe(true);
    expect(before.every((p) => p.deletionTimestamp === WARM)).toBe(true);
    c.run.advance(WARM + 10 * S);
    // The kubelet stops the containers within 1 s; kubectl polls every second and sees them gone.
    expect(outcome).toEqual({ at: WARM + DELETE_POLL_INTERVAL });
    expect(record.evictions).toBe(2);
    expect(record.evictionsRefused).toBe(0);
    expect(before.every((p) => c.run.cluster.pod(podKey(p)) !== p)).toBe(true);
    // The replacements went to the other node.
    c.run.advance(WARM + 30 * S);
    expect([...c.run.cluster.podsOnNode('p-1')].filter((p) => p.ready)).toHaveLength(2);
  });

  it('a refused eviction (429) is retried every 5 s until the budget allows it', () => {
    // maxUnavailable 1: the first pod goes at once, the second waits for the first's replacement.
    const c = packedOnOneNode({ budgets: [pdb('web', { maxUnavailable: 1 })], startupSeconds: 8 });
    const evictedAt = new Map<Pod, number>();
    c.run.cluster.watch((e) => {
      if (
        e.type === 'PodUpdated' &&
        e.pod.deletionTimestamp !== undefined &&
        e.old.deletionTimestamp === undefined
      )
        evictedAt.set(e.pod, c.run.now);
    });
    const { record, outcome } = drainNow(c, 'p-0');
    expect(record.evictions).toBe(1);
    expect(record.evictionsRefused).toBe(1);
    c.run.advance(WARM + EVICTION_RETRY_INTERVAL - 1);
    expect(record.evictionsRefused).toBe(1);
    c.run.advance(WARM + EVICTION_RETRY_INTERVAL + 1);
    expect(record.evictionsRefused).toBe(2);
    // The replacement is Ready at +8 s; the retry at +10 s (not at +8 s) gets the eviction through.
    c.run.advance(WARM + 2 * EVICTION_RETRY_INTERVAL - 1);
    expect(record.evictions).toBe(1);
    c.run.advance(WARM + 2 * EVICTION_RETRY_INTERVAL + 1);
    expect(record.evictions).toBe(2);
    expect([...evictedAt.values()]).toEqual([WARM, WARM + 2 * EVICTION_RETRY_INTERVAL]);
    c.run.advance(WARM + 60 * S);
    expect(outcome).toEqual({ at: WARM + 2 * EVICTION_RETRY_INTERVAL + DELETE_POLL_INTERVAL });
  });

  it('with --timeout, fails with the message kubectl gives once the timeout has passed', () => {
    const c = packedOnOneNode({ budgets: [pdb('web', { minAvailable: 2 })] });
    const [a, b] = [...c.run.cluster.podsOnNode('p-0')].sort((x, y) => (x.name < y.name ? -1 : 1));
    const { record, outcome } = drainNow(c, 'p-0', { timeout: 12 * S });
    c.run.advance(WARM + 60 * S);
    // Attempts at 0, 5 and 10 s are refused; the one due at 15 s finds the timeout passed.
    expect(record.evictionsRefused).toBe(6);
    expect(outcome).toEqual({
      at: WARM + 15 * S,
      error: `[error when evicting pod "${a?.name}": global timeout reached: 12s, error when evicting pod "${b?.name}": global timeout reached: 12s]`,
    });
    // kubectl leaves the node cordoned and the pods where they were.
    expect(c.run.cluster.node('p-0')?.unschedulable).toBe(true);
    expect(healthy(c.run, 'web')).toBe(2);
  });

  it('refuses pods without a controller unless forced, as kubectl does', () => {
    const c = packedOnOneNode();
    const created = c.run.api.createPod({
      namespace: 'default',
      name: 'naked',
      labels: {},
      spec: podSpec(),
      phase: 'Pending',
      ready: false,
      createdAt: c.run.now,
      nodeName: 'p-0',
    });
    expect(created.ok).toBe(true);
    const refused = drainNow(c, 'p-0');
    expect(refused.outcome).toEqual({ at: WARM, error: `${UNMANAGED_FATAL}: default/naked` });
    expect(refused.record.evictions).toBe(0);
    const forced = drainNow(c, 'p-0', { force: true });
    c.run.advance(WARM + 10 * S);
    expect(forced.outcome.error).toBeUndefined();
    expect(forced.record.evictions).toBe(3);
    expect(c.run.cluster.pod('default/naked')).toBeUndefined();
  });

  it('--grace-period 0 deletes at once; the drain is done at the first poll', () => {
    const c = packedOnOneNode();
    const { outcome } = drainNow(c, 'p-0', { gracePeriodSeconds: 0 });
    expect(outcome).toEqual({ at: WARM });
    expect(c.run.cluster.podsOnNode('p-0').size).toBe(0);
  });

  it('an unknown node fails as the API server answers', () => {
    const c = packedOnOneNode();
    expect(drainNow(c, 'nope').outcome).toEqual({ at: WARM, error: 'nodes "nope" not found' });
  });
});
