// Shared builders for the noderesources upstream cases.
import type { ClusterInput } from '../../../../src/model/cluster-input.js';
import { buildSnapshot } from '../../../../src/scheduler/cache/index.js';
import { explainScheduling } from '../../../../src/scheduler/explain.js';
import type { ResourceSpec, ScoringStrategy } from '../../../../src/scheduler/index.js';
import { NodeResourcesFit } from '../../../../src/scheduler/plugins/noderesources/fit.js';
import { capNode, reqPod, runScore } from '../harness.js';

/** upstream noderesources test_util.go: extendedRes, defaultResources, extendedResourceSet. */
export const extendedRes = 'abc.com/xyz';
export const defaultResources: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
export const extendedResourceSet: ResourceSpec[] = [...defaultResources, { name: extendedRes, weight: 1 }];

/** One upstream scoring-strategy table case. */
export interface ScoreCase {
  name: string;
  pod: Record<string, number>[];
  nodes: [string, Record<string, number>][];
  existing?: [string, Record<string, number>[]][];
  resources: ResourceSpec[];
  expected: number[];
}

/** Scores of a case with NodeResourcesFit using `type` (and `shape` for RequestedToCapacityRatio). */
export function fitScores(
  c: ScoreCase,
  type: ScoringStrategy['type'],
  shape?: ScoringStrategy['requestedToCapacityRatio'],
): number[] | 'skip' {
  const nodes = c.nodes.map(([n, cap]) => capNode(n, cap));
  const existing = (c.existing ?? []).map(([n, reqs]) => reqPod(reqs, n));
  const snapshot = buildSnapshot(nodes, existing);
  const plugin = new NodeResourcesFit(
    {
      scoringStrategy: {
        type,
        resources: c.resources,
        ...(shape ? { requestedToCapacityRatio: shape } : {}),
      },
    },
    snapshot.resources,
  );
  return runScore(plugin, reqPod(c.pod), nodes, existing, { snapshot });
}

/**
 * The same case run end to end as `kubesim schedule --explain` runs it: the nodes and existing pods as
 * a cluster, the incoming pod pending, and a KubeSchedulerConfiguration whose only plugin is
 * NodeResourcesFit with the case's scoring strategy. Returns the explained NodeResourcesFit score per
 * node, or null for a node the pod does not fit (upstream's score tests skip filtering; `kubesim
 * schedule` does not, so only feasible nodes have a score to compare).
 */
export function explainFitScores(
  c: ScoreCase,
  type: ScoringStrategy['type'],
  shape?: ScoringStrategy['requestedToCapacityRatio'],
): (number | null)[] {
  const nodes = c.nodes.map(([n, cap]) => capNode(n, cap));
  for (const node of nodes) node.allocatable = { pods: 110, ...node.allocatable };
  const existing = (c.existing ?? []).map(([n, reqs], i) => ({ ...reqPod(reqs, n), name: `existing-${i}` }));
  const incoming = { ...reqPod(c.pod), name: 'incoming' };
  const input: ClusterInput = {
    nodes,
    pods: [...existing, incoming],
    deployments: [],
    statefulSets: [],
    services: [],
    podDisruptionBudgets: [],
    priorityClasses: [],
    schedulerConfiguration: {
      profiles: [
        {
          plugins: { multiPoint: { disabled: [{ name: '*' }], enabled: [{ name: 'NodeResourcesFit' }] } },
          pluginConfig: [
            {
              name: 'NodeResourcesFit',
              args: {
                scoringStrategy: {
                  type,
                  resources: c.resources,
                  ...(shape ? { requestedToCapacityRatio: shape } : {}),
                },
              },
            },
          ],
        },
      ],
    },
  };
  const explained = explainScheduling(input, { kubernetesVersion: '1.36' }).pods.find((p) =>
    p.pod.endsWith('/incoming'),
  );
  return c.nodes.map(([n]) => explained?.scores[n]?.NodeResourcesFit ?? null);
}

/** The case's expected scores where the pod fits (null elsewhere), to compare with explainFitScores. */
export function expectedWhereFeasible(c: ScoreCase, explained: (number | null)[]): (number | null)[] {
  return c.expected.map((e, i) => (explained[i] === null ? null : e));
}
