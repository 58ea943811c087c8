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
import { codeOf, interPodAffinityArgs } from '../plugin-harness.js';

describe('InterPodAffinity counts across cycles', () => {
  it('follow bindings and deletions of pods with and without anti-affinity', () => {
    const cluster = new ClusterState();
    for (const name of ['node-a', 'node-b'])
      cluster.addNode(makeNode().name(name).label('hostname', name).obj());
    const cache = new SchedulerCache(cluster).attach();
    const handle: FrameworkHandle = { snapshot: () => cache.snapshot, cluster, random: undefined as never };
    const plugin = newInterPodAffinity(interPodAffinityArgs(), handle);
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

  it('scores follow existing pods with preferred terms coming and going', () => {
    const cluster = new ClusterState();
    cluster.addNode(makeNode().name('node-a').label('zone', 'z1').obj());
    cluster.addNode(makeNode().name('node-b').label('zone', 'z2').obj());
    const cache = new SchedulerCache(cluster).attach();
    const handle: FrameworkHandle = { snapshot: () => cache.snapshot, cluster, random: undefined as never };
    const plugin = newInterPodAffinity(interPodAffinityArgs(), handle);
    const incoming = makePod().name('web').label('app', 'web').obj();
    const score = (): Record<string, number> | string => {
      const state = new CycleState();
      const info = makePodInfo(incoming, cache.snapshot.resources);
      const nodes = cache.snapshot.nodeInfos;
      const pre = plugin.preScore(state, info, nodes);
      if (pre !== null) return codeOf(pre);
      const raw = new Float64Array(nodes.map((n) => plugin.score(state, info, n)));
      plugin.normalizeScore?.(state, info, nodes, raw);
      return Object.fromEntries(nodes.map((n, i) => [n.node.name, raw[i] as number]));
    };
    expect(score()).toBe('Skip');
    const cacheWarm = makePod().name('cache').podAffinityIn('app', 'zone', ['web'], 'preferred').obj();
    cluster.addPod(cacheWarm);
    cluster.bindPod(cacheWarm, 'node-b', 0);
    expect(score()).toEqual({ 'node-a': 0, 'node-b': 100 });
    cluster.deletePod(cacheWarm);
    expect(score()).toBe('Skip');
  });
});
