import { describe, expect, it } from 'vitest';
import { MutableSnapshot } from '../../../../src/scheduler/cache/snapshot.js';
import {
  NodeMatchCounts,
  selectorKey,
} from '../../../../src/scheduler/plugins/pod-topology-spread/domain-counts.js';
import { compileSelector } from '../../../../src/scheduler/plugins/pod-topology-spread/selector.js';
import { makeNode, makePod } from '../../fixtures.js';

describe('NodeMatchCounts (hostname counts reused while a node is unchanged)', () => {
  const selector = compileSelector({ matchLabels: { app: 'web' } });
  const key = selectorKey(selector, 'default');

  it('counts again once the node has changed since it was counted', () => {
    const snapshot = new MutableSnapshot();
    const info = snapshot.addNode(makeNode('n0', { cpu: 4000, memory: 2 ** 33, pods: 110 }));
    const counts = new NodeMatchCounts();
    expect(counts.count(info, selector, key, 'default')).toBe(0);
    snapshot.addPod(makePod('a', [{ cpu: 100 }], { labels: { app: 'web' } }), 'n0');
    expect(counts.count(info, selector, key, 'default')).toBe(1);
  });

  it('counts again after a pod leaves or turns terminating, and keeps selectors apart', () => {
    const snapshot = new MutableSnapshot();
    const info = snapshot.addNode(makeNode('n0', { cpu: 4000, memory: 2 ** 33, pods: 110 }));
    const a = makePod('a', [{ cpu: 100 }], { labels: { app: 'web' } });
    const b = makePod('b', [{ cpu: 100 }], { labels: { app: 'db' } });
    snapshot.addPod(a, 'n0');
    snapshot.addPod(b, 'n0');
    const counts = new NodeMatchCounts();
    const db = compileSelector({ matchLabels: { app: 'db' } });
    expect(counts.count(info, selector, key, 'default')).toBe(1);
    expect(counts.count(info, db, selectorKey(db, 'default'), 'default')).toBe(1);
    snapshot.removePod(a, 'n0');
    expect(counts.count(info, selector, key, 'default')).toBe(0);
  });
});
