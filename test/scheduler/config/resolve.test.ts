import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/random.js';
import { ClusterState } from '../../../src/model/cluster-state.js';
import type { KubeSchedulerConfiguration } from '../../../src/model/scheduler-config.js';
import { DynamicResourceIndex } from '../../../src/scheduler/cache/resource-index.js';
import { MutableSnapshot } from '../../../src/scheduler/cache/snapshot.js';
import {
  resolveSchedulerConfiguration,
  SchedulerConfigError,
} from '../../../src/scheduler/config/resolve.js';
import { buildFramework } from '../../../src/scheduler/framework/build.js';
import { inTreeRegistry } from '../../../src/scheduler/registry.js';

function build(config?: KubeSchedulerConfiguration) {
  const registry = inTreeRegistry();
  const resolved = resolveSchedulerConfiguration(config, registry);
  const snapshot = new MutableSnapshot(new DynamicResourceIndex());
  const random = new RandomStreams(1).get('t');
  return resolved.profiles.map((p) =>
    buildFramework(
      p,
      registry,
      {
        handle: { snapshot: () => snapshot, cluster: new ClusterState(), random },
        resources: snapshot.resources,
        kubernetesMinor: 36,
      },
      random,
    ),
  );
}

const names = (list: readonly { name: string }[]) => list.map((p) => p.name);

