import { z } from 'zod';
import { int, labelSelector, str } from '../../../manifests/schemas/common.js';
import type { TopologySpreadConstraint } from '../../../model/pod.js';
import {
  type ArgsIssue,
  duplicate,
  forbidden,
  invalid,
  oneOf,
  type PluginArgsDefinition,
  required,
  validateLabelName,
} from '../../config/plugin-args.js';

/** PodTopologySpreadArgs (kubescheduler.config.k8s.io/v1), defaulted. */
export interface PodTopologySpreadArgs {
  /**
   * Constraints applied to pods that set none, with the selector taken from the Services and
   * workloads selecting the pod. Must be empty with defaultingType System.
   * @default []
   */
  defaultConstraints: TopologySpreadConstraint[];
  /**
   * System: use the built-in defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway).
   * List: use defaultConstraints.
   * @default 'System'
   */
  defaultingType: 'System' | 'List';
}

const DEFAULTING_TYPES = ['System', 'List'] as const;
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'] as const;
const policy = z.enum(['Honor', 'Ignore']);

// v1.TopologySpreadConstraint as written; validation judges maxSkew, topologyKey and a labelSelector.
const constraint = z.strictObject({
  maxSkew: int().default(0),
  topologyKey: str.default(''),
  whenUnsatisfiable: oneOf(WHEN_UNSATISFIABLE, 'can not be empty'),
  labelSelector: labelSelector.optional(),
  minDomains: int(1).optional(),
  nodeAffinityPolicy: policy.optional(),
  nodeTaintsPolicy: policy.optional(),
  matchLabelKeys: z.array(str).optional(),
});

// SetDefaults_PodTopologySpreadArgs: defaultingType System.
const schema = z.strictObject({
  defaultConstraints: z.array(constraint).default([]),
  defaultingType: oneOf(DEFAULTING_TYPES).default('System'),
});

/** ValidatePodTopologySpreadArgs (validation_pluginargs.go). */
function validate(args: PodTopologySpreadArgs): ArgsIssue[] {
  const issues: ArgsIssue[] = [];
  if (args.defaultingType === 'System' && args.defaultConstraints.length > 0) {
    issues.push(invalid(['defaultingType'], args.defaultingType, 'when .defaultConstraints are not empty'));
  }
  args.defaultConstraints.forEach((c, i) => {
    const p = ['defaultConstraints', i];
    if (c.maxSkew <= 0) issues.push(invalid([...p, 'maxSkew'], c.maxSkew, 'not in valid range (0, inf)'));
    if (c.topologyKey === '') issues.push(required([...p, 'topologyKey'], 'can not be empty'));
    else issues.push(...validateLabelName([...p, 'topologyKey'], c.topologyKey));
    if (c.labelSelector !== undefined) {
      issues.push(
        forbidden(
          [...p, 'labelSelector'],
          'constraint must not define a selector, as they deduced for each pod',
        ),
      );
    }
    // validateConstraintNotRepeat: the same (topologyKey, whenUnsatisfiable) twice.
    const earlier = args.defaultConstraints
      .slice(0, i)
      .some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable);
    if (earlier)
      issues.push(duplicate(['defaultConstraints', i], `{${c.topologyKey}, ${c.whenUnsatisfiable}}`));
  });
  return issues;
}

/** PodTopologySpreadArgs: decoded, defaulted and validated. */
export const POD_TOPOLOGY_SPREAD_ARGS: PluginArgsDefinition<PodTopologySpreadArgs> = {
  schema,
  validate,
};
