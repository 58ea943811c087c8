import { LABEL_ZONE } from '../src/model/node.js';
import type { Pod, TopologySpreadConstraint } from '../src/model/pod.js';
import type { Benchmark } from './harness.js';
import {
  compareTimed,
  makePods,
  measuredCount,
  podTemplate,
  prepareFirstFit,
  prepareKubesim,
  prepareTypedKubeLike,
  requireRejected,
  TYPED_KUBE_LIKE,
  type Workload,
} from './scheduler-harness.js';

/**
 * scheduler-topology-spreading: upstream scheduler_perf TopologySpreading and PreferredTopologySpreading
 * (performance-config.yaml): nodes labelled topology.kubernetes.io/zone moon-1/2/3, initial pods from
 * pod-default.yaml, then measured pods from pod-with-topology-spreading.yaml (label color=blue, maxSkew 5
 * on the zone, whenUnsatisfiable DoNotSchedule) or pod-with-preferred-topology-spreading.yaml (the same
 * with ScheduleAnyway). Sizes: 5000 nodes, 5000 initial + 5000 measured pods (upstream measures 2000).
 */
function spreadingWorkload(
  quick: boolean,
  whenUnsatisfiable: TopologySpreadConstraint['whenUnsatisfiable'],
): Workload {
  const constraint: TopologySpreadConstraint = {
    maxSkew: 5,
    topologyKey: LABEL_ZONE,
    whenUnsatisfiable,
    labelSelector: { matchLabels: { color: 'blue' } },
  };
  const spreading = podTemplate({ color: 'blue' }, { topologySpreadConstraints: [constraint] });
  const basic = podTemplate();
  const nodes = quick ? 500 : 5000;
  const init = quick ? 1000 : 5000;
  const measured = quick ? 1000 : 5000;
  return {
    verify(cluster, sim) {
      // Skew of color=blue pods over the zones; DoNotSchedule must keep it ≤ maxSkew.
      const perZone = new Map<string, number>();
      for (const node of cluster.nodes) perZone.set(node.labels[LABEL_ZONE] ?? '', 0);
      for (const p of cluster.pods) {
        if (p.labels.color !== 'blue' || p.nodeName === undefined) continue;
        const zone = cluster.node(p.nodeName)?.labels[LABEL_ZONE] ?? '';
        perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
      }
      const counts = [...perZone.values()];
      const skew = Math.max(...counts) - Math.min(...counts);
      if (whenUnsatisfiable === 'DoNotSchedule' && skew > constraint.maxSkew) {
        throw new Error(
          `topology spread violated: zone counts ${counts.join('/')}, skew ${skew} > ${constraint.maxSkew}`,
        );
      }
      if (whenUnsatisfiable === 'ScheduleAnyway')
        return `blue pods per zone ${counts.join('/')} (skew ${skew})`;
      // The measured pods stay balanced by chance too (round-robin over zones), so a probe shows that
      // PodTopologySpread filters: with two color=probe pods in moon-1 and none elsewhere, a third with
      // maxSkew 1 (nodeAffinityPolicy Ignore, so every zone counts) pinned to moon-1 must be rejected.
      const probeSpread: TopologySpreadConstraint = {
        ...constraint,
        maxSkew: 1,
        labelSelector: { matchLabels: { color: 'probe' } },
        nodeAffinityPolicy: 'Ignore',
      };
      const probeTemplate = podTemplate({ color: 'probe' }, { topologySpreadConstraints: [probeSpread] });
      const moon1 = [...cluster.nodes].filter((n) => n.labels[LABEL_ZONE] === 'moon-1');
      const placed = makePods(cluster, probeTemplate, 2, 'default', 'probe-placed');
      placed.forEach((p, i) => {
        p.nodeName = moon1[i]?.name;
        cluster.addPod(p);
      });
      const pinned = {
        ...probeTemplate,
        spec: { ...probeTemplate.spec, nodeSelector: { [LABEL_ZONE]: 'moon-1' } },
      };
      const [probe] = makePods(cluster, pinned, 1, 'default', 'probe');
      requireRejected(cluster, sim, probe as Pod, 'topology spread constraints');
      for (const p of placed) cluster.deletePod(p);
      return `blue pods per zone ${counts.join('/')} (skew ${skew}), probe rejected`;
    },
    nodes,
    zones: 3,
    init: [{ template: basic, count: init, namespace: 'default' }],
    measured: [{ template: spreading, count: measured, namespace: 'default' }],
  };
}

export const schedulerTopologySpreading: Benchmark = {
  name: 'scheduler-topology-spreading',
  description:
    'TopologySpreading / PreferredTopologySpreading: 5000 nodes in 3 zones, 5000 initial + 5000 measured pods spreading over zones (maxSkew 5)',
  run(options) {
    const hard = spreadingWorkload(options.quick, 'DoNotSchedule');
    const soft = spreadingWorkload(options.quick, 'ScheduleAnyway');
    return compareTimed(
      'scheduler-topology-spreading',
      'pods',
      measuredCount(hard),
      [
        { name: 'baseline: first-fit (typed arrays)', prepare: () => prepareFirstFit(hard) },
        { name: TYPED_KUBE_LIKE, prepare: () => prepareTypedKubeLike(hard) },
        { name: 'kubesim: DoNotSchedule (TopologySpreading)', prepare: () => prepareKubesim(hard).measure },
        {
          name: 'kubesim: ScheduleAnyway (PreferredTopologySpreading)',
          prepare: () => prepareKubesim(soft).measure,
        },
      ],
      options.rounds,
    );
  },
};
