import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/controllers/token-bucket.js';
import { nodeFromPool } from '../../src/sim/node-pools.js';
import { deployment, makeCluster, pool, S } from './harness.js';

function noExecuteTaint(c: ReturnType<typeof makeCluster>, node: string) {
  return c.cluster.node(node)?.taints.find((t) => t.effect === 'NoExecute');
}

describe('node lifecycle controller, as upstream node_lifecycle_controller.go', () => {
  // Every zone fully disrupted: master disruption mode stops evictions and lifts the taints. When zones b
  // and c come back, the node of zone a, still dead, must be queued again (processTaintBaseEviction runs
  // for every node on every pass), tainted and its pods replaced. Leaving the mode swaps zone a's limiter
  // from 0 to 0.1/s, drained because the old one had no token: the first taint waits 10 s.
  it('taints again a node that is still down when full-disruption mode ends, and its pods are replaced', () => {
    const c = makeCluster({ workloads: [deployment('web', 3)] });
    c.sim.run(60 * S);
    const victim = [...c.cluster.podsOnNode('p-0')][0];
    for (const n of ['p-0', 'p-1', 'p-2']) c.crash(n, 105 * S);
    c.recover('p-1', 1000 * S);
    c.recover('p-2', 1000 * S);
    c.sim.run(1009 * S);
    expect(noExecuteTaint(c, 'p-0')).toBeUndefined();
    c.sim.run(1011 * S);
    expect(noExecuteTaint(c, 'p-0')?.timeAdded).toBeGreaterThanOrEqual(1010 * S);
    c.sim.run(1400 * S);
    expect(victim?.deletionTimestamp).toBeDefined();
    const serving = [...c.cluster.pods].filter((p) => p.deletionTimestamp === undefined && p.ready);
    expect(serving).toHaveLength(3);
    expect(serving.every((p) => p.nodeName !== 'p-0')).toBe(true);
  });

  // Leaving the mode restarts every node's grace period; a node whose Lease is still stale must not be
  // taken for Ready because of that reset.
  it('keeps a dead node Unknown when full-disruption mode ends (a reset probe time is not a Ready)', () => {
    const c = makeCluster();
    for (const n of ['p-0', 'p-1', 'p-2']) c.crash(n, 105 * S);
    c.recover('p-1', 1000 * S);
    for (let t = 1000; t <= 1100; t += 5) {
      c.sim.run(t * S + 1);
      expect(c.cluster.node('p-0')?.ready).toBe('Unknown');
    }
  });

  // A node created at 3 s renews its Lease at 3, 13, …, 103 s. The controller sees the 103 s renewal on
  // its 105 s pass, so the grace period counts from 105 s: Unknown on the first pass after 155 s, at 160 s
  // (counting from the renewal itself would give 155 s, a pass early).
  it('measures staleness from when the controller observed the Lease renewal, not the renewal time', () => {
    const c = makeCluster({ pools: [pool({ count: 2 })] });
    const late = nodeFromPool(pool({ name: 'late', count: 1, zones: ['a'] }), 0, 3 * S);
    c.sim.scheduleAt(3 * S, () => {
      c.truth.addMachine(late.name, true);
      c.api.createNode(late);
    });
    c.crash(late.name, 104 * S);
    c.sim.run(160 * S);
    expect(c.cluster.node(late.name)?.ready).toBe('True');
    c.sim.run(160 * S + 1);
    expect(c.cluster.node(late.name)?.ready).toBe('Unknown');
  });
});

describe('TokenBucket.swap, as RateLimitedTimedQueue.SwapLimiter', () => {
  // Ported from pkg/controller/nodelifecycle/scheduler/rate_limited_queue_test.go.
  it('TestSwapLimiter', () => {
    let limiter = new TokenBucket(0.1, 1, 0);
    limiter = limiter.swap(0, 0);
    expect(limiter.qps).toBe(0);
    limiter = limiter.swap(5.5, 0);
    expect(limiter.qps).toBe(5.5);
    const prev = limiter;
    limiter = limiter.swap(5.5, 0);
    expect(limiter).toBe(prev); // "Limiter should not be swapped if the QPS is the same."
  });

  it('keeps the bucket when the rate is unchanged', () => {
    const b = new TokenBucket(0.1, 1, 0);
    expect(b.swap(0.1, 5 * S)).toBe(b);
  });

  it('drains the new bucket when the old one had no token left', () => {
    const b = new TokenBucket(0.1, 1, 0);
    expect(b.tryAccept(0)).toBe(true);
    const next = b.swap(0.01, S);
    expect(next.tryAccept(S)).toBe(false);
    expect(next.tryAccept(100 * S)).toBe(false);
    expect(next.tryAccept(101 * S)).toBe(true);
  });

  it('starts the new bucket full when the old one still had a token', () => {
    const next = new TokenBucket(0.1, 1, 0).swap(0.01, S);
    expect(next.tryAccept(S)).toBe(true);
  });

  it('swapping in from a stopped (0 qps) limiter drains the new one', () => {
    const stopped = new TokenBucket(0, 1, 0);
    expect(stopped.tryAccept(0)).toBe(false);
    const next = stopped.swap(0.1, 50 * S);
    expect(next.tryAccept(50 * S)).toBe(false);
    expect(next.tryAccept(60 * S)).toBe(true);
  });
});
