import type { LabelSelector, LabelSelectorRequirement, Labels } from '../../../model/labels.js';
import { matchesRequirements } from '../../../model/labels.js';
import type { PodSelector } from '../../framework/interface.js';

/**
 * A label selector converted once per cycle, as metav1.LabelSelectorAsSelector does upstream: an
 * undefined selector selects nothing, an empty one ({}) selects everything, matchLabels become
 * `key In (value)` requirements ANDed with matchExpressions. The snapshot counts pods by it
 * (Snapshot.matchingPods).
 */
export type CompiledSelector = PodSelector;

/** The selector that matches nothing (metav1.LabelSelectorAsSelector(nil)). */
export const NOTHING: CompiledSelector = Object.freeze({ nothing: true, requirements: [] });

/** Converts a metav1.LabelSelector; undefined selects nothing, {} everything. */
export function compileSelector(selector: LabelSelector | undefined): CompiledSelector {
  if (selector === undefined) return NOTHING;
  const requirements: LabelSelectorRequirement[] = [];
  if (selector.matchLabels) {
    for (const key of Object.keys(selector.matchLabels)) {
      requirements.push({ key, operator: 'In', values: [selector.matchLabels[key] as string] });
    }
  }
  if (selector.matchExpressions) requirements.push(...selector.matchExpressions);
  return { nothing: false, requirements };
}

/** Whether `labels` satisfy every requirement (a selector without requirements matches all). */
export function selectorMatches(selector: CompiledSelector, labels: Labels): boolean {
  return !selector.nothing && matchesRequirements(selector.requirements, labels);
}

/** Whether the selector selects everything (labels.Selector.Empty()). */
export function selectorIsEmpty(selector: CompiledSelector): boolean {
  return !selector.nothing && selector.requirements.length === 0;
}

/**
 * `key In (value)` for each of `keys` present in `podLabels`, ANDed with `selector`
 * (podtopologyspread/common.go: mergeLabelSetWithSelector). A Nothing selector contributes no
 * requirements, so the result then selects by the pod's label values alone, as upstream.
 */
export function mergeMatchLabelKeys(
  selector: CompiledSelector,
  keys: readonly string[] | undefined,
  podLabels: Labels,
): CompiledSelector {
  if (!keys || keys.length === 0) return selector;
  const added: LabelSelectorRequirement[] = [];
  for (const key of keys) {
    const value = podLabels[key];
    if (value !== undefined) added.push({ key, operator: 'In', values: [value] });
  }
  if (added.length === 0) return selector;
  return { nothing: false, requirements: [...added, ...selector.requirements] };
}

/** A stable text form of the selector, for cache keys. */
export function selectorSignature(selector: CompiledSelector): string {
  if (selector.nothing) return '∅';
  return selector.requirements.map((r) => `${r.key}|${r.operator}|${(r.values ?? []).join(',')}`).join(';');
}
