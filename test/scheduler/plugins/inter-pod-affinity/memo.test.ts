// InterPodAffinity keeps per-node counts between cycles (filtering.ts: PreFilterMemos); these checks
// drive it through the scheduler cache, where the same NodeInfo objects change from cycle to cycle.
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../src/model/cluster-state.js';
import type { Pod } from '../../../../src/model/pod.js';
import { SchedulerCache } from '../../../../src/scheduler/cache/cache.js';
import { makePodInfo } from '../../../../src/scheduler/cache/pod-info.js';
import { CycleState, type FrameworkHandle } from '../../../../src/scheduler/framework/interface.js';
import { newInterPodAffinity } from '../../../../src/scheduler/plugins/inter-pod-affinity/index.js';
import { makeNode, makePod } from '../make-pod.js';
import { codeOf } from '../plugin-harness.js';

describe('InterPodAffinity counts across cycles', () => {
  it('follow bindings and deletions of pods with and without anti-affinity', () => {
    const cluster = new ClusterState();
    for (const name of ['node-a', 'node-b'])
      cluster.addNode(makeNode().name(name).label('hostname', name).obj());
    const cache = new SchedulerCache(cluster).attach();
    const handle: FrameworkHandle = { snapshot: () => cache.snapshot, cluster, random: undefined as never };
    const plugin = newInterPodAffinity({}, handle);
    const db = (name: string): Pod =>
      makePod().name(name).label('app', 'db').podAntiAffinityIn('app', 'hostname', ['db']).obj();
    const filter = (pod: Pod): Record<string, string> => {
      const state = new CycleState();
      const info = makePodInfo(pod, cache.snapshot.resources);
      const pre = plugin.preFilter(state, info, cache.snapshot);
      const out: Record<string, string> = {};
      for (const n of cache.snapshot.nodeInfos)
        out[n.node.name] = pre === null ? codeOf(plugin.filter(state, info, n)) : codeOf(pre);
      return out;
    };
    expect(filter(db('p0'))).toEqual({ 'node-a': 'Success', 'node-b': 'Success' });
    const d1 = db('d1');
    cluster.addPod(d1);
    cluster.bindPod(d1, 'node-a', 0);
    expect(filter(db('p1'))).toEqual({ 'node-a': 'Unschedulable', 'node-b': 'Success' });
    // A plain pod labelled app=db is kept off node-a by d1's anti-affinity (existing pods' terms).
    expect(filter(makePod().name('plain').label('app', 'db').obj())).toEqual({
      'node-a': 'Unschedulable',
      'node-b': 'Success',
    });
    cluster.deletePod(d1);
    expect(filter(db('p2'))).toEqual({ 'node-a': 'Success', 'node-b': 'Success' });
    expect(filter(makePod().name('plain2').label('app', 'db').obj())).toEqual({
      'node-a': 'Skip',
      'node-b': 'Skip',
    });
  });
});
