import type { PluginArgsDefinition } from './config/plugin-args.js';
import type { FrameworkHandle, Plugin, ResourceIndex } from './framework/interface.js';
import { Names } from './names.js';
import { INTER_POD_AFFINITY_ARGS } from './plugins/inter-pod-affinity/args.js';
import { newInterPodAffinity } from './plugins/inter-pod-affinity/index.js';
import { NodeAffinity } from './plugins/node-affinity.js';
import { NODE_AFFINITY_ARGS } from './plugins/node-affinity-args.js';
import { NodeName } from './plugins/node-name.js';
import { NodePorts } from './plugins/node-ports.js';
import { NodeUnschedulable } from './plugins/node-unschedulable.js';
import { NodeResourcesBalancedAllocation } from './plugins/noderesources/balanced-allocation.js';
import { NODE_RESOURCES_BALANCED_ALLOCATION_ARGS } from './plugins/noderesources/balanced-allocation-args.js';
import { NodeResourcesFit } from './plugins/noderesources/fit.js';
import { NODE_RESOURCES_FIT_ARGS } from './plugins/noderesources/fit-args.js';
import { POD_TOPOLOGY_SPREAD_ARGS } from './plugins/pod-topology-spread/args.js';
import { newPodTopologySpread } from './plugins/pod-topology-spread/index.js';
import { TaintToleration } from './plugins/taint-toleration.js';
import { DEFAULT_PREEMPTION_ARGS, DYNAMIC_RESOURCES_ARGS, VOLUME_BINDING_ARGS } from './unmodelled-args.js';

/** What a plugin factory receives besides its args. */
export interface PluginContext {
  readonly handle: FrameworkHandle;
  /** The snapshot's resource index (resolve resource names to vector slots once, here). */
  readonly resources: ResourceIndex;
  /** Kubernetes minor version (36 for "1.36"), for version-dependent behaviour. */
  readonly kubernetesMinor: number;
}

/**
 * Every extension point a KubeSchedulerConfiguration names (config.Plugins). kubesim runs plugins at
 * preFilter, filter, preScore, score and postFilter (DefaultPreemption); the others are accepted for
 * the built-in and unmodelled plugins that extend them.
 */
export const CONFIG_EXTENSION_POINTS = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;

/** One of CONFIG_EXTENSION_POINTS. */
export type ConfigExtensionPoint = (typeof CONFIG_EXTENSION_POINTS)[number];

/**
 * A plugin as the registry knows it (upstream: a registry entry plus the plugin's args type).
 * `points` are the extension points the upstream plugin implements, which a configuration may enable
 * it at. A plugin that kubesim models has a `factory`, which receives the args decoded, defaulted and
 * validated by `args`; a plugin without a factory is accepted in a configuration and does nothing
 * (built into the Scheduler, or not modelled).
 */
export interface PluginDefinition<A = unknown> {
  readonly name: string;
  readonly points: readonly ConfigExtensionPoint[];
  /** The args' decoding, defaults and validation; undefined when the plugin takes none. */
  readonly args?: PluginArgsDefinition<A>;
  readonly factory?: (args: A, ctx: PluginContext) => Plugin;
}

/** A definition whose args type has been checked against its factory (see definePlugin). */
export type AnyPluginDefinition = PluginDefinition<never> & {
  readonly args?: PluginArgsDefinition<unknown>;
  readonly factory?: (args: never, ctx: PluginContext) => Plugin;
};

/** Checks a definition's factory against its args type, then stores it untyped in a registry. */
export function definePlugin<A>(definition: PluginDefinition<A>): AnyPluginDefinition {
  return definition as AnyPluginDefinition;
}

/**
 * The registry (upstream framework/plugins/registry.go NewInTreeRegistry, merged with out-of-tree
 * plugins as app.WithPlugin does): plugin name → definition. Each Scheduler (and each explain run)
 * holds its own, so runs in one process never see each other's plugins.
 */
export class PluginRegistry {
  private readonly byName: ReadonlyMap<string, AnyPluginDefinition>;

  constructor(definitions: readonly AnyPluginDefinition[]) {
    const m = new Map<string, AnyPluginDefinition>();
    for (const d of definitions) {
      if (m.has(d.name))
        throw new Error(`Cannot register plugin ${d.name}: a plugin of that name is already registered`);
      m.set(d.name, d);
    }
    this.byName = m;
  }

  get(name: string): AnyPluginDefinition | undefined {
    return this.byName.get(name);
  }

