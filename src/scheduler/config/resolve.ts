import type {
  KubeSchedulerConfiguration,
  PluginRef,
  PluginSet,
  Plugins,
  SchedulerProfile,
} from '../../model/scheduler-config.js';
import {
  DEFAULT_MULTI_POINT_PLUGINS,
  DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE,
  DEFAULT_POD_INITIAL_BACKOFF_SECONDS,
  DEFAULT_POD_MAX_BACKOFF_SECONDS,
  DEFAULT_SCHEDULER_NAME,
} from '../defaults.js';
import { Names } from '../names.js';
import { DEFAULT_BALANCED_ALLOCATION_ARGS } from '../plugins/noderesources/balanced-allocation.js';
import { DEFAULT_FIT_ARGS } from '../plugins/noderesources/fit.js';
import type { ResourceSpec, UtilizationShapePoint } from '../plugins/noderesources/scorers.js';

/** Extension points kubesim runs plugins at (queueSort and bind are fixed: PrioritySort, DefaultBinder). */
export type ExtensionPoint = 'preFilter' | 'filter' | 'preScore' | 'score' | 'postFilter';

/** The extension points in the order a cycle runs them. */
export const EXTENSION_POINTS: readonly ExtensionPoint[] = [
  'preFilter',
  'filter',
  'preScore',
  'score',
  'postFilter',
];

/** A profile with every default applied: what the Scheduler builds its framework from. */
export interface ResolvedProfile {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore: number;
  /** Plugins enabled per point, after merging with the defaults, before multiPoint expansion. */
  readonly plugins: Readonly<Record<ExtensionPoint, readonly PluginRef[]>>;
  /** The merged multiPoint set: plugins enabled at every point they implement. */
  readonly multiPoint: readonly PluginRef[];
  /** Names disabled per point ("*" = all multiPoint plugins). */
  readonly disabled: Readonly<Record<ExtensionPoint, ReadonlySet<string>>>;
  /** Args per plugin: defaults for NodeResourcesFit/BalancedAllocation merged and validated; others as written. */
  readonly pluginArgs: ReadonlyMap<string, Record<string, unknown> | undefined>;
}

/** KubeSchedulerConfiguration with every default applied and validated. */
export interface ResolvedSchedulerConfiguration {
  readonly percentageOfNodesToScore: number;
  readonly podInitialBackoffSeconds: number;
  readonly podMaxBackoffSeconds: number;
  readonly profiles: readonly ResolvedProfile[];
}

/** Thrown for an invalid configuration; the message is one Deno-style sentence. */
export class SchedulerConfigError extends Error {
  override readonly name = 'SchedulerConfigError';
}

function fail(what: string, detail: string): never {
  throw new SchedulerConfigError(`Cannot configure ${what}: ${detail}`);
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function checkPercentage(what: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) {
    fail(what, `percentageOfNodesToScore must be an integer from 0 to 100: current value is ${show(v)}`);
  }
  return v;
}

/**
 * upstream v1 mergePluginSet (apis/config/v1/default_plugins.go): defaults first, in their order, minus
 * the disabled ones ("*" drops them all); a default the user re-enables is replaced in place (its new
 * weight kept); the user's other plugins follow.
 */
function mergePluginSet(
  defaults: readonly PluginRef[],
  custom: PluginSet | undefined,
): {
  enabled: PluginRef[];
  disabled: Set<string>;
} {
  const disabled = new Set((custom?.disabled ?? []).map((p) => p.name));
  const customEnabled = custom?.enabled ?? [];
  const byName = new Map(customEnabled.map((p, i) => [p.name, i] as const));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabled.has('*')) {
    for (const d of defaults) {
      if (disabled.has(d.name)) continue;
      const i = byName.get(d.name);
      if (i !== undefined) {
        enabled.push({ ...(customEnabled[i] as PluginRef) });
        replaced.add(i);
      } else {
        enabled.push({ ...d });
      }
    }
  }
  customEnabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push({ ...p });
  });
  return { enabled, disabled };
}