describe('resolveSchedulerConfiguration', () => {
  it('fills in the v1 defaults: one default-scheduler profile, adaptive percentage, 1 s / 10 s backoff', () => {
    const c = resolveSchedulerConfiguration(undefined);
    expect(c.podInitialBackoffSeconds).toBe(1);
    expect(c.podMaxBackoffSeconds).toBe(10);
    expect(c.percentageOfNodesToScore).toBe(0);
    expect(c.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler']);
    expect(c.profiles[0]?.pluginArgs.get('NodeResourcesFit')).toEqual({
      scoringStrategy: {
        type: 'LeastAllocated',
        resources: [
          { name: 'cpu', weight: 1 },
          { name: 'memory', weight: 1 },
        ],
      },
      ignoredResources: [],
      ignoredResourceGroups: [],
    });
  });

  it('lays out the default plugins per extension point with upstream weights', () => {
    const [p] = build();
    const fw = p?.framework;
    expect(p?.preemption).toBe(true);
    expect(names(fw?.plugins.filter ?? [])).toEqual([
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration',
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'PodTopologySpread',
      'InterPodAffinity',
    ]);
    expect(fw?.plugins.score.map((s) => [s.plugin.name, s.weight])).toEqual([
      ['TaintToleration', 3],
      ['NodeAffinity', 2],
      ['NodeResourcesFit', 1],
      ['PodTopologySpread', 2],
      ['InterPodAffinity', 2],
      ['NodeResourcesBalancedAllocation', 1],
    ]);
  });

  it('honours score weights, disabled plugins and "*" per extension point', () => {
    const [p] = build({
      profiles: [
        {
          plugins: {
            score: {
              enabled: [{ name: 'NodeResourcesFit', weight: 5 }],
              disabled: [{ name: 'NodeResourcesBalancedAllocation' }],
            },
            multiPoint: { disabled: [{ name: 'PodTopologySpread' }, { name: 'DefaultPreemption' }] },
          },
        },
      ],
    });
    expect(p?.preemption).toBe(false);
    expect(p?.framework.plugins.score.map((s) => [s.plugin.name, s.weight])).toEqual([
      ['NodeResourcesFit', 5],
      ['TaintToleration', 3],
      ['NodeAffinity', 2],
      ['InterPodAffinity', 2],
    ]);
    const [q] = build({ profiles: [{ plugins: { score: { disabled: [{ name: '*' }] } } }] });
    expect(q?.framework.plugins.score).toEqual([]);
    expect(names(q?.framework.plugins.filter ?? [])).toContain('NodeResourcesFit');
    const [r] = build({
      profiles: [
        {
          plugins: { multiPoint: { disabled: [{ name: '*' }] }, filter: { enabled: [{ name: 'NodeName' }] } },
        },
      ],
    });
    expect(names(r?.framework.plugins.filter ?? [])).toEqual(['NodeName']);
  });

  it('builds one framework per profile with its own percentageOfNodesToScore', () => {
    const fws = build({
      percentageOfNodesToScore: 30,
      profiles: [{}, { schedulerName: 'bin-packer', percentageOfNodesToScore: 100 }],
    });
    expect(fws.map((f) => [f.framework.profileName, f.framework.percentageOfNodesToScore])).toEqual([
      ['default-scheduler', 30],
      ['bin-packer', 100],
    ]);
  });

  const invalid: [string, KubeSchedulerConfiguration, string][] = [
    [
      'an unknown scoring strategy',
      {
        profiles: [
          { pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'Balanced' } } }] },
        ],
      },
      'Cannot configure profile "default-scheduler": pluginConfig[0].args.scoringStrategy.type: Unsupported value: "Balanced": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"',
    ],
    [
      'RequestedToCapacityRatio without a shape',
      {
        profiles: [
          {
            pluginConfig: [
              { name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'RequestedToCapacityRatio' } } },
            ],
          },
        ],
      },
      'Cannot configure profile "default-scheduler": pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio: Required value: must be specified when type is RequestedToCapacityRatio',
    ],
    [
      'a shape score above 10',
      {
        profiles: [
          {
            pluginConfig: [
              {
                name: 'NodeResourcesFit',
                args: {
                  scoringStrategy: {
                    type: 'RequestedToCapacityRatio',
                    requestedToCapacityRatio: {
                      shape: [
                        { utilization: 0, score: 0 },
                        { utilization: 100, score: 11 },
                      ],
                    },
                  },
                },
              },
            ],
          },
        ],
      },
      'Cannot configure profile "default-scheduler": pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].score: Invalid value: 11: not in valid range [0, 10]',
    ],
    [
      'percentageOfNodesToScore above 100',
      { percentageOfNodesToScore: 101 },
      'Cannot configure KubeSchedulerConfiguration: percentageOfNodesToScore must be an integer from 0 to 100: current value is 101',
    ],
    [
      'podMaxBackoffSeconds below podInitialBackoffSeconds',
      { podInitialBackoffSeconds: 5, podMaxBackoffSeconds: 2 },
      'Cannot configure KubeSchedulerConfiguration: podMaxBackoffSeconds must be >= podInitialBackoffSeconds (5): current value is 2',
    ],
    [
      'two profiles with one name',
      { profiles: [{}, {}] },
      'Cannot configure KubeSchedulerConfiguration: profiles must have distinct schedulerName: current value is default-scheduler twice',
    ],
  ];
  for (const [what, config, message] of invalid) {
    it(`rejects ${what} with one clear sentence`, () => {
      expect(() => resolveSchedulerConfiguration(config)).toThrow(new SchedulerConfigError(message));
    });
  }

  it('rejects an unknown plugin, and one enabled at a point it does not extend', () => {
    expect(() => build({ profiles: [{ plugins: { filter: { enabled: [{ name: 'Nope' }] } } }] })).toThrow(
      'Cannot configure profile "default-scheduler": plugins.filter.enabled[0].name: plugin "Nope" does not exist',
    );
    expect(() => build({ profiles: [{ plugins: { score: { enabled: [{ name: 'NodePorts' }] } } }] })).toThrow(
      'Cannot configure profile "default-scheduler": plugins.score.enabled[0].name: plugin "NodePorts" does not extend score',
    );
  });

  it('accepts a plugin at an upstream point where kubesim does its work elsewhere, adding nothing there', () => {
    const [built] = build({
      profiles: [{ plugins: { preFilter: { enabled: [{ name: 'NodeResourcesFit' }] } } }],
    });
    expect(names(built?.framework.plugins.preFilter ?? [])).not.toContain('NodeResourcesFit');
  });
});
