// PodTopologySpread's PreFilter and PreScore state, kept across cycles by its memos and the snapshot's
// pod label index, against upstream's computation from scratch (calPreFilterState, initPreScoreState +
// PreScore: walk every node and count its pods), while pods are bound, turn terminating and go, nodes
// and Services are added, and pods of several shapes take turns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../src/model/cluster-state.js';
import type { LabelSelector } from '../../../../src/model/labels.js';
import { LABEL_HOSTNAME, LABEL_ZONE, type Node } from '../../../../src/model/node.js';
import type { Pod, TopologySpreadConstraint } from '../../../../src/model/pod.js';
import { SchedulerCache } from '../../../../src/scheduler/cache/cache.js';
import { makePodInfo } from '../../../../src/scheduler/cache/pod-info.js';
import {
  CycleState,
  type FrameworkHandle,
  type NodeInfo,
} from '../../../../src/scheduler/framework/interface.js';
import {
  ConvertedConstraints,
  includesNode,
  nodeHasAllTopologyKeys,
  nodeInclusion,
  podConstraints,
  type SpreadConstraint,
  SYSTEM_DEFAULT_CONSTRAINTS,
} from '../../../../src/scheduler/plugins/pod-topology-spread/constraints.js';
import {
  newPodTopologySpread,
  readPreFilterState,
  readPreScoreState,
  tpValueToMatchNum,
} from '../../../../src/scheduler/plugins/pod-topology-spread/index.js';
import { selectorMatches } from '../../../../src/scheduler/plugins/pod-topology-spread/selector.js';
import { makeNode, makePod } from '../../fixtures.js';
import { makeService, podTopologySpreadArgs } from '../plugin-harness.js';

/** common.go countPodsMatchSelector, walking the node's pods. */
function countPods(info: NodeInfo, c: SpreadConstraint, namespace: string): number {
  return info.pods.filter(
    (p) =>
      p.pod.deletionTimestamp === undefined &&
      p.pod.namespace === namespace &&
      selectorMatches(c.selector, p.pod.labels),
  ).length;
}

/** filtering.go calPreFilterState from scratch: counts per eligible domain and the minimum. */
function naivePreFilter(pod: Pod, constraints: readonly SpreadConstraint[], nodes: readonly NodeInfo[]) {
  const counts = constraints.map(() => new Map<string, number>());
  for (const info of nodes) {
    if (!nodeHasAllTopologyKeys(info.node, constraints)) continue;
    const inclusion = nodeInclusion(pod, info.node, constraints);
    constraints.forEach((c, i) => {
      if (!includesNode(c, inclusion)) return;
      const value = info.node.labels[c.topologyKey] as string;
      const m = counts[i] as Map<string, number>;
      m.set(value, (m.get(value) ?? 0) + countPods(info, c, pod.namespace));
    });
  }
  const min = constraints.map((c, i) => {
    const m = counts[i] as Map<string, number>;
    return m.size < c.minDomains ? 0 : Math.min(2147483647, ...m.values());
  });
  return { counts: counts.map((m) => Object.fromEntries(m)), min };
}

/** scoring.go initPreScoreState + PreScore from scratch: counts per feasible domain (not hostname). */
function naivePreScore(
  pod: Pod,
  constraints: readonly SpreadConstraint[],
  requireAll: boolean,
  feasible: readonly NodeInfo[],
  all: readonly NodeInfo[],
) {
  const ignored = (n: NodeInfo): boolean => requireAll && !nodeHasAllTopologyKeys(n.node, constraints);
  return constraints.map((c) => {
    const m = new Map<string, number>();
    if (c.topologyKey === LABEL_HOSTNAME) return {};
    for (const n of feasible) if (!ignored(n)) m.set(n.node.labels[c.topologyKey] ?? '', 0);
    for (const n of all) {
      if (ignored(n) || !includesNode(c, nodeInclusion(pod, n.node, constraints))) continue;
      const value = n.node.labels[c.topologyKey] ?? '';
      if (m.has(value)) m.set(value, (m.get(value) as number) + countPods(n, c, pod.namespace));
    }
    return Object.fromEntries(m);
  });
}

const APPS = ['web', 'db'];
const NAMESPACES = ['default', 'other'];
const ZONES = ['a', 'b', undefined];

const notDb: LabelSelector = { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db'] }] };
const selectorArb: fc.Arbitrary<LabelSelector | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant({}),
  fc.constantFrom(...APPS).map((app) => ({ matchLabels: { app } })),
  fc.constant(notDb),
);

const constraintArb: fc.Arbitrary<TopologySpreadConstraint> = fc.record({
  maxSkew: fc.integer({ min: 1, max: 3 }),
  topologyKey: fc.constantFrom(LABEL_ZONE, LABEL_HOSTNAME),
  whenUnsatisfiable: fc.constantFrom('DoNotSchedule' as const, 'ScheduleAnyway' as const),
  labelSelector: selectorArb,
  minDomains: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  nodeAffinityPolicy: fc.option(fc.constantFrom('Honor' as const, 'Ignore' as const), { nil: undefined }),
  nodeTaintsPolicy: fc.option(fc.constantFrom('Honor' as const, 'Ignore' as const), { nil: undefined }),
});

/** An incoming pod's shape: its labels, namespace, own constraints and a node selector. */
const shapeArb = fc.record({
  app: fc.constantFrom(...APPS),
  namespace: fc.constantFrom(...NAMESPACES),
  constraints: fc.array(constraintArb, { maxLength: 2 }),
  zoneSelector: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
});

