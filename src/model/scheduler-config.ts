/**
 * The parts of KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) kubesim honours, as written
 * in the document. The scheduler fills in defaults (scheduler/defaults.ts); this is the raw shape.
 */
export interface PluginRef {
  name: string;
  weight?: number;
}

export interface PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}

export interface Plugins {
  preFilter?: PluginSet;
  filter?: PluginSet;
  preScore?: PluginSet;
  score?: PluginSet;
  /** PostFilter: DefaultPreemption. */
  postFilter?: PluginSet;
  /** multiPoint enables a plugin at every extension point it implements. */
  multiPoint?: PluginSet;
}

export interface PluginConfig {
  name: string;
  /**
   * Plugin arguments as written (e.g. NodeResourcesFitArgs); the plugin's PluginArgsDefinition decodes,
   * defaults and validates them (scheduler/config/plugin-args.ts).
   */
  args: Record<string, unknown>;
}

export interface SchedulerProfile {
  schedulerName?: string;
  percentageOfNodesToScore?: number;
  plugins?: Plugins;
  pluginConfig?: PluginConfig[];
}

export interface KubeSchedulerConfiguration {
  percentageOfNodesToScore?: number;
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
  profiles?: SchedulerProfile[];
}
