import type { PluginRef } from '../model/scheduler-config.js';
import { Names } from './names.js';

/** The scheduler name of the default profile (kubescheduler.config.k8s.io/v1). */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/**
 * The default profile's plugins, all enabled through multiPoint, in upstream order, with the score
 * weights. upstream: pkg/scheduler/apis/config/v1/default_plugins.go getDefaultPlugins (v1.33–v1.36).
 * Plugins kubesim does not model (volumes, DRA, ImageLocality, SchedulingGates) stay in the list so a
 * configuration naming them is accepted; the registry gives them no extension point.
 */
export const DEFAULT_MULTI_POINT_PLUGINS: readonly Readonly<PluginRef>[] = [
  { name: Names.SchedulingGates },
  { name: Names.PrioritySort },
  { name: Names.NodeUnschedulable },
  { name: Names.NodeName },
  { name: Names.TaintToleration, weight: 3 },
  { name: Names.NodeAffinity, weight: 2 },
  { name: Names.NodePorts },
  { name: Names.NodeResourcesFit, weight: 1 },
  { name: Names.VolumeRestrictions },
  { name: Names.NodeVolumeLimits },
  { name: Names.VolumeBinding },
  { name: Names.VolumeZone },
  { name: Names.PodTopologySpread, weight: 2 },
  { name: Names.InterPodAffinity, weight: 2 },
  { name: Names.DynamicResources },
  { name: Names.DefaultPreemption },
  { name: Names.NodeResourcesBalancedAllocation, weight: 1 },
  { name: Names.ImageLocality, weight: 1 },
  { name: Names.DefaultBinder },
];

/** percentageOfNodesToScore: 0 = adaptive (apis/config/v1/defaults.go; schedule_one.go). */
export const DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE = 0;

/** podInitialBackoffSeconds (apis/config/v1/defaults.go). */
export const DEFAULT_POD_INITIAL_BACKOFF_SECONDS = 1;

/** podMaxBackoffSeconds (apis/config/v1/defaults.go). */
export const DEFAULT_POD_MAX_BACKOFF_SECONDS = 10;

/**
 * podMaxInUnschedulablePodsDuration: an unschedulable pod is retried after at most this long
 * (backend/queue/scheduling_queue.go DefaultPodMaxInUnschedulablePodsDuration).
 */
export const POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_SECONDS = 5 * 60;

/** How often unschedulable pods older than the limit are flushed (flushUnschedulablePodsLeftover period). */
export const UNSCHEDULABLE_FLUSH_PERIOD_SECONDS = 30;

/** From this minor on, popping with activeQ empty takes a backing-off pod (SchedulerPopFromBackoffQ, 1.33 beta). */
export const POP_FROM_BACKOFF_Q_MINOR = 33;
