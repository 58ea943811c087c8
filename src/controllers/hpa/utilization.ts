/** One pod's sample against its request, millicores. */
export interface UsageSample {
  usage: number;
  request: number;
}

/** The utilisation of a set of samples against a target. */
export interface UtilizationRatio {
  /** Σ usage × 100 / Σ requests, truncated to an integer percent as Go's int64 division does. */
  utilization: number;
  /** utilization / target: the ratio the tolerance and the ceil are applied to. */
  ratio: number;
  /** Σ usage / number of samples, truncated (the metric status' averageValue). */
  averageUsageMilliCpu: number;
  usageTotal: number;
  requestTotal: number;
}

/**
 * metrics/utilization.go GetResourceUtilizationRatio: a ratio of sums, not a mean of per-pod ratios.
 * The percent is truncated before dividing by the target, so 1099/1000 at a target of 100 is 1.09, not
 * 1.099. Undefined when the requests sum to zero (upstream: "no metrics returned matched known pods").
 */
export function resourceUtilizationRatio(
  samples: readonly UsageSample[],
  targetUtilization: number,
): UtilizationRatio | undefined {
  let usageTotal = 0;
  let requestTotal = 0;
  for (const s of samples) {
    usageTotal += s.usage;
    requestTotal += s.request;
  }
  if (requestTotal === 0) return undefined;
  const utilization = Math.trunc((usageTotal * 100) / requestTotal);
  return {
    utilization,
    ratio: utilization / targetUtilization,
    averageUsageMilliCpu: Math.trunc(usageTotal / samples.length),
    usageTotal,
    requestTotal,
  };
}
