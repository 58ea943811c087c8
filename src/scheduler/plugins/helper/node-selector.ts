import type { Labels } from '../../../model/labels.js';
import type { Node } from '../../../model/node.js';
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm } from '../../../model/pod.js';

// kube-scheduler matches node selectors with component-helpers/scheduling/corev1/nodeaffinity; these
// are the same rules: terms ORed, requirements in a term ANDed, an empty term matches nothing, a term
// that fails to parse (bad Gt/Lt value, unsupported field) matches nothing.

/** Parses a Gt/Lt operand the way labels.Requirement does (a base-10 int64); NaN when invalid. */
function parseInteger(s: string | undefined): number {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return Number.NaN;
  return Number(s);
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsValidLabelValue: at most 63 characters, alphanumerics with - _ . inside. */
export function isValidLabelValue(v: string): boolean {
  return v.length <= 63 && LABEL_VALUE.test(v);
}

/**
 * Whether node labels satisfy one NodeSelectorRequirement (matchExpressions). A requirement that does
 * not parse (an invalid In/NotIn value, a Gt/Lt operand that is not one integer) matches no node, as
 * labels.NewRequirement's error makes the whole term fail upstream.
 */
export function matchesNodeRequirement(req: NodeSelectorRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      if (values.length === 0 || !values.every(isValidLabelValue)) return false;
      return has && values.includes(value as string);
    case 'NotIn':
      if (values.length === 0 || !values.every(isValidLabelValue)) return false;
      return !has || !values.includes(value as string);
    case 'Exists':
      return values.length === 0 && has;
    case 'DoesNotExist':
      return values.length === 0 && !has;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1 || !has) return false;
      const want = parseInteger(values[0]);
      const got = parseInteger(value);
      if (Number.isNaN(want) || Number.isNaN(got)) return false;
      return req.operator === 'Gt' ? got > want : got < want;
    }
    default:
      return false;
  }
}

/** matchFields: only metadata.name with In/NotIn is valid (a single value), as upstream validation. */
function matchesField(req: NodeSelectorRequirement, node: Node): boolean {
  if (req.key !== 'metadata.name') return false;
  const values = req.values ?? [];
  if (values.length !== 1) return false;
  if (req.operator === 'In') return values[0] === node.name;
  if (req.operator === 'NotIn') return values[0] !== node.name;
  return false;
}

/** Whether `node` satisfies one NodeSelectorTerm. An empty term matches no node. */
export function matchesNodeSelectorTerm(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!matchesNodeRequirement(r, node.labels)) return false;
  for (const r of fields) if (!matchesField(r, node)) return false;
  return true;
}

/** Whether `node` satisfies a NodeSelector (terms ORed; no terms → no match). */
export function matchesNodeSelector(selector: NodeSelector, node: Node): boolean {
  for (const t of selector.nodeSelectorTerms) if (matchesNodeSelectorTerm(t, node)) return true;
  return false;
}
