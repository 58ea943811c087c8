import { z } from 'zod';
import { duration, int } from '../manifests/schemas/common.js';
import { type ArgsIssue, forbidden, invalid, type PluginArgsDefinition } from './config/plugin-args.js';

// Args of plugins that kubesim accepts but whose behaviour their args do not change here: they are
// decoded, defaulted and validated as kube-scheduler does, so a configuration kube-scheduler rejects
// is rejected here too.

/** DefaultPreemptionArgs, defaulted. kubesim dry-runs every candidate node, so neither changes a result. */
export interface DefaultPreemptionArgs {
  /** @default 10 */
  minCandidateNodesPercentage: number;
  /** @default 100 */
  minCandidateNodesAbsolute: number;
}

/** ValidateDefaultPreemptionArgs: percentage in [0, 100], absolute ≥ 0, not both 0. */
function validateDefaultPreemption(a: DefaultPreemptionArgs): ArgsIssue[] {
  const issues: ArgsIssue[] = [];
  const pct = a.minCandidateNodesPercentage;
  const abs = a.minCandidateNodesAbsolute;
  if (pct < 0 || pct > 100)
    issues.push(invalid(['minCandidateNodesPercentage'], pct, 'not in valid range [0, 100]'));
  if (abs < 0) issues.push(invalid(['minCandidateNodesAbsolute'], abs, 'not in valid range [0, inf)'));
  if (pct === 0 && abs === 0) {
    issues.push(
      invalid(
        ['minCandidateNodesPercentage'],
        pct,
        'cannot be zero at the same time as minCandidateNodesAbsolute',
      ),
      invalid(
        ['minCandidateNodesAbsolute'],
        abs,
        'cannot be zero at the same time as minCandidateNodesPercentage',
      ),
    );
  }
  return issues;
}

/** DefaultPreemptionArgs (SetDefaults_DefaultPreemptionArgs: 10 %, 100). */
export const DEFAULT_PREEMPTION_ARGS: PluginArgsDefinition<DefaultPreemptionArgs> = {
  schema: z.strictObject({
    minCandidateNodesPercentage: int().default(10),
    minCandidateNodesAbsolute: int().default(100),
  }),
  validate: validateDefaultPreemption,
};

/** VolumeBindingArgs, defaulted (kubesim has no PersistentVolumes). */
export interface VolumeBindingArgs {
  /** @default 600 */
  bindTimeoutSeconds: number;
  shape?: unknown;
}

/**
 * ValidateVolumeBindingArgs with the default feature gates: bindTimeoutSeconds ≥ 0, and no shape
 * (StorageCapacityScoring is off by default).
 */
function validateVolumeBinding(a: VolumeBindingArgs): ArgsIssue[] {
  const issues: ArgsIssue[] = [];
  if (a.bindTimeoutSeconds < 0) {
    issues.push(
      invalid(
        ['bindTimeoutSeconds'],
        a.bindTimeoutSeconds,
        'invalid BindTimeoutSeconds, should not be a negative value',
      ),
    );
  }
  if (a.shape !== undefined) {
    issues.push(
      invalid(
        ['shape'],
        a.shape,
        'unexpected field `shape`, remove it or turn on the feature gate StorageCapacityScoring',
      ),
    );
  }
  return issues;
}

/** VolumeBindingArgs (SetDefaults_VolumeBindingArgs: bindTimeoutSeconds 600). */
export const VOLUME_BINDING_ARGS: PluginArgsDefinition<VolumeBindingArgs> = {
  schema: z.strictObject({ bindTimeoutSeconds: int().default(600), shape: z.unknown().optional() }),
  validate: validateVolumeBinding,
};

/** DynamicResourcesArgs, defaulted (kubesim does not model DRA). Durations in µs. */
export interface DynamicResourcesArgs {
  /** @default 10 s (DRASchedulerFilterTimeout, on by default) */
  filterTimeout: number;
  bindingTimeout?: number;
}

/**
 * ValidateDynamicResourcesArgs with the default feature gates: a filterTimeout ≥ 0 (duration() only
 * decodes those), and no bindingTimeout (DRADeviceBindingConditions is off by default).
 */
function validateDynamicResources(a: DynamicResourcesArgs): ArgsIssue[] {
  return a.bindingTimeout === undefined
    ? []
    : [
        forbidden(
          ['bindingTimeout'],
          'DRADeviceBindingConditions or DRAResourceClaimDeviceStatus feature gate is disabled',
        ),
      ];
}

/** DynamicResourcesArgs (SetDefaults_DynamicResourcesArgs: filterTimeout 10 s). */
export const DYNAMIC_RESOURCES_ARGS: PluginArgsDefinition<DynamicResourcesArgs> = {
  schema: z.strictObject({
    filterTimeout: duration().default(10_000_000),
    bindingTimeout: duration().optional(),
  }),
  validate: validateDynamicResources,
};
