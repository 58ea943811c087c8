/**
 * Plugin names, exactly as upstream spells them (pkg/scheduler/framework/plugins/names/names.go); they
 * appear in KubeSchedulerConfiguration documents and in explain output.
 */
export const Names = {
  PrioritySort: 'PrioritySort',
  DefaultBinder: 'DefaultBinder',
  DefaultPreemption: 'DefaultPreemption',
  NodeUnschedulable: 'NodeUnschedulable',
  NodeName: 'NodeName',
  TaintToleration: 'TaintToleration',
  NodeAffinity: 'NodeAffinity',
  NodePorts: 'NodePorts',
  NodeResourcesFit: 'NodeResourcesFit',
  NodeResourcesBalancedAllocation: 'NodeResourcesBalancedAllocation',
  ImageLocality: 'ImageLocality',
  PodTopologySpread: 'PodTopologySpread',
  InterPodAffinity: 'InterPodAffinity',
  VolumeRestrictions: 'VolumeRestrictions',
  NodeVolumeLimits: 'NodeVolumeLimits',
  VolumeBinding: 'VolumeBinding',
  VolumeZone: 'VolumeZone',
  DynamicResources: 'DynamicResources',
  SchedulingGates: 'SchedulingGates',
} as const;
