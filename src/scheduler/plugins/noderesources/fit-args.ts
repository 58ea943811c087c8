import { z } from 'zod';
import { int, nonEmpty, str } from '../../../manifests/schemas/common.js';
import {
  type ArgsIssue,
  forbidden,
  invalid,
  oneOf,
  type PluginArgsDefinition,
  required,
  validateLabelName,
} from '../../config/plugin-args.js';
import type { ResourceSpec, UtilizationShapePoint } from './scorers.js';

/** The scoring strategies NodeResourcesFit supports (config.LeastAllocated, …). */
const SCORING_STRATEGY_TYPES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'] as const;

/** NodeResourcesFitArgs.scoringStrategy, defaulted. */
export interface ScoringStrategy {
  type: (typeof SCORING_STRATEGY_TYPES)[number];
  resources: ResourceSpec[];
  requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
}

/** NodeResourcesFitArgs (kubescheduler.config.k8s.io/v1), defaulted. */
export interface NodeResourcesFitArgs {
  scoringStrategy: ScoringStrategy;
  /** Extended resources the filter does not check. */
  ignoredResources: string[];
  /** Extended resource groups (prefix before "/") the filter does not check. */
  ignoredResourceGroups: string[];
}

/** defaultResourceSpec (apis/config/v1/defaults.go): cpu and memory, weight 1. */
function defaultResourceSpec(): ResourceSpec[] {
  return [
    { name: 'cpu', weight: 1 },
    { name: 'memory', weight: 1 },
  ];
}

/**
 * ResourceSpec list with SetDefaults' rules: an empty or missing list is the default set, an omitted
 * (or 0) weight is 1. Shared by NodeResourcesFit and NodeResourcesBalancedAllocation.
 */
export const resourceSpecs = z
  .array(z.strictObject({ name: nonEmpty, weight: int().optional() }))
  .optional()
  .transform((list): ResourceSpec[] =>
    list === undefined || list.length === 0
      ? defaultResourceSpec()
      : list.map((r) => ({ name: r.name, weight: r.weight === undefined || r.weight === 0 ? 1 : r.weight })),
  );

const shapePoint = z.strictObject({ utilization: int().default(0), score: int().default(0) });

const scoringStrategy = z.strictObject({
  // No default: a strategy without a type is unsupported (""), as upstream.
  type: oneOf(SCORING_STRATEGY_TYPES),
  resources: resourceSpecs,
  requestedToCapacityRatio: z.strictObject({ shape: z.array(shapePoint).default([]) }).optional(),
});

const schema = z
  .strictObject({
    scoringStrategy: scoringStrategy.optional(),
    ignoredResources: z.array(str).default([]),
    ignoredResourceGroups: z.array(str).default([]),
  })
  .transform(
    (a): NodeResourcesFitArgs => ({
      // SetDefaults_NodeResourcesFitArgs: no strategy is LeastAllocated over the default resources.
      scoringStrategy: a.scoringStrategy ?? { type: 'LeastAllocated', resources: defaultResourceSpec() },
      ignoredResources: a.ignoredResources,
      ignoredResourceGroups: a.ignoredResourceGroups,
    }),
  );

const MAX_CUSTOM_PRIORITY_SCORE = 10;

/** validateFunctionShape: at least one point, utilization increasing, both in range. */
function validateFunctionShape(
  shape: readonly UtilizationShapePoint[],
  path: readonly (string | number)[],
): ArgsIssue[] {
  if (shape.length === 0) return [required(path, 'at least one point must be specified')];
  const issues: ArgsIssue[] = [];
  for (let i = 1; i < shape.length; i++) {
    const cur = shape[i] as UtilizationShapePoint;
    if ((shape[i - 1] as UtilizationShapePoint).utilization >= cur.utilization) {
      issues.push(
        invalid([...path, i, 'utilization'], cur.utilization, 'values must be sorted in increasing order'),
      );
      break;
    }
  }
  shape.forEach((p, i) => {
    if (p.utilization < 0 || p.utilization > 100) {
      issues.push(invalid([...path, i, 'utilization'], p.utilization, 'not in valid range [0, 100]'));
    }
    if (p.score < 0 || p.score > MAX_CUSTOM_PRIORITY_SCORE) {
      issues.push(
        invalid([...path, i, 'score'], p.score, `not in valid range [0, ${MAX_CUSTOM_PRIORITY_SCORE}]`),
      );
    }
  });
  return issues;
}

/** validateResources: each weight in (0, 100]. */
function validateResources(
  resources: readonly ResourceSpec[],
  path: readonly (string | number)[],
): ArgsIssue[] {
  const issues: ArgsIssue[] = [];
  resources.forEach((r, i) => {
    if (r.weight <= 0 || r.weight > 100) {
      issues.push(
        invalid([...path, i, 'weight'], r.weight, `resource weight of ${r.name} not in valid range (0, 100]`),
      );
    }
  });
  return issues;
}

/** ValidateNodeResourcesFitArgs (apis/config/validation/validation_pluginargs.go). */
function validate(args: NodeResourcesFitArgs): ArgsIssue[] {
  const issues: ArgsIssue[] = [];
  args.ignoredResources.forEach((r, i) => {
    issues.push(...validateLabelName(['ignoredResources', i], r));
  });
  args.ignoredResourceGroups.forEach((g, i) => {
    if (g.includes('/'))
      issues.push(invalid(['ignoredResourceGroups', i], g, "resource group name can't contain '/'"));
    issues.push(...validateLabelName(['ignoredResourceGroups', i], g));
  });
  const s = args.scoringStrategy;
  issues.push(...validateResources(s.resources, ['scoringStrategy', 'resources']));
  if (s.type === 'RequestedToCapacityRatio') {
    if (s.requestedToCapacityRatio === undefined) {
      issues.push(
        required(
          ['scoringStrategy', 'requestedToCapacityRatio'],
          'must be specified when type is RequestedToCapacityRatio',
        ),
      );
    } else {
      issues.push(
        ...validateFunctionShape(s.requestedToCapacityRatio.shape, [
          'scoringStrategy',
          'requestedToCapacityRatio',
          'shape',
        ]),
      );
    }
  } else if (s.requestedToCapacityRatio !== undefined) {
    issues.push(
      forbidden(
        ['scoringStrategy', 'requestedToCapacityRatio'],
        'must be nil when type is not RequestedToCapacityRatio',
      ),
    );
  }
  return issues;
}

/** NodeResourcesFitArgs: decoded, defaulted (SetDefaults_NodeResourcesFitArgs) and validated. */
export const NODE_RESOURCES_FIT_ARGS: PluginArgsDefinition<NodeResourcesFitArgs> = { schema, validate };

/** The defaulted NodeResourcesFitArgs of a profile that sets none (a fresh object each call). */
export function defaultFitArgs(): NodeResourcesFitArgs {
  return schema.parse({});
}
