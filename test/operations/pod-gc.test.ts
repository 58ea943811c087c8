import { describe, expect, it } from 'vitest';
import { GC_CHECK_PERIOD, QUARANTINE_TIME } from '../../src/controllers/pod-gc.js';
import type { Pod } from '../../src/model/pod.js';
import { deployment, healthy, makeRun, pool, S } from './harness.js';

describe('pod garbage collector (gcOrphaned)', () => {
  it('force-deletes the pods of a deleted node after the 40 s quarantine, on the 20 s check grid', () => {
    const c = makeRun({ pools: [pool({ count: 2 })], workloads: [deployment('web', 4)] });
    c.run.advance(65 * S);
    expect(healthy(c.run, 'web')).toBe(4);
    const orphans = [...c.run.cluster.podsOnNode('p-0')];
    expect(orphans.length).toBeGreaterThan(0);
    const gone = new Map<Pod, number>();
    c.run.cluster.watch((e) => {
      if (e.type === 'PodDeleted') gone.set(e.pod, c.run.now);
    });
    // The node object goes while its machine still runs the pods (kubectl delete node).
    expect(c.run.api.deleteNode('p-0').ok).toBe(true);
    // First seen missing at the check at 80 s; deleted at the check 40 s later.
    const firstSeen = Math.ceil((65 * S) / GC_CHECK_PERIOD) * GC_CHECK_PERIOD;
    c.run.advance(firstSeen + QUARANTINE_TIME - 1);
    expect(gone.size).toBe(0);
    expect(orphans.every((p) => c.run.cluster.pod(`${p.namespace}/${p.name}`) === p)).toBe(true);
    c.run.advance(firstSeen + QUARANTINE_TIME + 1);
    expect([...gone.keys()].map((p) => p.name).sort()).toEqual(orphans.map((p) => p.name).sort());
    expect([...gone.values()].every((t) => t === firstSeen + QUARANTINE_TIME)).toBe(true);
    expect(orphans.every((p) => p.phase === 'Failed')).toBe(true);
    // Their ReplicaSet replaces them on the node left.
    c.run.advance(firstSeen + QUARANTINE_TIME + 30 * S);
    expect(healthy(c.run, 'web')).toBe(4);
    expect([...c.run.cluster.podsOnNode('p-1')]).toHaveLength(4);
  });
});
