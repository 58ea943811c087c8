import type { Node } from '../../../model/node.js';
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../../../model/pod.js';
import { findUntoleratedTaint, type TaintEffect } from '../../../model/taints.js';

// helper.DoNotScheduleTaintsFilterFunc: the taint effects that keep a pod off a node.
const DO_NOT_SCHEDULE_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'NoExecute'];

/** Whether the node has a NoSchedule/NoExecute taint the pod does not tolerate. */
export function hasUntoleratedTaint(pod: Pod, node: Node): boolean {
  if (node.taints.length === 0) return false;
  return findUntoleratedTaint(node.taints, pod.spec.tolerations, DO_NOT_SCHEDULE_EFFECTS) !== undefined;
}

/**
 * component-helpers nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): the pod's nodeSelector and
 * its required node affinity (terms ORed, requirements within a term ANDed; a term with no
 * requirement matches nothing; matchFields supports metadata.name only).
 */
export function matchesRequiredNodeAffinity(pod: Pod, node: Node): boolean {
  const nodeSelector = pod.spec.nodeSelector;
  for (const key in nodeSelector) {
    if (node.labels[key] !== nodeSelector[key]) return false;
  }
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  for (const term of required.nodeSelectorTerms) {
    if (termMatches(term, node)) return true;
  }
  return false;
}

function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const req of exprs) {
    if (!requirementMatches(req, node.labels[req.key])) return false;
  }
  for (const req of fields) {
    // Only metadata.name is a supported field selector upstream; anything else matches nothing.
    if (req.key !== 'metadata.name') return false;
    if (!requirementMatches(req, node.name)) return false;
  }
  return true;
}

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const have = parseIntStrict(value);
      const want = parseIntStrict(values[0] as string);
      if (have === undefined || want === undefined) return false;
      return req.operator === 'Gt' ? have > want : have < want;
    }
  }
}

function parseIntStrict(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}
