import { LABEL_ZONE } from '../src/model/node.js';
import type { TopologySpreadConstraint } from '../src/model/pod.js';
import type { Benchmark } from './harness.js';
import {
  compareTimed,
  measuredCount,
  podTemplate,
  prepareFirstFit,
  prepareKubesim,
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
