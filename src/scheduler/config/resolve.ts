import { formatPath } from '../../manifests/source.js';
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
import { inTreeRegistry, type PluginRegistry } from '../registry.js';
import type { ArgsPath } from './plugin-args.js';
import { checkProfilePlugins, type ProfileIssueSink } from './profile-plugins.js';

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
  /** Args per plugin that takes any: decoded, defaulted and validated (see config/plugin-args.ts). */
  readonly pluginArgs: ReadonlyMap<string, unknown>;
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

/** A sink that throws the first error (library callers get one sentence; the loader reports them all). */
function throwingSink(what: string): ProfileIssueSink {
  const at = (path: ArgsPath): string => formatPath(path as (string | number)[]);
  return {
    error: (path, message) => fail(what, `${at(path)}: ${message}`),
    warning: () => {},
    undecodable: (path, _written, issues) => {
      const first = issues[0] as (typeof issues)[number];
      const inner =
        first.code === 'unrecognized_keys' ? [...first.path, first.keys[0] as string] : first.path;
      const message = first.code === 'unrecognized_keys' ? `unknown field "${first.keys[0]}"` : first.message;
      fail(what, `${at([...path, ...(inner as (string | number)[])])}: ${message}`);
    },
  };
}

function resolveProfile(
  profile: SchedulerProfile,
  globalPercentage: number,
  index: number,
  registry: PluginRegistry,
): ResolvedProfile {
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
  const pluginArgs = checkProfilePlugins(profile, registry, throwingSink(what));
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
 * once, at load), checking plugins against `registry`. Throws SchedulerConfigError with a one-sentence
 * message on the first invalid value.
 * upstream: apis/config/v1/defaults.go, default_plugins.go (mergePlugins), validation/validation.go.
 */
export function resolveSchedulerConfiguration(
  config: KubeSchedulerConfiguration | undefined,
  registry: PluginRegistry = inTreeRegistry(),
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
  const profiles = rawProfiles.map((p, i) => resolveProfile(p ?? {}, percentage, i, registry));
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
