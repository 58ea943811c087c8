import type { z } from 'zod';
import { PARSE_OPTIONS } from '../../manifests/issues.js';
import type { PluginSet, SchedulerProfile } from '../../model/scheduler-config.js';
import { CONFIG_EXTENSION_POINTS, type PluginRegistry } from '../registry.js';
import type { ArgsPath } from './plugin-args.js';

/** Receives what checkProfilePlugins finds, at paths relative to the profile. */
export interface ProfileIssueSink {
  error(path: ArgsPath, message: string): void;
  warning(path: ArgsPath, message: string): void;
  /** The args at `path` (`written`, as in the document) did not decode: zod's issues, relative to them. */
  undecodable(path: ArgsPath, written: unknown, issues: readonly z.core.$ZodIssue[]): void;
}

const POINTS = [...CONFIG_EXTENSION_POINTS, 'multiPoint'] as const;

function refsOf(set: PluginSet | undefined, list: 'enabled' | 'disabled') {
  return (set?.[list] ?? []).map((ref, j) => ({ ref, j }));
}

/**
 * Checks every plugin a profile names against `registry` and resolves every plugin's args; the one
 * place both the loader (file:line diagnostics) and resolveSchedulerConfiguration (a thrown error)
 * judge a profile's plugins.
 * - an enabled plugin must exist, and extend the point it is enabled at (upstream NewFramework:
 *   framework/runtime/framework.go updatePluginList, expandMultiPointPlugins);
 * - pluginConfig names a plugin once (validation.go validatePluginConfig); its args are decoded strictly,
 *   defaulted and validated by the plugin's PluginArgsDefinition; args for a plugin that does not exist
 *   or takes none are ignored, as kube-scheduler's decoding keeps them as unknown objects (a warning);
 * - a plugin with args that the profile does not configure gets its defaults (SetDefaults_*Args).
 * Returns plugin name → resolved args; a plugin whose args are invalid is left out.
 */
export function checkProfilePlugins(
  profile: SchedulerProfile,
  registry: PluginRegistry,
  sink: ProfileIssueSink,
): Map<string, unknown> {
  const plugins = (profile.plugins ?? {}) as Partial<Record<(typeof POINTS)[number], PluginSet>>;
  for (const point of POINTS) {
    for (const { ref, j } of refsOf(plugins[point], 'enabled')) {
      const path = ['plugins', point, 'enabled', j, 'name'];
      const def = registry.get(ref.name);
      if (!def) sink.error(path, `plugin "${ref.name}" does not exist`);
      else if (point !== 'multiPoint' && !def.points.includes(point)) {
        sink.error(path, `plugin "${ref.name}" does not extend ${point}`);
      }
    }
    for (const { ref, j } of refsOf(plugins[point], 'disabled')) {
      if (ref.name !== '*' && !registry.get(ref.name)) {
        sink.warning(
          ['plugins', point, 'disabled', j, 'name'],
          `plugin "${ref.name}" does not exist; disabling it has no effect`,
        );
      }
    }
  }

  const resolved = new Map<string, unknown>();
  const configured = new Set<string>();
  (profile.pluginConfig ?? []).forEach((pc, j) => {
    if (configured.has(pc.name)) {
      sink.error(['pluginConfig', j, 'name'], `Duplicate value: ${JSON.stringify(pc.name)}`);
      return;
    }
    configured.add(pc.name);
    const def = registry.get(pc.name);
    const written = pc.args ?? {};
    if (!def?.args) {
      if (!def) {
        sink.warning(['pluginConfig', j, 'name'], `plugin "${pc.name}" does not exist; its args are ignored`);
      } else if (Object.keys(written).length > 0) {
        sink.warning(['pluginConfig', j, 'args'], `plugin ${pc.name} takes no args; they are ignored`);
      }
      return;
    }
    const argsPath = ['pluginConfig', j, 'args'];
    const decoded = def.args.schema.safeParse(written, PARSE_OPTIONS);
    if (!decoded.success) {
      sink.undecodable(argsPath, written, decoded.error.issues);
      return;
    }
    const issues = def.args.validate(decoded.data);
    for (const issue of issues) sink.error([...argsPath, ...issue.path], issue.message);
    if (issues.length === 0) resolved.set(pc.name, decoded.data);
  });
  for (const name of registry.names) {
    const def = registry.get(name);
    if (def?.args && !configured.has(name)) resolved.set(name, def.args.schema.parse({}));
  }
  return resolved;
}