type Step =
  | { kind: 'bind'; app: string; namespace: string; node: number }
  | { kind: 'terminate' | 'delete'; pick: number }
  | { kind: 'node'; zone: string | undefined; tainted: boolean }
  | { kind: 'service'; app: string }
  | { kind: 'cycle'; shape: number; feasibleMask: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('bind' as const),
      app: fc.constantFrom(...APPS),
      namespace: fc.constantFrom(...NAMESPACES),
      node: fc.nat(),
    }),
  },
  fc.record({ kind: fc.constantFrom('terminate' as const, 'delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('node' as const), zone: fc.constantFrom(...ZONES), tainted: fc.boolean() }),
  fc.record({ kind: fc.constant('service' as const), app: fc.constantFrom(...APPS) }),
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('cycle' as const), shape: fc.nat(), feasibleMask: fc.nat() }),
  },
);

function node(name: string, zone: string | undefined, tainted: boolean): Node {
  const labels: Record<string, string> = { [LABEL_HOSTNAME]: name };
  if (zone !== undefined) labels[LABEL_ZONE] = zone;
  return makeNode(
    name,
    { cpu: 4000 },
    {
      labels,
      taints: tainted ? [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] : [],
    },
  );
}

describe('PodTopologySpread counts kept across cycles', () => {
  it('equal upstream’s computed from scratch, for pods of several shapes taking turns (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(shapeArb, { minLength: 1, maxLength: 3 }),
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        (shapes, steps) => {
          const cluster = new ClusterState();
          cluster.addNode(node('n0', 'a', false));
          cluster.addNode(node('n1', 'b', true));
          const cache = new SchedulerCache(cluster).attach();
          const handle: FrameworkHandle = {
            snapshot: () => cache.snapshot,
            cluster,
            random: undefined as never,
          };
          const plugin = newPodTopologySpread(podTopologySpreadArgs({}), handle);
          const templates = shapes.map((shape, k) =>
            makePod(`template${k}`, [], {
              labels: { app: shape.app },
              namespace: shape.namespace,
              spec: {
                topologySpreadConstraints: shape.constraints,
                nodeSelector: shape.zoneSelector ? { [LABEL_ZONE]: shape.zoneSelector } : {},
              },
            }),
          );
          const bound: Pod[] = [];
          let seq = 0;
          for (const step of steps) {
            const nodes = cache.snapshot.nodeInfos;
            switch (step.kind) {
              case 'bind': {
                const pod = makePod(`p${seq++}`, [], {
                  labels: { app: step.app },
                  namespace: step.namespace,
                });
                cluster.addPod(pod);
                cluster.bindPod(pod, (nodes[step.node % nodes.length] as NodeInfo).node.name, 0);
                bound.push(pod);
                break;
              }
              case 'terminate':
              case 'delete': {
                const pod = bound[step.pick % Math.max(1, bound.length)];
                if (!pod) break;
                if (step.kind === 'delete') {
                  cluster.deletePod(pod);
                  bound.splice(bound.indexOf(pod), 1);
                } else {
                  cluster.updatePod(pod, (p) => {
                    p.deletionTimestamp = 1;
                  });
                }
                break;
              }
              case 'node':
                cluster.addNode(node(`n${nodes.length}`, step.zone, step.tainted));
                break;
              case 'service':
                cluster.addService(makeService('default', `svc-${seq++}`, { app: step.app }));
                break;
              case 'cycle': {
                const shape = shapes[step.shape % shapes.length] as (typeof shapes)[number];
                // Replicas share their labels and spec objects, which the plugin's memos key on.
                const template = templates[step.shape % shapes.length] as Pod;
                const pod = { ...template, uid: template.uid + seq, name: `incoming${seq++}` };
                const info = makePodInfo(pod, cache.snapshot.resources);
                const state = new CycleState();
                const fresh = new ConvertedConstraints();
                const hard = podConstraints(pod, 'DoNotSchedule', SYSTEM_DEFAULT_CONSTRAINTS, cluster, fresh);
                const pre = plugin.preFilter(state, info, cache.snapshot);
                if (hard.length === 0) expect(pre?.code).toBeDefined();
                else {
                  const s = readPreFilterState(state);
                  expect(s).toBeDefined();
                  if (!s) break;
                  const want = naivePreFilter(pod, hard, nodes);
                  expect(s.constraints.map((_, i) => Object.fromEntries(tpValueToMatchNum(s, i)))).toEqual(
                    want.counts,
                  );
                  expect([...s.minMatchNum]).toEqual(want.min);
                }
                const feasible = nodes.filter((_, i) => ((step.feasibleMask >> i) & 1) === 0 || i === 0);
                const soft = podConstraints(
                  pod,
                  'ScheduleAnyway',
                  SYSTEM_DEFAULT_CONSTRAINTS,
                  cluster,
                  fresh,
                );
                const scored = plugin.preScore(state, info, feasible);
                if (soft.length === 0) break;
                expect(scored).toBeNull();
                const s = readPreScoreState(state);
                if (!s) throw new Error('test: no PreScore state');
                const requireAll = shape.constraints.length > 0;
                expect(s.topologyValueToPodCounts.map((m) => Object.fromEntries(m))).toEqual(
                  naivePreScore(pod, soft, requireAll, feasible, nodes),
                );
                // The hostname constraints' counts, node by node.
                s.constraints.forEach((c, i) => {
                  const counts = s.hostnameCounts[i];
                  if (!counts) return;
                  for (const n of feasible) expect(counts.countOn(n)).toBe(countPods(n, c, pod.namespace));
                });
                break;
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