function checkRefs(profile: string, point: string, set: PluginSet | undefined): void {
  for (const ref of [...(set?.enabled ?? []), ...(set?.disabled ?? [])]) {
    if (!ref || typeof ref.name !== 'string' || ref.name === '') {
      fail(`profile "${profile}"`, `plugins.${point} entries need a name: current value is ${show(ref)}`);
    }
    if (ref.weight !== undefined && (!Number.isInteger(ref.weight) || ref.weight < 0)) {
      fail(
        `profile "${profile}"`,
        `plugins.${point} weight of ${ref.name} must be a non-negative integer: current value is ${show(ref.weight)}`,
      );
    }
  }
}

function resolveFitArgs(raw: Record<string, unknown> | undefined): Record<string, unknown> {
  const what = Names.NodeResourcesFit;
  const strategyRaw = (raw?.scoringStrategy ?? {}) as Record<string, unknown>;
  if (typeof strategyRaw !== 'object' || strategyRaw === null) {
    fail(what, `scoringStrategy must be an object: current value is ${show(strategyRaw)}`);
  }
  const type = strategyRaw.type ?? DEFAULT_FIT_ARGS.scoringStrategy.type;
  const types = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];
  if (typeof type !== 'string' || !types.includes(type)) {
    fail(what, `scoringStrategy.type must be one of ${types.join(', ')}: current value is ${show(type)}`);
  }
  const resources = resolveResources(what, 'scoringStrategy.resources', strategyRaw.resources);
  let shape: UtilizationShapePoint[] | undefined;
  if (type === 'RequestedToCapacityRatio') {
    const rtcr = (strategyRaw.requestedToCapacityRatio ?? {}) as { shape?: unknown };
    shape = resolveShape(what, rtcr.shape);
  }
  for (const key of ['ignoredResources', 'ignoredResourceGroups'] as const) {
    const v = raw?.[key];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) {
      fail(what, `${key} must be a list of resource names: current value is ${show(v)}`);
    }
  }
  return {
    ...raw,
    scoringStrategy: {
      type,
      resources,
      ...(shape ? { requestedToCapacityRatio: { shape } } : {}),
    },
  };
}

function resolveResources(what: string, path: string, raw: unknown): ResourceSpec[] {
  if (raw === undefined) return DEFAULT_FIT_ARGS.scoringStrategy.resources.map((r) => ({ ...r }));
  if (!Array.isArray(raw) || raw.length === 0) {
    fail(what, `${path} must be a non-empty list of {name, weight}: current value is ${show(raw)}`);
  }
  const seen = new Set<string>();
  return raw.map((r: { name?: unknown; weight?: unknown }, i) => {
    if (typeof r?.name !== 'string' || r.name === '') {
      fail(what, `${path}[${i}].name must be a resource name: current value is ${show(r?.name)}`);
    }
    if (seen.has(r.name)) fail(what, `${path}[${i}].name must be unique: current value is ${r.name}`);
    seen.add(r.name);
    // validation.validateResources: weight in [1, 100]; an omitted weight defaults to 1.
    const weight = r.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1 || weight > 100) {
      fail(what, `${path}[${i}].weight must be an integer from 1 to 100: current value is ${show(r.weight)}`);
    }
    return { name: r.name, weight };
  });
}

function resolveShape(what: string, raw: unknown): UtilizationShapePoint[] {
  const path = 'scoringStrategy.requestedToCapacityRatio.shape';
  if (!Array.isArray(raw) || raw.length === 0) {
    fail(what, `${path} must be a non-empty list of {utilization, score}: current value is ${show(raw)}`);
  }
  let previous = -1;
  return raw.map((p: { utilization?: unknown; score?: unknown }, i) => {
    const u = p?.utilization ?? 0;
    const s = p?.score ?? 0;
    if (typeof u !== 'number' || !Number.isInteger(u) || u < 0 || u > 100) {
      fail(what, `${path}[${i}].utilization must be an integer from 0 to 100: current value is ${show(u)}`);
    }
    if (u <= previous) {
      fail(
        what,
        `${path}[${i}].utilization values must be increasing: current value is ${u} after ${previous}`,
      );
    }
    previous = u;
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > 10) {
      fail(what, `${path}[${i}].score must be an integer from 0 to 10: current value is ${show(s)}`);
    }
    return { utilization: u, score: s };
  });
}

function resolveBalancedArgs(raw: Record<string, unknown> | undefined): Record<string, unknown> {
  const resources =
    raw?.resources === undefined
      ? DEFAULT_BALANCED_ALLOCATION_ARGS.resources.map((r) => ({ ...r }))
      : resolveResources(Names.NodeResourcesBalancedAllocation, 'resources', raw.resources);
  return { ...raw, resources };
}

