// Throughput checks for PodTopologySpread and InterPodAffinity on large snapshots (slow: run with
// KUBESIM_SLOW_TESTS=1). Each scheduling cycle runs PreFilter, Filter on every node until 10 % of the
// nodes are feasible (adaptive percentageOfNodesToScore for 5 000 nodes), PreScore, Score and
// NormalizeScore on those, then binds the pod to the best node as the cache would.
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../src/model/cluster-state.js';
import { LABEL_HOSTNAME, LABEL_ZONE, type Node } from '../../../src/model/node.js';
import type { Pod } from '../../../src/model/pod.js';
import { makePodInfo } from '../../../src/scheduler/cache/pod-info.js';
import { buildSnapshot } from '../../../src/scheduler/cache/snapshot.js';
import { CycleState, type FrameworkHandle } from '../../../src/scheduler/framework/interface.js';
import { newInterPodAffinity } from '../../../src/scheduler/plugins/inter-pod-affinity/index.js';
import type { PodTopologySpreadPlugin } from '../../../src/scheduler/plugins/pod-topology-spread/index.js';
import { newPodTopologySpread } from '../../../src/scheduler/plugins/pod-topology-spread/index.js';
import { makeNode, makePod } from './make-pod.js';
import { interPodAffinityArgs, podTopologySpreadArgs } from './plugin-harness.js';

const slow = process.env.KUBESIM_SLOW_TESTS === '1';

function nodes(n: number, zones: number): Node[] {
  return Array.from({ length: n }, (_, i) =>
    makeNode()
      .name(`n${i}`)
      .labels({ [LABEL_HOSTNAME]: `n${i}`, [LABEL_ZONE]: `z${i % zones}` })
      .obj(),
  );
}

function schedule(
  plugin: PodTopologySpreadPlugin,
  snapshot: ReturnType<typeof buildSnapshot>,
  pods: Pod[],
): number {
  const all = snapshot.nodeInfos;
  const want = Math.max(100, Math.trunc((all.length * Math.max(5, 50 - Math.trunc(all.length / 125))) / 100));
  let start = 0;
  // CPU time of this process: wall time is meaningless on a shared, loaded machine.
  const cpu0 = process.cpuUsage();
  let bound = 0;
  for (const pod of pods) {
    const state = new CycleState();
    const info = makePodInfo(pod, snapshot.resources);
    const pf = plugin.preFilter(state, info, snapshot);
    const feasible = [];
    let examined = 0;
    for (let k = 0; k < all.length && feasible.length < want; k++) {
      const ni = all[(start + k) % all.length];
      if (!ni) continue;
      examined++;
      if (pf === null && plugin.filter(state, info, ni) !== null) continue;
      feasible.push(ni);
    }
    start = (start + examined) % all.length;
    if (feasible.length === 0) continue;
    const ps = plugin.preScore(state, info, feasible);
    const scores = new Float64Array(feasible.length);
    if (ps === null) {
      for (let i = 0; i < feasible.length; i++) scores[i] = plugin.score(state, info, feasible[i] as never);
      plugin.normalizeScore?.(state, info, feasible, scores);
    }
    let best = 0;
    for (let i = 1; i < scores.length; i++) if ((scores[i] as number) > (scores[best] as number)) best = i;
    const target = feasible[best];
    if (!target) continue;
    pod.nodeName = target.node.name;
    snapshot.addPod(pod, target.node.name);
    bound++;
  }
  const used = process.cpuUsage(cpu0);
  const seconds = (used.user + used.system) / 1e6;
  expect(bound).toBeGreaterThan(0);
  return pods.length / seconds;
}

describe.skipIf(!slow)('spread and affinity throughput', () => {
  it('PodTopologySpread: 5 000 nodes, 5 000 existing + 5 000 incoming pods spreading over zone and hostname', () => {
    const ns = nodes(5000, 3);
    const existing = Array.from({ length: 5000 }, (_, i) =>
      makePod()
        .name(`e${i}`)
        .namespace('default')
        .label('app', 'web')
        .node(`n${i % 5000}`)
        .obj(),
    );
    const snapshot = buildSnapshot(ns, existing);
    const handle: FrameworkHandle = {
      snapshot: () => snapshot,
      cluster: new ClusterState(),
      random: undefined as never,
    };
    const plugin = newPodTopologySpread(podTopologySpreadArgs({ defaultingType: 'List' }), handle);
    const incoming = Array.from({ length: 5000 }, (_, i) =>
      makePod()
        .name(`p${i}`)
        .namespace('default')
        .label('app', 'web')
        .spreadConstraint(1, LABEL_ZONE, 'DoNotSchedule', { matchLabels: { app: 'web' } })
        .spreadConstraint(1, LABEL_HOSTNAME, 'ScheduleAnyway', { matchLabels: { app: 'web' } })
        .obj(),
    );
    const rate = schedule(plugin, snapshot, incoming);
    console.log(`PodTopologySpread: ${rate.toFixed(0)} pods/s`);
  });

  it('InterPodAffinity: 2 000 pods with required anti-affinity on hostname', () => {
    const ns = nodes(5000, 3);
    const snapshot = buildSnapshot(ns, []);
    const handle: FrameworkHandle = {
      snapshot: () => snapshot,
      cluster: new ClusterState(),
      random: undefined as never,
    };
    const plugin = newInterPodAffinity(interPodAffinityArgs(), handle);
    const incoming = Array.from({ length: 2000 }, (_, i) =>
      makePod()
        .name(`p${i}`)
        .namespace('default')
        .label('app', 'db')
        .podAntiAffinityIn('app', LABEL_HOSTNAME, ['db'])
        .obj(),
    );
    const rate = schedule(plugin, snapshot, incoming);
    console.log(`InterPodAffinity: ${rate.toFixed(0)} pods/s`);
  });
});
