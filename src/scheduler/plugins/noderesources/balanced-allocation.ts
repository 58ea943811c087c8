import type {
  CycleState,
  NodeInfo,
  PodInfo,
  PreScorePlugin,
  ResourceIndex,
  ScorePlugin,
} from '../../framework/interface.js';
import { Status } from '../../framework/status.js';
import { Names } from '../../names.js';
import { ResourceAllocationScorer } from './resource-allocation.js';
import { balancedAllocationChangeScore, balancedResourceScorer, type ResourceSpec } from './scorers.js';

/** NodeResourcesBalancedAllocationArgs. */
export interface NodeResourcesBalancedAllocationArgs {
  resources: ResourceSpec[];
}

/** Default resources: cpu and memory, weight 1 (apis/config/v1/defaults.go). */
export const DEFAULT_BALANCED_ALLOCATION_ARGS: NodeResourcesBalancedAllocationArgs = {
  resources: [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
  ],
};

/**
 * kube-scheduler: NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go). Favors nodes
 * whose cpu and memory fractions stay close to each other, using real requests (no non-zero defaults).
 * Version-dependent:
 * - ≥ 1.33 (PR #130260): PreScore skips pods requesting none of the resources (best-effort pods).
 * - ≤ 1.35: score = balance with the pod.
 * - ≥ 1.36 (PR #135573): score = 50 + (50 + balance with pod − balance without) / 2.
 */
export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = Names.NodeResourcesBalancedAllocation;
  private readonly allocation: ResourceAllocationScorer;

  constructor(
    args: NodeResourcesBalancedAllocationArgs,
    resourceIndex: ResourceIndex,
    private readonly kubernetesMinor: number,
  ) {
    this.allocation = new ResourceAllocationScorer(args.resources, resourceIndex, true);
  }

  preScore(_state: CycleState, pod: PodInfo): Status | null {
    if (this.kubernetesMinor >= 33 && this.allocation.requestsNothing(pod)) return Status.skip();
    return null;
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const withPod = this.allocation.score(pod, node, balancedResourceScorer, true);
    if (this.kubernetesMinor < 36) return withPod;
    const withoutPod = this.allocation.score(pod, node, balancedResourceScorer, false);
    return balancedAllocationChangeScore(withPod, withoutPod);
  }
}
