/** Kubernetes labels: string keys to string values. */
export type Labels = Readonly<Record<string, string>>;

/** metav1.LabelSelectorRequirement. */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** metav1.LabelSelector: matchLabels and matchExpressions are ANDed; an empty selector matches everything. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** Whether `labels` satisfy one requirement (apimachinery labels.Requirement.Matches). */
export function matchesRequirement(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  switch (req.operator) {
    case 'In':
      return has && (req.values ?? []).includes(labels[req.key] as string);
    case 'NotIn':
      return !has || !(req.values ?? []).includes(labels[req.key] as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** Whether `labels` satisfy every requirement (none: always). */
export function matchesRequirements(reqs: readonly LabelSelectorRequirement[], labels: Labels): boolean {
  for (let i = 0; i < reqs.length; i++) {
    if (!matchesRequirement(reqs[i] as LabelSelectorRequirement, labels)) return false;
  }
  return true;
}

/**
 * Whether `labels` match `selector`. Following metav1.LabelSelectorAsSelector: an undefined selector
 * matches nothing, an empty one ({}) matches everything.
 */
export function matchesSelector(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined) return false;
  if (selector.matchLabels) {
    for (const key in selector.matchLabels) {
      if (labels[key] !== selector.matchLabels[key]) return false;
    }
  }
  if (selector.matchExpressions) {
    for (const req of selector.matchExpressions) if (!matchesRequirement(req, labels)) return false;
  }
  return true;
}

/** Whether a Service-style selector (a plain map; empty selects nothing) matches `labels`. */
export function matchesMapSelector(selector: Labels | undefined, labels: Labels): boolean {
  if (!selector) return false;
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  for (const key of keys) if (labels[key] !== selector[key]) return false;
  return true;
}
