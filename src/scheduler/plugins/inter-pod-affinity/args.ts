import { z } from 'zod';
import { bool, int } from '../../../manifests/schemas/common.js';
import { type ArgsIssue, invalid, type PluginArgsDefinition } from '../../config/plugin-args.js';

/** InterPodAffinityArgs (kubescheduler.config.k8s.io/v1), defaulted. */
export interface InterPodAffinityArgs {
  /**
   * Weight of an existing pod's required affinity term that the incoming pod matches, in scoring.
   * 0 to 100.
   * @default 1
   */
  hardPodAffinityWeight: number;
  /**
   * Score only by the incoming pod's preferred terms, ignoring existing pods' preferences, when the
   * incoming pod has no preferred terms (PreScore then skips).
   * @default false
   */
  ignorePreferredTermsOfExistingPods: boolean;
}

// SetDefaults_InterPodAffinityArgs: hardPodAffinityWeight 1.
const schema = z.strictObject({
  hardPodAffinityWeight: int().default(1),
  ignorePreferredTermsOfExistingPods: bool.default(false),
});

/** ValidateInterPodAffinityArgs: hardPodAffinityWeight in [0, 100]. */
function validate(args: InterPodAffinityArgs): ArgsIssue[] {
  const w = args.hardPodAffinityWeight;
  return w < 0 || w > 100 ? [invalid(['hardPodAffinityWeight'], w, 'not in valid range [0, 100]')] : [];
}

/** InterPodAffinityArgs: decoded, defaulted and validated. */
export const INTER_POD_AFFINITY_ARGS: PluginArgsDefinition<InterPodAffinityArgs> = { schema, validate };
