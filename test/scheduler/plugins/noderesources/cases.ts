// Shared builders for the noderesources upstream cases.
import { buildSnapshot } from '../../../../src/scheduler/cache/index.js';
import { resolveSchedulerConfiguration } from '../../../../src/scheduler/config/resolve.js';
import type { ResourceSpec, ScoringStrategy } from '../../../../src/scheduler/index.js';
import { NodeResourcesFit } from '../../../../src/scheduler/plugins/noderesources/fit.js';
import {
  defaultFitArgs,
  type NodeResourcesFitArgs,
} from '../../../../src/scheduler/plugins/noderesources/fit-args.js';
import { capNode, explainScores, reqPod, runScore } from '../harness.js';

export { expectedWhereFeasible } from '../harness.js';

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
      ...defaultFitArgs(),
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
 * The same case run end to end as `kubesim schedule --explain` runs it, with NodeResourcesFit and the
 * case's scoring strategy as the only plugin (see explainScores).
 */
export function explainFitScores(
  c: ScoreCase,
  type: ScoringStrategy['type'],
  shape?: ScoringStrategy['requestedToCapacityRatio'],
): (number | null)[] {
  const nodes = c.nodes.map(([n, cap]) => capNode(n, cap));
  const existing = (c.existing ?? []).map(([n, reqs]) => reqPod(reqs, n));
  const scoringStrategy = {
    type,
    resources: c.resources,
    ...(shape ? { requestedToCapacityRatio: shape } : {}),
  };
  return explainScores('NodeResourcesFit', reqPod(c.pod), nodes, existing, { args: { scoringStrategy } });
}

/** The resources NodeResourcesFit ends up with when a profile configures `resources` for `type`. */
export function resolvedFitResources(type: string, resources: unknown): unknown {
  const [profile] = resolveSchedulerConfiguration({
    profiles: [
      { pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type, resources } } }] },
    ],
  }).profiles;
  const args = profile?.pluginArgs.get('NodeResourcesFit') as NodeResourcesFitArgs | undefined;
  return args?.scoringStrategy.resources;
}
