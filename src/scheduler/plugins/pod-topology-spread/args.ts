import type { TopologySpreadConstraint } from '../../../model/pod.js';

/**
 * PodTopologySpreadArgs (kubescheduler.config.k8s.io/v1), as kubesim reads them from pluginConfig.
 */
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

const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];

/**
 * Reads and validates PodTopologySpreadArgs (defaults as v1/defaults.go, checks as
 * validation.ValidatePodTopologySpreadArgs). Throws a RangeError/TypeError naming the bad field.
 */
export function parsePodTopologySpreadArgs(raw: Record<string, unknown> | undefined): PodTopologySpreadArgs {
  const args = raw ?? {};
  for (const key of Object.keys(args)) {
    if (key !== 'defaultConstraints' && key !== 'defaultingType') {
      throw new TypeError(`Cannot configure PodTopologySpread as '${key}' is not a known argument`);
    }
  }
  const defaultingType = args.defaultingType ?? 'System';
  if (defaultingType !== 'System' && defaultingType !== 'List') {
    throw new RangeError(
      `Cannot configure PodTopologySpread as 'defaultingType' must be System or List: current value is ${String(defaultingType)}`,
    );
  }
  const constraints = args.defaultConstraints ?? [];
  if (!Array.isArray(constraints)) {
    throw new TypeError("Cannot configure PodTopologySpread as 'defaultConstraints' must be a list");
  }
  if (defaultingType === 'System' && constraints.length > 0) {
    throw new RangeError(
      "Cannot configure PodTopologySpread as 'defaultConstraints' must be empty when 'defaultingType' is System",
    );
  }
  const seen = new Set<string>();
  constraints.forEach((c: TopologySpreadConstraint, i: number) => {
    const where = `defaultConstraints[${i}]`;
    if (typeof c !== 'object' || c === null) {
      throw new TypeError(`Cannot configure PodTopologySpread as '${where}' must be an object`);
    }
    if (!Number.isInteger(c.maxSkew) || c.maxSkew <= 0) {
      throw new RangeError(
        `Cannot configure PodTopologySpread as '${where}.maxSkew' must be greater than zero: current value is ${String(c.maxSkew)}`,
      );
    }
    if (typeof c.topologyKey !== 'string' || c.topologyKey === '') {
      throw new RangeError(`Cannot configure PodTopologySpread as '${where}.topologyKey' must not be empty`);
    }
    if (!WHEN_UNSATISFIABLE.includes(c.whenUnsatisfiable)) {
      throw new RangeError(
        `Cannot configure PodTopologySpread as '${where}.whenUnsatisfiable' must be DoNotSchedule or ScheduleAnyway: current value is ${String(c.whenUnsatisfiable)}`,
      );
    }
    if (c.labelSelector !== undefined) {
      throw new RangeError(
        `Cannot configure PodTopologySpread as '${where}.labelSelector' must not be set: default constraints take their selector from the pod's Services and workloads`,
      );
    }
    const pair = `${c.topologyKey}/${c.whenUnsatisfiable}`;
    if (seen.has(pair)) {
      throw new RangeError(
        `Cannot configure PodTopologySpread as '${where}' duplicates topologyKey ${c.topologyKey} with whenUnsatisfiable ${c.whenUnsatisfiable}`,
      );
    }
    seen.add(pair);
  });
  return { defaultConstraints: constraints, defaultingType };
}