function resolveProfile(profile: SchedulerProfile, globalPercentage: number, index: number): ResolvedProfile {
  const schedulerName = profile.schedulerName ?? DEFAULT_SCHEDULER_NAME;
  if (typeof schedulerName !== 'string' || schedulerName === '') {
    fail(
      `profiles[${index}]`,
      `schedulerName must be a non-empty string: current value is ${show(schedulerName)}`,
    );
  }
  const what = `profile "${schedulerName}"`;
  const percentage = checkPercentage(what, profile.percentageOfNodesToScore) ?? globalPercentage;
  const custom: Plugins = profile.plugins ?? {};
  for (const point of [...EXTENSION_POINTS, 'multiPoint'] as const)
    checkRefs(schedulerName, point, custom[point]);
  const multi = mergePluginSet(DEFAULT_MULTI_POINT_PLUGINS, custom.multiPoint);
  const plugins = {} as Record<ExtensionPoint, PluginRef[]>;
  const disabled = {} as Record<ExtensionPoint, Set<string>>;
  for (const point of EXTENSION_POINTS) {
    const merged = mergePluginSet([], custom[point]);
    plugins[point] = merged.enabled;
    disabled[point] = merged.disabled;
  }
  const pluginArgs = new Map<string, Record<string, unknown> | undefined>();
  for (const pc of profile.pluginConfig ?? []) {
    if (!pc || typeof pc.name !== 'string')
      fail(what, `pluginConfig entries need a name: current value is ${show(pc)}`);
    if (pluginArgs.has(pc.name))
      fail(what, `pluginConfig has ${pc.name} twice: current value is ${show(pc.args)}`);
    pluginArgs.set(pc.name, pc.args ?? {});
  }
  pluginArgs.set(Names.NodeResourcesFit, resolveFitArgs(pluginArgs.get(Names.NodeResourcesFit)));
  pluginArgs.set(
    Names.NodeResourcesBalancedAllocation,
    resolveBalancedArgs(pluginArgs.get(Names.NodeResourcesBalancedAllocation)),
  );
  return {
    schedulerName,
    percentageOfNodesToScore: percentage,
    plugins,
    multiPoint: multi.enabled,
    disabled,
    pluginArgs,
  };
}

/**
 * Fills every unset field of `config` with kube-scheduler's v1 defaults and validates the result (run
 * once, at load). Throws SchedulerConfigError with a one-sentence message on the first invalid value.
 * upstream: apis/config/v1/defaults.go, default_plugins.go (mergePlugins), validation/validation.go.
 */
export function resolveSchedulerConfiguration(
  config: KubeSchedulerConfiguration | undefined,
): ResolvedSchedulerConfiguration {
  const c = config ?? {};
  const percentage =
    checkPercentage('KubeSchedulerConfiguration', c.percentageOfNodesToScore) ??
    DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE;
  const initial = c.podInitialBackoffSeconds ?? DEFAULT_POD_INITIAL_BACKOFF_SECONDS;
  const max = c.podMaxBackoffSeconds ?? DEFAULT_POD_MAX_BACKOFF_SECONDS;
  if (typeof initial !== 'number' || !(initial > 0)) {
    fail(
      'KubeSchedulerConfiguration',
      `podInitialBackoffSeconds must be > 0: current value is ${show(initial)}`,
    );
  }
  if (typeof max !== 'number' || !(max >= initial)) {
    fail(
      'KubeSchedulerConfiguration',
      `podMaxBackoffSeconds must be >= podInitialBackoffSeconds (${initial}): current value is ${show(max)}`,
    );
  }
  const rawProfiles = c.profiles && c.profiles.length > 0 ? c.profiles : [{}];
  const profiles = rawProfiles.map((p, i) => resolveProfile(p ?? {}, percentage, i));
  const names = new Set<string>();
  for (const p of profiles) {
    if (names.has(p.schedulerName)) {
      fail(
        'KubeSchedulerConfiguration',
        `profiles must have distinct schedulerName: current value is ${p.schedulerName} twice`,
      );
    }
    names.add(p.schedulerName);
  }
  return {
    percentageOfNodesToScore: percentage,
    podInitialBackoffSeconds: initial,
    podMaxBackoffSeconds: max,
    profiles,
  };
}