  get names(): readonly string[] {
    return [...this.byName.keys()];
  }

  /** A new registry with these plugins added, or replacing the ones of the same name. */
  with(...definitions: AnyPluginDefinition[]): PluginRegistry {
    const replaced = new Set(definitions.map((d) => d.name));
    return new PluginRegistry([
      ...[...this.byName.values()].filter((d) => !replaced.has(d.name)),
      ...definitions,
    ]);
  }

  /**
   * Builds a plugin from args as resolved for it (the definition's decoded and defaulted args, see
   * config/resolve.ts); undefined for a plugin that has no factory.
   */
  instantiate(name: string, args: unknown, ctx: PluginContext): Plugin | undefined {
    const d = this.byName.get(name);
    return d?.factory ? (d.factory as (a: unknown, c: PluginContext) => Plugin)(args, ctx) : undefined;
  }
}

const FILTER_SCORE = ['preFilter', 'filter', 'preScore', 'score'] as const;

/**
 * The in-tree plugins (framework/plugins/registry.go), with the extension points each implements
 * upstream. Volumes (kubesim has no PersistentVolumes), DRA, scheduling gates and ImageLocality (no
 * image state) are accepted and not modelled; PrioritySort, DefaultBinder and DefaultPreemption are
 * built into the Scheduler (queue order, binding, PostFilter).
 */
export function inTreeRegistry(): PluginRegistry {
  return new PluginRegistry([
    definePlugin({ name: Names.PrioritySort, points: ['queueSort'] }),
    definePlugin({ name: Names.DefaultBinder, points: ['bind'] }),
    definePlugin({ name: Names.DefaultPreemption, points: ['postFilter'], args: DEFAULT_PREEMPTION_ARGS }),
    definePlugin({ name: Names.SchedulingGates, points: ['preEnqueue'] }),
    definePlugin({
      name: Names.NodeUnschedulable,
      points: ['filter'],
      factory: () => new NodeUnschedulable(),
    }),
    definePlugin({ name: Names.NodeName, points: ['filter'], factory: () => new NodeName() }),
    definePlugin({
      name: Names.TaintToleration,
      points: ['filter', 'preScore', 'score'],
      factory: (_args, ctx) => new TaintToleration(ctx.kubernetesMinor),
    }),
    definePlugin({
      name: Names.NodeAffinity,
      points: FILTER_SCORE,
      args: NODE_AFFINITY_ARGS,
      factory: (args) => new NodeAffinity(args),
    }),
    definePlugin({ name: Names.NodePorts, points: ['preFilter', 'filter'], factory: () => new NodePorts() }),
    definePlugin({
      name: Names.NodeResourcesFit,
      points: FILTER_SCORE,
      args: NODE_RESOURCES_FIT_ARGS,
      factory: (args, ctx) => new NodeResourcesFit(args, ctx.resources),
    }),
    definePlugin({
      name: Names.NodeResourcesBalancedAllocation,
      points: ['preScore', 'score'],
      args: NODE_RESOURCES_BALANCED_ALLOCATION_ARGS,
      factory: (args, ctx) => new NodeResourcesBalancedAllocation(args, ctx.resources, ctx.kubernetesMinor),
    }),
    definePlugin({ name: Names.ImageLocality, points: ['score'] }),
    definePlugin({
      name: Names.PodTopologySpread,
      points: FILTER_SCORE,
      args: POD_TOPOLOGY_SPREAD_ARGS,
      factory: (args, ctx) => newPodTopologySpread(args, ctx.handle),
    }),
    definePlugin({
      name: Names.InterPodAffinity,
      points: FILTER_SCORE,
      args: INTER_POD_AFFINITY_ARGS,
      factory: (args, ctx) => newInterPodAffinity(args, ctx.handle),
    }),
    definePlugin({ name: Names.VolumeRestrictions, points: ['preFilter', 'filter'] }),
    definePlugin({ name: Names.NodeVolumeLimits, points: ['preFilter', 'filter'] }),
    definePlugin({
      name: Names.VolumeBinding,
      points: ['preFilter', 'filter', 'preScore', 'score', 'reserve', 'preBind'],
      args: VOLUME_BINDING_ARGS,
    }),
    definePlugin({ name: Names.VolumeZone, points: ['preFilter', 'filter'] }),
    definePlugin({
      name: Names.DynamicResources,
      points: ['preEnqueue', 'preFilter', 'filter', 'postFilter', 'reserve', 'preBind'],
      args: DYNAMIC_RESOURCES_ARGS,
    }),
  ]);
}
