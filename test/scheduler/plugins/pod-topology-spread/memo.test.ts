// PodTopologySpread keeps per-node counts between cycles (domain-counts.ts); these checks drive it
// through the scheduler cache, where the same NodeInfo objects change from cycle to cycle.
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../src/model/cluster-state.js';
import { SchedulerCache } from '../../../../src/scheduler/cache/cache.js';
import { makePodInfo } from '../../../../src/scheduler/cache/pod-info.js';
import { CycleState, type FrameworkHandle } from '../../../../src/scheduler/framework/interface.js';
import { newPodTopologySpread } from '../../../../src/scheduler/plugins/pod-topology-spread/index.js';
import { makeLabelSelector, makeNode, makePod } from '../make-pod.js';
import { codeOf, podTopologySpreadArgs } from '../plugin-harness.js';

describe('PodTopologySpread counts across cycles', () => {
  it('follow bindings, terminating pods and deletions seen by the scheduler cache', () => {
    const cluster = new ClusterState();
    for (const name of ['node-a', 'node-b']) cluster.addNode(makeNode().name(name).label('node', name).obj());
    const cache = new SchedulerCache(cluster).attach();
    const handle: FrameworkHandle = { snapshot: () => cache.snapshot, cluster, random: undefined as never };
    const plugin = newPodTopologySpread(podTopologySpreadArgs({ defaultingType: 'List' }), handle);
    const foo = makeLabelSelector().exists('foo').obj();
    const incoming = makePod()
      .name('p')
      .label('foo', '')
      .spreadConstraint(1, 'node', 'DoNotSchedule', foo)
      .obj();
    const filter = (): Record<string, string> => {
      const state = new CycleState();
      const info = makePodInfo(incoming, cache.snapshot.resources);
      expect(plugin.preFilter(state, info, cache.snapshot)).toBeNull();
      const out: Record<string, string> = {};
      for (const n of cache.snapshot.nodeInfos) out[n.node.name] = codeOf(plugin.filter(state, info, n));
      return out;
    };
    expect(filter()).toEqual({ 'node-a': 'Success', 'node-b': 'Success' });

    const a1 = makePod().name('a1').label('foo', '').obj();
    cluster.addPod(a1);
    cluster.bindPod(a1, 'node-a', 0);
    expect(filter()).toEqual({ 'node-a': 'Unschedulable', 'node-b': 'Success' });

    // A terminating pod no longer counts (#87621), although it stays on the node until deleted.
    cluster.updatePod(a1, (p) => {
      p.deletionTimestamp = 1;
    });
    expect(filter()).toEqual({ 'node-a': 'Success', 'node-b': 'Success' });

    const b1 = makePod().name('b1').label('foo', '').obj();
    cluster.addPod(b1);
    cluster.bindPod(b1, 'node-b', 2);
    expect(filter()).toEqual({ 'node-a': 'Success', 'node-b': 'Unschedulable' });

    cluster.deletePod(b1);
    cluster.addNode(makeNode().name('node-c').label('node', 'node-c').obj());
    expect(filter()).toEqual({ 'node-a': 'Success', 'node-b': 'Success', 'node-c': 'Success' });
  });
});
