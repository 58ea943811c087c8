import type { FrameworkHandle, Plugin, ResourceIndex } from './framework/interface.js';
import { Names } from './names.js';
import { newInterPodAffinity } from './plugins/inter-pod-affinity/index.js';
import { NodeAffinity, type NodeAffinityArgs } from './plugins/node-affinity.js';
import { NodeName } from './plugins/node-name.js';
import { NodePorts } from './plugins/node-ports.js';
import { NodeUnschedulable } from './plugins/node-unschedulable.js';
import {
  NodeResourcesBalancedAllocation,
  type NodeResourcesBalancedAllocationArgs,
} from './plugins/noderesources/balanced-allocation.js';
import { NodeResourcesFit, type NodeResourcesFitArgs } from './plugins/noderesources/fit.js';
import { newPodTopologySpread } from './plugins/pod-topology-spread/index.js';
import { TaintToleration } from './plugins/taint-toleration.js';

/** What a plugin factory receives besides its args. */
export interface PluginContext {
  readonly handle: FrameworkHandle;
  /** The snapshot's resource index (resolve resource names to vector slots once, here). */
  readonly resources: ResourceIndex;
  /** Kubernetes minor version (36 for "1.36"), for version-dependent behaviour. */
  readonly kubernetesMinor: number;
}

/**
 * Builds a plugin from its resolved args (the profile's pluginConfig entry merged over the defaults;
 * undefined when the plugin takes none).
 */
export type PluginFactory = (args: Record<string, unknown> | undefined, ctx: PluginContext) => Plugin;

/**
 * Plugins kubesim accepts in a configuration but does not model: volumes (no PersistentVolumes in
 * kubesim), DRA, scheduling gates, ImageLocality (no image state). PrioritySort, DefaultBinder and
 * DefaultPreemption are built into the Scheduler (queue order, binding, PostFilter).
 */
export const BUILT_IN_OR_UNMODELLED: ReadonlySet<string> = new Set([
  Names.PrioritySort,
  Names.DefaultBinder,
  Names.DefaultPreemption,
  Names.SchedulingGates,
  Names.ImageLocality,
  Names.VolumeRestrictions,
  Names.NodeVolumeLimits,
  Names.VolumeBinding,
  Names.VolumeZone,
  Names.DynamicResources,
]);

/**
 * The registry (upstream framework/plugins/registry.go): plugin name → factory. One explicit map;
 * `registerPlugin` adds out-of-tree plugins (and the topology plugins, see index.ts).
 */
export const registry = new Map<string, PluginFactory>([
  [Names.NodeUnschedulable, () => new NodeUnschedulable()],
  [Names.NodeName, () => new NodeName()],
  [Names.TaintToleration, (_args, ctx) => new TaintToleration(ctx.kubernetesMinor)],
  [Names.NodeAffinity, (args) => new NodeAffinity((args ?? {}) as NodeAffinityArgs)],
  [Names.NodePorts, () => new NodePorts()],
  [
    Names.NodeResourcesFit,
    (args, ctx) => new NodeResourcesFit(args as unknown as NodeResourcesFitArgs, ctx.resources),
  ],
  [
    Names.NodeResourcesBalancedAllocation,
    (args, ctx) =>
      new NodeResourcesBalancedAllocation(
        args as unknown as NodeResourcesBalancedAllocationArgs,
        ctx.resources,
        ctx.kubernetesMinor,
      ),
  ],
  // Written against the same contracts by the topology plugins' owner; args passed through as written.
  [Names.PodTopologySpread, (args, ctx) => newPodTopologySpread(args, ctx.handle)],
  [Names.InterPodAffinity, (args, ctx) => newInterPodAffinity(args, ctx.handle)],
]);

/**
 * Default plugins that may be missing from the registry (none today): the default profile skips them
 * instead of failing. Naming one explicitly in a configuration fails.
 */
export const NOT_YET_REGISTERED: ReadonlySet<string> = new Set<string>();

/** Adds (or replaces) a plugin factory in the registry. */
export function registerPlugin(name: string, factory: PluginFactory): void {
  registry.set(name, factory);
}
