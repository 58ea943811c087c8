import { LABEL_HOSTNAME, LABEL_ZONE } from '../src/model/node.js';
import type { Pod, TopologySpreadConstraint } from '../src/model/pod.js';
import type { Deployment, Service } from '../src/model/workloads.js';
import { Names } from '../src/scheduler/names.js';
import type { Benchmark } from './harness.js';
import { schedulingBasic } from './scheduler-basic.js';
import {
  compareTimed,
  makePods,
  measuredCount,
  type PodTemplate,
  podTemplate,
  prepareKubesim,
  requireScoredBy,
  type Workload,
} from './scheduler-harness.js';

/**
 * scheduling-workloads (issue 8, "scheduling as users' workloads are"): beside SchedulingBasic's
 * pod-default pods with no owner, the same number of pods as one Deployment's replicas (owned through
 * its ReplicaSet, which kubesim folds into the Deployment) behind a Service, on 5 000 nodes in 3 zones:
 *
 * - *system-default spreading*: the pods have no constraints of their own, so PodTopologySpread applies
 *   its system defaults (upstream podtopologyspread/plugin.go systemDefaultConstraints: hostname
 *   maxSkew 3 and zone maxSkew 5, ScheduleAnyway) with the Service's and the Deployment's selector
 *   (helper.DefaultSelector): PreScore and Score count the Deployment's pods per node and per zone;
 * - *user spread constraints*: the pods carry the constraints users commonly write: zone maxSkew 1
 *   DoNotSchedule (Filter) and hostname maxSkew 1 ScheduleAnyway (Score).
 *
 * The baseline is SchedulingBasic itself (1 000 initial + 10 000 measured pods on 5 000 nodes), so
 * the ratio column is the goal's: pods/CPU s as a fraction of SchedulingBasic's in the same run
 * (goal ≥ 0.5 for system-default spreading). The initial pods are pod-default pods in every variant.
 */
const APP = { app: 'web' };

function deployment(template: PodTemplate, replicas: number): Deployment {
  return {
    kind: 'Deployment',
    namespace: 'default',
    name: 'web',
    labels: {},
    replicas,
    selector: { matchLabels: APP },
    template: { labels: template.labels, spec: template.spec },
    strategy: { type: 'Recreate' },
    minReadySeconds: 0,
  };
}

const SERVICE: Service = {
  namespace: 'default',
  name: 'web',
  labels: {},
  selector: APP,
  type: 'ClusterIP',
  ports: [{ port: 80, protocol: 'TCP' }],
  sessionAffinity: 'None',
  sessionAffinityTimeoutSeconds: 10800,
};

const USER_CONSTRAINTS: TopologySpreadConstraint[] = [
  {
    maxSkew: 1,
    topologyKey: LABEL_ZONE,
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: { matchLabels: APP },
  },
  {
    maxSkew: 1,
    topologyKey: LABEL_HOSTNAME,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: APP },
  },
];

/** web pods per zone and the largest count on one node. */
function spread(
  pods: Iterable<Pod>,
  zoneOf: (node: string) => string,
): { zones: number[]; maxPerNode: number } {
  const perZone = new Map<string, number>();
  const perNode = new Map<string, number>();
  for (const p of pods) {
    if (p.labels.app !== 'web' || p.nodeName === undefined) continue;
    const zone = zoneOf(p.nodeName);
    perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
    perNode.set(p.nodeName, (perNode.get(p.nodeName) ?? 0) + 1);
  }
  return { zones: [...perZone.values()], maxPerNode: Math.max(0, ...perNode.values()) };
}

export function deploymentWorkload(quick: boolean, user: boolean): Workload {
  const basic = schedulingBasic(quick);
  const template = podTemplate(APP, user ? { topologySpreadConstraints: USER_CONSTRAINTS } : {});
  const replicas = measuredCount(basic);
  const owner = { kind: 'ReplicaSet', key: 'default/web' } as const;
  return {
    nodes: basic.nodes,
    zones: 3,
    init: basic.init,
    measured: [{ template, count: replicas, namespace: 'default', owner }],
    objects: { workloads: [deployment(template, replicas)], services: [SERVICE] },
    verify(cluster, sim, scheduler) {
      const zoneOf = (node: string) => cluster.node(node)?.labels[LABEL_ZONE] ?? '';
      const { zones, maxPerNode } = spread(cluster.pods, zoneOf);
      const skew = Math.max(...zones) - Math.min(...zones);
      if (user && skew > 1) throw new Error(`zone spread violated: ${zones.join('/')}`);
      // One more replica, observed: PodTopologySpread must be among the plugins that scored it.
      const [probe] = makePods(cluster, template, 1, 'default', 'probe', owner);
      requireScoredBy(cluster, sim, scheduler, probe as Pod, Names.PodTopologySpread);
      return `web per zone ${zones.join('/')}, ≤ ${maxPerNode} per node, probe scored by PodTopologySpread`;
    },
  };
}

export const schedulingWorkloads: Benchmark = {
  name: 'scheduling-workloads',
  description:
    'Deployment pods behind a Service (system-default spreading) and with user spread constraints, beside SchedulingBasic: 5000 nodes, 1000 + 10 000 pods',
  run(options) {
    const basic = schedulingBasic(options.quick);
    const defaults = deploymentWorkload(options.quick, false);
    const user = deploymentWorkload(options.quick, true);
    return compareTimed(
      'scheduling-workloads',
      'pods',
      measuredCount(basic),
      [
        { name: 'baseline: SchedulingBasic (kubesim)', prepare: () => prepareKubesim(basic).measure },
        {
          name: 'Deployment + Service: system-default spreading',
          prepare: () => prepareKubesim(defaults).measure,
        },
        { name: 'Deployment: user spread constraints', prepare: () => prepareKubesim(user).measure },
      ],
      options.rounds,
    );
  },
};
