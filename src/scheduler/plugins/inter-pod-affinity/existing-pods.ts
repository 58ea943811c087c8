import type { Node } from '../../../model/node.js';
import type { Pod } from '../../../model/pod.js';
import type { CycleState, Snapshot } from '../../framework/interface.js';
import { ObjectMemo } from '../helper/object-memo.js';
import { MemoCache, NodeMemo } from '../pod-topology-spread/node-memo.js';
import {
  type AffinityTerm,
  addCount,
  newPodTermsMemo,
  type PodTermsMemo,
  type TopologyCounts,
  termMatchesPod,
} from './terms.js';

/** One node's share: its pods' terms that match the incoming pod, by topology pair. */
interface ExistingShare {
  readonly node: Node;
  /** Required anti-affinity terms (filtering). */
  readonly antiKeys: string[];
  /** Scoring terms: required affinity × hardPodAffinityWeight, preferred ±weight. */
  readonly scoreKeys: string[];
  readonly scoreValues: string[];
  readonly scoreWeights: number[];
}

/**
 * What existing pods' own (anti-)affinity terms say about pods like the incoming one (same namespace
 * and labels): filtering.go getExistingAntiAffinityCounts and the existing-pod half of scoring.go
 * processExistingPod.
 */
export interface ExistingTerms {
  /** Topology pairs where existing pods' required anti-affinity terms match the incoming pod. */
  readonly antiCounts: TopologyCounts;
  /** Summed scoring weights per topology pair. */
  readonly scores: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** The plugin's parsed terms per pod (the incoming pod's too, for PreFilter and PreScore). */
  readonly terms: PodTermsMemo;
}

/**
 * ExistingTerms kept per node over the pods with affinity terms and refreshed by NodeInfo
 * generation; PreFilter and PreScore of one cycle share one refresh.
 */
export class ExistingPodsTerms implements ExistingTerms {
  /** Topology pairs where existing pods' required anti-affinity terms match the incoming pod. */
  readonly antiCounts: TopologyCounts = new Map();
  /**
   * Summed scoring weights per topology pair. A pair stays present while any term contributes to it,
   * even when the weights cancel out, as in upstream's map.
   */
  readonly scores = new Map<string, Map<string, number>>();
  private readonly scoreRefs: TopologyCounts = new Map();
  readonly memo: NodeMemo<ExistingShare>;

  constructor(
    incoming: Pod,
    hardPodAffinityWeight: number,
    /** The plugin's parsed terms per pod (the incoming pod's too, for PreFilter and PreScore). */
    readonly terms: PodTermsMemo,
  ) {
    this.memo = new NodeMemo<ExistingShare>(
      (info) => {
        if (info.podsWithAffinity.length === 0) return undefined;
        const node = info.node;
        const share: ExistingShare = { node, antiKeys: [], scoreKeys: [], scoreValues: [], scoreWeights: [] };
        const score = (t: AffinityTerm, weight: number): void => {
          if (!termMatchesPod(t, incoming)) return;
          const value = node.labels[t.topologyKey];
          if (value === undefined) return;
          share.scoreKeys.push(t.topologyKey);
          share.scoreValues.push(value);
          share.scoreWeights.push(weight);
        };
        for (const existing of info.podsWithAffinity) {
          const et = terms.get(existing.pod);
          for (const t of et.requiredAntiAffinity) {
            if (node.labels[t.topologyKey] !== undefined && termMatchesPod(t, incoming))
              share.antiKeys.push(t.topologyKey);
          }
          if (hardPodAffinityWeight > 0) for (const t of et.requiredAffinity) score(t, hardPodAffinityWeight);
          for (const t of et.preferredAffinity) score(t, t.weight);
          for (const t of et.preferredAntiAffinity) score(t, -t.weight);
        }
        return share.antiKeys.length > 0 || share.scoreKeys.length > 0 ? share : undefined;
      },
      (share, sign) => {
        for (const key of share.antiKeys)
          addCount(this.antiCounts, key, share.node.labels[key] as string, sign);
        for (let i = 0; i < share.scoreKeys.length; i++) {
          const key = share.scoreKeys[i] as string;
          const value = share.scoreValues[i] as string;
          const weight = share.scoreWeights[i] as number;
          addCount(this.scoreRefs, key, value, sign);
          if (this.scoreRefs.get(key)?.has(value)) {
            let inner = this.scores.get(key);
            if (!inner) {
              inner = new Map();
              this.scores.set(key, inner);
            }
            inner.set(value, (inner.get(value) ?? 0) + sign * weight);
          } else {
            const inner = this.scores.get(key);
            inner?.delete(value);
            if (inner?.size === 0) this.scores.delete(key);
          }
        }
      },
    );
  }
}

const CYCLE_KEY = 'InterPodAffinity/existingPodsTerms';

/** ExistingPodsTerms per incoming pod shape, owned by one plugin instance. */
export class ExistingPodsTermsCache {
  private readonly cache = new MemoCache<ExistingPodsTerms>();
  // Pods of one workload usually share their labels object: render each object once.
  private readonly labelsKeys = new ObjectMemo((labels: Pod['labels']) => JSON.stringify(labels));
  private readonly terms = newPodTermsMemo();
  constructor(private readonly hardPodAffinityWeight: number) {}

  /** What the terms say when no pod of the snapshot has any: nothing. */
  private readonly none: ExistingTerms = { antiCounts: new Map(), scores: new Map(), terms: this.terms };

  /**
   * The terms for `pod`, refreshed against the snapshot's nodes once per cycle: a second call with
   * the same CycleState (PreScore after PreFilter; no binding happens in between) reuses the refresh.
   */
  get(pod: Pod, snapshot: Snapshot, state: CycleState): ExistingTerms {
    // Without a pod with (anti-)affinity terms anywhere, every node's share is empty: no memo to
    // refresh (a walk over every node for a shape whose memo was dropped, with many workloads).
    if (snapshot.havePodsWithAffinity.length === 0) return this.none;
    const nodes = snapshot.nodeInfos;
    const key = `${pod.namespace}|${this.labelsKeys.get(pod.labels)}`;
    const memo = this.cache.getOrCreate(
      key,
      () => new ExistingPodsTerms(pod, this.hardPodAffinityWeight, this.terms),
    );
    if (state.read<ExistingPodsTerms>(CYCLE_KEY) !== memo) {
      memo.memo.refresh(nodes);
      state.write(CYCLE_KEY, memo);
    }
    return memo;
  }
}
