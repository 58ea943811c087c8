import type { LabelSelector, LabelSelectorRequirement, Labels } from '../../../model/labels.js';
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from '../../../model/pod.js';
import { ObjectMemo } from '../helper/object-memo.js';
import {
  type CompiledSelector,
  compileSelector,
  NOTHING,
  selectorMatches,
  selectorSignature,
} from '../pod-topology-spread/selector.js';

/**
 * A pod (anti-)affinity term ready for matching (upstream fwk.AffinityTerm): the namespaces it names
 * (the owning pod's own namespace when it names none and has no namespaceSelector), its
 * namespaceSelector and its label selector with matchLabelKeys/mismatchLabelKeys already merged.
 */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  readonly namespaceSelector: CompiledSelector;
  readonly selector: CompiledSelector;
  readonly topologyKey: string;
}

/** A preferred term with its weight (fwk.WeightedAffinityTerm). */
export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** The terms of one pod, parsed once (the affinity part of upstream framework.PodInfo). */
export interface PodAffinityTerms {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
}

const EMPTY_TERMS: PodAffinityTerms = Object.freeze({
  requiredAffinity: [],
  requiredAntiAffinity: [],
  preferredAffinity: [],
  preferredAntiAffinity: [],
});

/**
 * Each pod's parsed terms, parsed once per pod object (pods are long-lived, with immutable labels and
 * spec); one per plugin instance.
 */
export type PodTermsMemo = ObjectMemo<Pod, PodAffinityTerms>;

export function newPodTermsMemo(): PodTermsMemo {
  return new ObjectMemo(parsePodAffinityTerms);
}

/** The pod's terms, parsed (see PodTermsMemo for the cached form). */
function parsePodAffinityTerms(pod: Pod): PodAffinityTerms {
  const a = pod.spec.affinity;
  return !a || (!a.podAffinity && !a.podAntiAffinity)
    ? EMPTY_TERMS
    : {
        requiredAffinity: (a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
          parseTerm(pod, t),
        ),
        requiredAntiAffinity: (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map(
          (t) => parseTerm(pod, t),
        ),
        preferredAffinity: (a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) =>
          parseWeighted(pod, t),
        ),
        preferredAntiAffinity: (a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
          (t) => parseWeighted(pod, t),
        ),
      };
}

function parseWeighted(pod: Pod, t: WeightedPodAffinityTerm): WeightedAffinityTerm {
  return { ...parseTerm(pod, t.podAffinityTerm), weight: t.weight };
}

/**
 * framework.getAffinityTerms + the API server's matchLabelKeys/mismatchLabelKeys handling
 * (pkg/registry/core/pod/strategy.go: applyMatchLabelKeysAndMismatchLabelKeys, KEP-3633): kubesim has
 * no admission step, so the keys are merged here, with the same rule: `key In (value)` and
 * `key NotIn (value)` for each key the pod carries, and nothing at all when labelSelector is unset.
 */
export function parseTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  // schedutil.GetNamespacesFromPodAffinityTerm: no namespaces and no namespaceSelector → own namespace.
  const namespaces =
    (term.namespaces?.length ?? 0) === 0 && term.namespaceSelector === undefined
      ? new Set([pod.namespace])
      : new Set(term.namespaces ?? []);
  return {
    namespaces,
    namespaceSelector:
      term.namespaceSelector === undefined ? NOTHING : compileSelector(term.namespaceSelector),
    selector: compileSelector(withLabelKeys(term, pod.labels)),
    topologyKey: term.topologyKey,
  };
}

function withLabelKeys(term: PodAffinityTerm, podLabels: Labels): LabelSelector | undefined {
  const selector = term.labelSelector;
  if (selector === undefined) return undefined;
  const match = term.matchLabelKeys ?? [];
  const mismatch = term.mismatchLabelKeys ?? [];
  if (match.length === 0 && mismatch.length === 0) return selector;
  const added: LabelSelectorRequirement[] = [];
  for (const key of match) {
    const v = podLabels[key];
    if (v !== undefined) added.push({ key, operator: 'In', values: [v] });
  }
  for (const key of mismatch) {
    const v = podLabels[key];
    if (v !== undefined) added.push({ key, operator: 'NotIn', values: [v] });
  }
  return { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...added] };
}

/**
 * The labels of namespace `ns`. kubesim has no Namespace objects; every namespace carries the label
 * the API server sets on all namespaces since v1.21, kubernetes.io/metadata.name=<name>, and nothing
 * else. So `namespaceSelector: {}` selects every namespace, a selector on
 * kubernetes.io/metadata.name works as in a real cluster, and any other selector selects none.
 */
export function namespaceLabels(ns: string): Labels {
  return { 'kubernetes.io/metadata.name': ns };
}

/** fwk.AffinityTerm.Matches: the pod is in one of the term's namespaces and matches its selector. */
export function termMatchesPod(term: AffinityTerm, pod: Pod): boolean {
  if (!term.namespaces.has(pod.namespace)) {
    if (term.namespaceSelector.nothing) return false;
    if (!selectorMatches(term.namespaceSelector, namespaceLabels(pod.namespace))) return false;
  }
  return selectorMatches(term.selector, pod.labels);
}

/** filtering.go: podMatchesAllAffinityTerms: false for no terms. */
export function podMatchesAllTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatchesPod(t, pod)) return false;
  return true;
}

/** Topology key → topology value → count (upstream topologyToMatchedTermCount, nested to avoid string keys). */
export type TopologyCounts = Map<string, Map<string, number>>;

/** Adds `delta` to the count of (key, value), dropping entries that reach 0 as upstream does. */
export function addCount(m: TopologyCounts, key: string, value: string, delta: number): void {
  let inner = m.get(key);
  if (!inner) {
    inner = new Map();
    m.set(key, inner);
  }
  const next = (inner.get(value) ?? 0) + delta;
  if (next === 0) {
    inner.delete(value);
    if (inner.size === 0) m.delete(key);
  } else inner.set(value, next);
}

/** A stable text form of terms, for memo keys. */
export function termsSignature(terms: readonly AffinityTerm[]): string {
  let out = '';
  for (const t of terms) {
    out += `[${[...t.namespaces].join(',')};${selectorSignature(t.namespaceSelector)};${selectorSignature(t.selector)};${t.topologyKey}]`;
  }
  return out;
}

/** The count for (key, value), 0 when absent. */
export function getCount(m: TopologyCounts, key: string, value: string): number {
  return m.get(key)?.get(value) ?? 0;
}
