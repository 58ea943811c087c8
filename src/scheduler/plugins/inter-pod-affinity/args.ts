/** InterPodAffinityArgs (kubescheduler.config.k8s.io/v1). */
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

/**
 * Reads and validates InterPodAffinityArgs (defaults v1/defaults.go, checks
 * validation.ValidateInterPodAffinityArgs). Throws naming the bad field.
 */
export function parseInterPodAffinityArgs(raw: Record<string, unknown> | undefined): InterPodAffinityArgs {
  const args = raw ?? {};
  for (const key of Object.keys(args)) {
    if (key !== 'hardPodAffinityWeight' && key !== 'ignorePreferredTermsOfExistingPods') {
      throw new TypeError(`Cannot configure InterPodAffinity as '${key}' is not a known argument`);
    }
  }
  const weight = args.hardPodAffinityWeight ?? 1;
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
    throw new RangeError(
      `Cannot configure InterPodAffinity as 'hardPodAffinityWeight' must be an integer in [0, 100]: current value is ${String(weight)}`,
    );
  }
  const ignore = args.ignorePreferredTermsOfExistingPods ?? false;
  if (typeof ignore !== 'boolean') {
    throw new TypeError(
      `Cannot configure InterPodAffinity as 'ignorePreferredTermsOfExistingPods' must be a boolean: current value is ${String(ignore)}`,
    );
  }
  return { hardPodAffinityWeight: weight, ignorePreferredTermsOfExistingPods: ignore };
}
