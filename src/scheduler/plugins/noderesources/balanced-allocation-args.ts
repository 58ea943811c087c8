import { z } from 'zod';
import { type ArgsIssue, duplicate, invalid, type PluginArgsDefinition } from '../../config/plugin-args.js';
import { resourceSpecs } from './fit-args.js';
import type { ResourceSpec } from './scorers.js';

/** NodeResourcesBalancedAllocationArgs (kubescheduler.config.k8s.io/v1), defaulted. */
export interface NodeResourcesBalancedAllocationArgs {
  /** @default cpu and memory, weight 1 (SetDefaults_NodeResourcesBalancedAllocationArgs) */
  resources: ResourceSpec[];
}

const schema = z.strictObject({ resources: resourceSpecs });

/** ValidateNodeResourcesBalancedAllocationArgs: names unique, every weight exactly 1. */
function validate(args: NodeResourcesBalancedAllocationArgs): ArgsIssue[] {
  const issues: ArgsIssue[] = [];
  const seen = new Set<string>();
  args.resources.forEach((r, i) => {
    if (seen.has(r.name)) issues.push(duplicate(['resources', i, 'name'], r.name));
    else seen.add(r.name);
    if (r.weight !== 1) issues.push(invalid(['resources', i, 'weight'], r.weight, 'must be 1'));
  });
  return issues;
}

/** NodeResourcesBalancedAllocationArgs: decoded, defaulted and validated. */
export const NODE_RESOURCES_BALANCED_ALLOCATION_ARGS: PluginArgsDefinition<NodeResourcesBalancedAllocationArgs> =
  { schema, validate };

/** The defaulted args of a profile that sets none (a fresh object each call). */
export function defaultBalancedAllocationArgs(): NodeResourcesBalancedAllocationArgs {
  return schema.parse({});
}
