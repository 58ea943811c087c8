import { LABEL_HOSTNAME } from '../src/model/node.js';
import type { Pod } from '../src/model/pod.js';
import type { Benchmark } from './harness.js';
import {
  compareWorkload,
  makePods,
  podTemplate,
  requireRejected,
  type Workload,
} from './scheduler-harness.js';

/**
 * scheduler-pod-anti-affinity: upstream scheduler_perf SchedulingPodAntiAffinity (performance-config.yaml,
 * pod-with-pod-anti-affinity.yaml): pods labelled color=green with a required podAntiAffinity term
 * (matchLabels color=green, topologyKey kubernetes.io/hostname) over both benchmark namespaces, so no two
 * of them share a node. Initial pods in sched-0, measured pods in sched-1: 5000 nodes and 2000 pods
 * (1000 + 1000 as upstream's 5000Nodes case).
 */
function antiAffinityWorkload(quick: boolean): Workload {
  const template = podTemplate(
    { color: 'green' },
    {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: { color: 'green' } },
              topologyKey: LABEL_HOSTNAME,
              namespaces: ['sched-0', 'sched-1'],
            },
          ],
        },
      },
    },
  );
  const nodes = quick ? 500 : 5000;
  const each = quick ? 100 : 1000;
  return {
    nodes,
    init: [{ template, count: each, namespace: 'sched-0' }],
    measured: [{ template, count: each, namespace: 'sched-1' }],
    verify(cluster, sim) {
      // Required anti-affinity on hostname: at most one color=green pod per node.
      const perNode = new Map<string, number>();
      let green = 0;
      for (const p of cluster.pods) {
        if (p.labels.color !== 'green' || p.nodeName === undefined) continue;
        green++;
        const n = (perNode.get(p.nodeName) ?? 0) + 1;
        if (n > 1) throw new Error(`anti-affinity violated: ${n} color=green pods on ${p.nodeName}`);
        perNode.set(p.nodeName, n);
      }
      // Spreading 2000 pods over 5000 nodes could satisfy that by chance: a green pod pinned to a node
      // that has one must be rejected by InterPodAffinity.
      const taken = perNode.keys().next().value as string;
      const pinned = { ...template, spec: { ...template.spec, nodeSelector: { [LABEL_HOSTNAME]: taken } } };
      const [probe] = makePods(cluster, pinned, 1, 'sched-1', 'probe');
      requireRejected(cluster, sim, probe as Pod, 'anti-affinity');
      return `anti-affinity held: ${green} green pods on ${perNode.size} nodes, probe rejected`;
    },
  };
}

export const schedulerPodAntiAffinity: Benchmark = {
  name: 'scheduler-pod-anti-affinity',
  description:
    'SchedulingPodAntiAffinity: 5000 nodes, 1000 initial + 1000 measured pods with required anti-affinity on hostname',
  run(options) {
    return compareWorkload(
      'scheduler-pod-anti-affinity',
      antiAffinityWorkload(options.quick),
      options.rounds,
    );
  },
};
