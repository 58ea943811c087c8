import { z } from 'zod';
import { affinity } from '../../manifests/schemas/core.js';
import type { NodeAffinity, NodeSelectorRequirement, NodeSelectorTerm } from '../../model/pod.js';
import {
  type ArgsIssue,
  type ArgsPath,
  forbidden,
  invalid,
  notSupported,
  type PluginArgsDefinition,
  required,
  validateLabelName,
} from '../config/plugin-args.js';
import { isValidLabelValue } from './helper/node-selector.js';

/** NodeAffinityArgs (kubescheduler.config.k8s.io/v1): addedAffinity applies to every pod of the profile. */
export interface NodeAffinityArgs {
  addedAffinity?: NodeAffinity;
}

const schema = z.strictObject({ addedAffinity: affinity.shape.nodeAffinity });

const INTEGER = /^[+-]?\d+$/;

/**
 * One requirement as nodeaffinity.newNodeSelector parses it (component-helpers/scheduling/corev1/
 * nodeaffinity/nodeaffinity.go with field.WithPath): the operator's value count, label key and values
 * for matchExpressions; only metadata.name with In/NotIn and one value for matchFields.
 */
function validateRequirement(r: NodeSelectorRequirement, path: ArgsPath, field: boolean): ArgsIssue[] {
  const values = r.values ?? [];
  const vpath = [...path, 'values'];
  if (field) {
    if (r.key !== 'metadata.name') return [notSupported([...path, 'key'], r.key, ['metadata.name'])];
    if (r.operator !== 'In' && r.operator !== 'NotIn') {
      return [invalid([...path, 'operator'], r.operator, 'not a valid selector operator')];
    }
    return values.length === 1 ? [] : [invalid(vpath, values, 'must have one element')];
  }
  const issues = validateLabelName([...path, 'key'], r.key);
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0)
        issues.push(required(vpath, "must be specified when `operator` is 'In' or 'NotIn'"));
      values.forEach((v, i) => {
        if (!isValidLabelValue(v)) issues.push(invalid([...vpath, i], v, 'must be a valid label value'));
      });
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        issues.push(forbidden(vpath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) {
        issues.push(required(vpath, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      } else if (!INTEGER.test(values[0] as string)) {
        issues.push(invalid([...vpath, 0], values[0], 'must be an integer'));
      }
      break;
  }
  return issues;
}

function validateTerm(t: NodeSelectorTerm, path: ArgsPath): ArgsIssue[] {
  const issues: ArgsIssue[] = [];
  (t.matchExpressions ?? []).forEach((r, i) => {
    issues.push(...validateRequirement(r, [...path, 'matchExpressions', i], false));
  });
  (t.matchFields ?? []).forEach((r, i) => {
    issues.push(...validateRequirement(r, [...path, 'matchFields', i], true));
  });
  return issues;
}

/** ValidateNodeAffinityArgs: addedAffinity's selectors must parse (NewNodeSelector, NewPreferredSchedulingTerms). */
function validate(args: NodeAffinityArgs): ArgsIssue[] {
  const a = args.addedAffinity;
  if (a === undefined) return [];
  const issues: ArgsIssue[] = [];
  const req = a.requiredDuringSchedulingIgnoredDuringExecution;
  req?.nodeSelectorTerms.forEach((t, i) => {
    issues.push(
      ...validateTerm(t, [
        'addedAffinity',
        'requiredDuringSchedulingIgnoredDuringExecution',
        'nodeSelectorTerms',
        i,
      ]),
    );
  });
  (a.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((p, i) => {
    issues.push(
      ...validateTerm(p.preference, [
        'addedAffinity',
        'preferredDuringSchedulingIgnoredDuringExecution',
        i,
        'preference',
      ]),
    );
  });
  return issues;
}

/** NodeAffinityArgs: decoded (no defaults to apply) and validated. */
export const NODE_AFFINITY_ARGS: PluginArgsDefinition<NodeAffinityArgs> = {
  schema: schema as z.ZodType<NodeAffinityArgs>,
  validate,
};
