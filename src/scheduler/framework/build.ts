import type { RandomStream } from '../../engine/random.js';
import type { PluginRef } from '../../model/scheduler-config.js';
import {
  EXTENSION_POINTS,
  type ExtensionPoint,
  type ResolvedProfile,
  SchedulerConfigError,
} from '../config/resolve.js';
import { Names } from '../names.js';
import type { PluginContext, PluginRegistry } from '../registry.js';
import type { FilterPlugin, Plugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from './interface.js';
import { Framework, type WeightedScorePlugin } from './runner.js';

const METHOD: Record<Exclude<ExtensionPoint, 'postFilter'>, string> = {
  preFilter: 'preFilter',
  filter: 'filter',
  preScore: 'preScore',
  score: 'score',
};

function implementsPoint(plugin: Plugin, point: ExtensionPoint): boolean {
  if (point === 'postFilter') return plugin.name === Names.DefaultPreemption;
  return typeof Reflect.get(plugin, METHOD[point]) === 'function';
}

/** A profile's framework and whether DefaultPreemption (PostFilter) is enabled. */
export interface BuiltProfile {
  readonly framework: Framework;
  readonly preemption: boolean;
}

/**
 * Instantiates a resolved profile's plugins (once each) and lays them out per extension point, as
 * upstream NewFramework + expandMultiPointPlugins (framework/runtime/framework.go): plugins named at a
 * point come first in their order, then multiPoint plugins implementing that point and not disabled
 * there; a score weight named at the score point wins over the multiPoint weight; weight 0 means 1.
 */
export function buildFramework(
  profile: ResolvedProfile,
  registry: PluginRegistry,
  ctx: PluginContext,
  random: RandomStream,
): BuiltProfile {
  const instances = new Map<string, Plugin | undefined>();
  const instance = (name: string): Plugin | undefined => {
    if (instances.has(name)) return instances.get(name);
    if (!registry.get(name)) {
      throw new SchedulerConfigError(
        `Cannot configure profile "${profile.schedulerName}": plugin "${name}" does not exist`,
      );
    }
    // Built-in and unmodelled plugins have no factory: they run nowhere.
    const p = registry.instantiate(name, profile.pluginArgs.get(name), ctx);
    instances.set(name, p);
    return p;
  };

  const lists = {} as Record<ExtensionPoint, PluginRef[]>;
  let preemption = false;
  for (const point of EXTENSION_POINTS) {
    const explicit = profile.plugins[point];
    const disabled = profile.disabled[point];
    const out: PluginRef[] = [];
    const seen = new Set<string>();
    const add = (ref: PluginRef, fromMultiPoint: boolean): void => {
      if (seen.has(ref.name)) return;
      if (ref.name === Names.DefaultPreemption) {
        if (point === 'postFilter') {
          preemption = true;
          seen.add(ref.name);
        }
        return;
      }
      const p = instance(ref.name);
      if (!p) return;
      if (!implementsPoint(p, point)) {
        // kubesim's plugin may do at another point what upstream's does at this one (NodeResourcesFit
        // has no PreFilter here): enabling it there is valid and changes nothing.
        if (fromMultiPoint || registry.get(ref.name)?.points.includes(point)) return;
        throw new SchedulerConfigError(
          `Cannot configure profile "${profile.schedulerName}": plugin "${ref.name}" does not extend ${point}`,
        );
      }
      seen.add(ref.name);
      out.push(ref);
    };
    const multiNames = new Set(profile.multiPoint.map((r) => r.name));
    // Part 1: explicit plugins that are also multiPoint plugins (overrides), in their order.
    for (const ref of explicit) if (multiNames.has(ref.name)) add(ref, false);
    // Part 2: multiPoint plugins not disabled at this point.
    if (!disabled.has('*')) {
      for (const ref of profile.multiPoint) if (!disabled.has(ref.name)) add(ref, true);
    }
    // Part 3: the remaining explicit plugins.
    for (const ref of explicit) add(ref, false);
    lists[point] = out;
  }

  const weightOf = (name: string): number => {
    const explicit = profile.plugins.score.find((r) => r.name === name)?.weight;
    const multi = profile.multiPoint.find((r) => r.name === name)?.weight;
    const w = explicit ?? multi ?? 0;
    return w === 0 ? 1 : w;
  };
  const framework = new Framework(
    profile.schedulerName,
    {
      preFilter: lists.preFilter.map((r) => instance(r.name) as PreFilterPlugin),
      filter: lists.filter.map((r) => instance(r.name) as FilterPlugin),
      preScore: lists.preScore.map((r) => instance(r.name) as PreScorePlugin),
      score: lists.score.map(
        (r): WeightedScorePlugin => ({ plugin: instance(r.name) as ScorePlugin, weight: weightOf(r.name) }),
      ),
    },
    profile.percentageOfNodesToScore,
    random,
  );
  return { framework, preemption };
}
