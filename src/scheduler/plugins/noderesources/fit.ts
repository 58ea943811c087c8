import {
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  PODS_INDEX,
  type PodInfo,
  type PreScorePlugin,
  type ResourceIndex,
  type ScorePlugin,
} from '../../framework/interface.js';
import { Status } from '../../framework/status.js';
import { Names } from '../../names.js';
import { ResourceAllocationScorer } from './resource-allocation.js';
import {
  leastResourceScorer,
  mostResourceScorer,
  type ResourceScorer,
  type ResourceSpec,
  requestedToCapacityRatioScorer,
  type UtilizationShapePoint,
} from './scorers.js';

/** NodeResourcesFitArgs.scoringStrategy, resolved (see config/resolve.ts for validation). */
export interface ScoringStrategy {
  type: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
  resources: ResourceSpec[];
  requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
}

/** NodeResourcesFitArgs as kubesim honours them. */
export interface NodeResourcesFitArgs {
  scoringStrategy: ScoringStrategy;
  /** Extended resources the filter does not check. */
  ignoredResources?: string[];
  /** Extended resource groups (prefix before "/") the filter does not check. */
  ignoredResourceGroups?: string[];
}

/** kube-scheduler defaults for NodeResourcesFitArgs (apis/config/v1/defaults.go). */
export const DEFAULT_FIT_ARGS: NodeResourcesFitArgs = {
  scoringStrategy: {
    type: 'LeastAllocated',
    resources: [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
  },
};

const TOO_MANY_PODS = 'Too many pods';

/**
 * kube-scheduler: NodeResourcesFit (noderesources/fit.go).
 * Filter: the node's free allocatable (allocatable − Σ requests of its pods) must cover every resource
 * the pod requests, and one more pod must fit under allocatable "pods"; every shortage is a reason
 * ("Insufficient cpu", "Too many pods"), status Unschedulable. Score: the configured strategy over the
 * non-zero requests (a container without cpu/memory request counts 100m / 200Mi).
 */
export class NodeResourcesFit implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = Names.NodeResourcesFit;
  private readonly allocation: ResourceAllocationScorer;
  private readonly scorer: ResourceScorer;
  private readonly resourceIndex: ResourceIndex;
  private readonly ignored: (index: number) => boolean;
  /** Status per set of reasons, so a rejection allocates nothing after the first time. */
  private readonly statusCache = new Map<string, Status>();
  private readonly reasons: string[] = [];

  constructor(args: NodeResourcesFitArgs, resourceIndex: ResourceIndex) {
    const strategy = args.scoringStrategy;
    this.resourceIndex = resourceIndex;
    this.allocation = new ResourceAllocationScorer(strategy.resources, resourceIndex, false);
    switch (strategy.type) {
      case 'LeastAllocated':
        this.scorer = leastResourceScorer(strategy.resources);
        break;
      case 'MostAllocated':
        this.scorer = mostResourceScorer(strategy.resources);
        break;
      case 'RequestedToCapacityRatio':
        this.scorer = requestedToCapacityRatioScorer(
          strategy.resources,
          strategy.requestedToCapacityRatio?.shape ?? [],
        );
        break;
    }
    const ignoredNames = new Set(args.ignoredResources ?? []);
    const ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
    this.ignored = (index) => {
      if (ignoredNames.size === 0 && ignoredGroups.size === 0) return false;
      const name = resourceIndex.nameOf(index);
      if (!isExtendedResourceName(name)) return false;
      return ignoredNames.has(name) || ignoredGroups.has(name.split('/')[0] as string);
    };
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const req = pod.requests;
    const alloc = node.allocatable;
    const used = node.requested;
    const reasons = this.reasons;
    reasons.length = 0;
    if ((used[PODS_INDEX] ?? 0) + 1 > (alloc[PODS_INDEX] ?? 0)) reasons.push(TOO_MANY_PODS);
    for (let i = 0; i < req.length; i++) {
      if (i === PODS_INDEX) continue;
      const r = req[i] as number;
      if (r <= 0) continue;
      if (r > (alloc[i] ?? 0) - (used[i] ?? 0)) {
        if (i > PODS_INDEX && this.ignored(i)) continue;
        reasons.push(`Insufficient ${this.resourceIndex.nameOf(i)}`);
      }
    }
    if (reasons.length === 0) return null;
    const key = reasons.join('\n');
    let s = this.statusCache.get(key);
    if (!s) {
      s = Status.unschedulable(...reasons);
      this.statusCache.set(key, s);
    }
    return s;
  }

  preScore(): Status | null {
    return null;
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return this.allocation.score(pod, node, this.scorer);
  }
}

/** v1helper.IsExtendedResourceName: a domain-prefixed name outside kubernetes.io, not requests.*. */
export function isExtendedResourceName(name: string): boolean {
  if (!name.includes('/')) return false;
  if (name.startsWith('kubernetes.io/') || name.includes('.kubernetes.io/')) return false;
  return !name.startsWith('requests.');
}
