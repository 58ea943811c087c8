// Every plugin's args through its PluginArgsDefinition (decode strictly, SetDefaults_*, Validate*):
// upstream's cases from pkg/scheduler/apis/config/validation/validation_pluginargs_test.go, names kept,
// then the loader's file:line diagnostics for a KubeSchedulerConfiguration.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadText } from '../../../src/manifests/index.js';
import type { PluginArgsDefinition } from '../../../src/scheduler/config/plugin-args.js';
import { resolveSchedulerConfiguration } from '../../../src/scheduler/config/resolve.js';
import { INTER_POD_AFFINITY_ARGS } from '../../../src/scheduler/plugins/inter-pod-affinity/args.js';
import { NODE_AFFINITY_ARGS } from '../../../src/scheduler/plugins/node-affinity-args.js';
import { NODE_RESOURCES_BALANCED_ALLOCATION_ARGS } from '../../../src/scheduler/plugins/noderesources/balanced-allocation-args.js';
import { NODE_RESOURCES_FIT_ARGS } from '../../../src/scheduler/plugins/noderesources/fit-args.js';
import { POD_TOPOLOGY_SPREAD_ARGS } from '../../../src/scheduler/plugins/pod-topology-spread/args.js';
import { inTreeRegistry } from '../../../src/scheduler/registry.js';
import {
  DEFAULT_PREEMPTION_ARGS,
  DYNAMIC_RESOURCES_ARGS,
  VOLUME_BINDING_ARGS,
} from '../../../src/scheduler/unmodelled-args.js';

/** The fields (as upstream's field.Error.Field) that decoding or validation rejects, in order. */
function rejected<A>(def: PluginArgsDefinition<A>, written: Record<string, unknown>): string[] {
  const path = (p: readonly PropertyKey[]) =>
    p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
  const decoded = def.schema.safeParse(written);
  if (!decoded.success) return decoded.error.issues.map((i) => path(i.path));
  return def.validate(decoded.data).map((i) => path(i.path));
}

describe('ValidateDefaultPreemptionArgs', () => {
  it.each([
    ['valid args (default)', { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 }, []],
    [
      'negative minCandidateNodesPercentage',
      { minCandidateNodesPercentage: -1 },
      ['minCandidateNodesPercentage'],
    ],
    [
      'minCandidateNodesPercentage over 100',
      { minCandidateNodesPercentage: 900 },
      ['minCandidateNodesPercentage'],
    ],
    [
      'negative minCandidateNodesAbsolute',
      { minCandidateNodesPercentage: 20, minCandidateNodesAbsolute: -1 },
      ['minCandidateNodesAbsolute'],
    ],
    [
      'all zero',
      { minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 },
      ['minCandidateNodesPercentage', 'minCandidateNodesAbsolute'],
    ],
    [
      'both negative',
      { minCandidateNodesPercentage: -1, minCandidateNodesAbsolute: -1 },
      ['minCandidateNodesPercentage', 'minCandidateNodesAbsolute'],
    ],
  ])('%s', (_name, args, fields) => {
    expect(rejected(DEFAULT_PREEMPTION_ARGS, args)).toEqual(fields);
  });
  it('defaults to 10 % and 100 nodes', () => {
    expect(DEFAULT_PREEMPTION_ARGS.schema.parse({})).toEqual({
      minCandidateNodesPercentage: 10,
      minCandidateNodesAbsolute: 100,
    });
  });
});

describe('ValidateInterPodAffinityArgs', () => {
  it.each([
    ['valid args', { hardPodAffinityWeight: 10 }, []],
    ['hardPodAffinityWeight less than min', { hardPodAffinityWeight: -1 }, ['hardPodAffinityWeight']],
    ['hardPodAffinityWeight more than max', { hardPodAffinityWeight: 101 }, ['hardPodAffinityWeight']],
    ['a fractional weight does not decode', { hardPodAffinityWeight: 1.5 }, ['hardPodAffinityWeight']],
    ['an unknown field does not decode', { defaultingType: 'List' }, ['']],
  ])('%s', (_name, args, fields) => {
    expect(rejected(INTER_POD_AFFINITY_ARGS, args)).toEqual(fields);
  });
  it('defaults hardPodAffinityWeight to 1 and ignorePreferredTermsOfExistingPods to false', () => {
    expect(INTER_POD_AFFINITY_ARGS.schema.parse({})).toEqual({
      hardPodAffinityWeight: 1,
      ignorePreferredTermsOfExistingPods: false,
    });
  });
});

const node = { maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' };
describe('ValidatePodTopologySpreadArgs', () => {
  it.each([
    [
      'valid config',
      {
        defaultingType: 'List',
        defaultConstraints: [node, { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      },
      [],
    ],
    [
      'maxSkew less than zero',
      { defaultingType: 'List', defaultConstraints: [{ ...node, maxSkew: -1 }] },
      ['defaultConstraints[0].maxSkew'],
    ],
    [
      'empty topology key',
      { defaultingType: 'List', defaultConstraints: [{ ...node, topologyKey: '' }] },
      ['defaultConstraints[0].topologyKey'],
    ],
    [
      'whenUnsatisfiable is empty',
      { defaultingType: 'List', defaultConstraints: [{ ...node, whenUnsatisfiable: '' }] },
      ['defaultConstraints[0].whenUnsatisfiable'],
    ],
    [
      'whenUnsatisfiable contains unsupported action',
      { defaultingType: 'List', defaultConstraints: [{ ...node, whenUnsatisfiable: 'unknown action' }] },
      ['defaultConstraints[0].whenUnsatisfiable'],
    ],
    [
      'duplicated constraints',
      { defaultingType: 'List', defaultConstraints: [node, { ...node, maxSkew: 2 }] },
      ['defaultConstraints[1]'],
    ],
    [
      'label selector present',
      {
        defaultingType: 'List',
        defaultConstraints: [{ ...node, topologyKey: 'key', labelSelector: { matchLabels: { a: 'b' } } }],
      },
      ['defaultConstraints[0].labelSelector'],
    ],
    ['list default constraints, no constraints', { defaultingType: 'List' }, []],
    ['system default constraints', { defaultingType: 'System' }, []],
    ['wrong constraints', { defaultingType: 'unknown' }, ['defaultingType']],
    [
      'system default constraints, but has constraints',
      { defaultingType: 'System', defaultConstraints: [{ ...node, topologyKey: 'key' }] },
      ['defaultingType'],
    ],
  ])('%s', (_name, args, fields) => {
    expect(rejected(POD_TOPOLOGY_SPREAD_ARGS, args)).toEqual(fields);
  });
  it('defaults to System defaulting with no default constraints', () => {
    expect(POD_TOPOLOGY_SPREAD_ARGS.schema.parse({})).toEqual({
      defaultingType: 'System',
      defaultConstraints: [],
    });
  });
});

describe('ValidateNodeResourcesBalancedAllocationArgs', () => {
  it.each([
    [
      'valid config',
      {
        resources: [
          { name: 'cpu', weight: 1 },
          { name: 'memory', weight: 1 },
        ],
      },
      [],
    ],
    [
      'invalid config',
      {
        resources: [
          { name: 'cpu', weight: 2 },
          { name: 'memory', weight: 1 },
        ],
      },
      ['resources[0].weight'],
    ],
    [
      'repeated resources',
      {
        resources: [
          { name: 'cpu', weight: 1 },
          { name: 'cpu', weight: 1 },
        ],
      },
      ['resources[1].name'],
    ],
  ])('%s', (_name, args, fields) => {
    expect(rejected(NODE_RESOURCES_BALANCED_ALLOCATION_ARGS, args)).toEqual(fields);
  });
  it('defaults an omitted weight to 1 and no resources to cpu and memory', () => {
    expect(
      NODE_RESOURCES_BALANCED_ALLOCATION_ARGS.schema.parse({ resources: [{ name: 'nvidia.com/gpu' }] }),
    ).toEqual({
      resources: [{ name: 'nvidia.com/gpu', weight: 1 }],
    });
    expect(NODE_RESOURCES_BALANCED_ALLOCATION_ARGS.schema.parse({})).toEqual({
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
    });
  });
});

describe('ValidateNodeAffinityArgs', () => {
  const required = (key: string) => ({
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values: ['label-1-val'] }] }],
    },
  });
  const preferred = (values: string[]) => ({
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 1, preference: { matchFields: [{ key: 'metadata.name', operator: 'In', values }] } },
    ],
  });
  it.each([
    ['empty', {}, []],
    ['valid added affinity', { addedAffinity: { ...required('label-1'), ...preferred(['node-1']) } }, []],
    // Upstream's field path for the preferred term leaves out ".preference"; kubesim keeps it, so the
    // diagnostic points at the field in the file.
    [
      'invalid added affinity',
      { addedAffinity: { ...required('invalid/label/key'), ...preferred(['node-1', 'node-2']) } },
      [
        'addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key',
        'addedAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchFields[0].values',
      ],
    ],
  ])('%s', (_name, args, fields) => {
    expect(rejected(NODE_AFFINITY_ARGS, args)).toEqual(fields);
  });
});

describe('ValidateVolumeBindingArgs (default feature gates: StorageCapacityScoring off)', () => {
  it.each([
    ['zero is a valid config', { bindTimeoutSeconds: 0 }, []],
    ['positive value is valid config', { bindTimeoutSeconds: 10 }, []],
    ['negative value is invalid config ', { bindTimeoutSeconds: -10 }, ['bindTimeoutSeconds']],
    [
      '[VolumeCapacityPriority=off] shape should be nil when the feature is off',
      { bindTimeoutSeconds: 10 },
      [],
    ],
    [
      '[VolumeCapacityPriority=off] error if the shape is not nil when the feature is off',
      { bindTimeoutSeconds: 10, shape: [{ utilization: 1, score: 1 }] },
      ['shape'],
    ],
  ])('%s', (_name, args, fields) => {
    expect(rejected(VOLUME_BINDING_ARGS, args)).toEqual(fields);
  });
});

describe('ValidateDynamicResourcesArgs (default feature gates)', () => {
  it('accepts a filterTimeout, defaults it to 10 s, and forbids bindingTimeout', () => {
    expect(rejected(DYNAMIC_RESOURCES_ARGS, { filterTimeout: '5s' })).toEqual([]);
    expect(DYNAMIC_RESOURCES_ARGS.schema.parse({})).toEqual({ filterTimeout: 10_000_000 });
    expect(rejected(DYNAMIC_RESOURCES_ARGS, { bindingTimeout: '5s' })).toEqual(['bindingTimeout']);
  });
});

const lowWeights = [{ name: 'cpu', weight: -1 }];
describe('ValidateFitArgs', () => {
  const strategy = {
    type: 'LeastAllocated',
    resources: [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
  };
  it.each([
    [
      'IgnoredResources: too long value',
      { ignoredResources: [`longvalue${'a'.repeat(64)}`] },
      ['ignoredResources[0]'],
    ],
    ['IgnoredResources: name is empty', { ignoredResources: ['example.com/'] }, ['ignoredResources[0]']],
    [
      'IgnoredResources: name has too many slash',
      { ignoredResources: ['example.com/aaa/bbb'] },
      ['ignoredResources[0]'],
    ],
    ['IgnoredResources: valid args', { ignoredResources: ['example.com'] }, []],
    ['IgnoredResourceGroups: valid args ', { ignoredResourceGroups: ['example.com'] }, []],
    [
      'IgnoredResourceGroups: illegal args',
      { ignoredResourceGroups: ['example.com/'] },
      ['ignoredResourceGroups[0]', 'ignoredResourceGroups[0]'],
    ],
    [
      'IgnoredResourceGroups: name is too long',
      { ignoredResourceGroups: ['a'.repeat(64)] },
      ['ignoredResourceGroups[0]'],
    ],
    [
      'IgnoredResourceGroups: name cannot be contain slash',
      { ignoredResourceGroups: ['example.com/aa'] },
      ['ignoredResourceGroups[0]'],
    ],
  ])('%s', (_name, args, fields) => {
    expect(rejected(NODE_RESOURCES_FIT_ARGS, { ...args, scoringStrategy: strategy })).toEqual(fields);
  });
  // Upstream's "ScoringStrategy: field is required" cannot happen after SetDefaults: no strategy is
  // LeastAllocated over cpu and memory.
  it('defaults a missing scoringStrategy to LeastAllocated over cpu and memory, weight 1', () => {
    expect(NODE_RESOURCES_FIT_ARGS.schema.parse({})).toEqual({
      scoringStrategy: strategy,
      ignoredResources: [],
      ignoredResourceGroups: [],
    });
  });
  it('rejects a strategy type it does not know, and a strategy without a type, as unsupported', () => {
    expect(rejected(NODE_RESOURCES_FIT_ARGS, { scoringStrategy: { type: 'MostAllocatedX' } })).toEqual([
      'scoringStrategy.type',
    ]);
    expect(rejected(NODE_RESOURCES_FIT_ARGS, { scoringStrategy: { resources: [{ name: 'cpu' }] } })).toEqual([
      'scoringStrategy.type',
    ]);
  });

  for (const type of ['LeastAllocated', 'MostAllocated']) {
    describe(`Validate${type === 'LeastAllocated' ? 'Least' : 'Most'}AllocatedScoringStrategy`, () => {
      it.each([
        ['default config', undefined, []],
        [
          'multi valid resources',
          [
            { name: 'cpu', weight: 1 },
            { name: 'memory', weight: 10 },
          ],
          [],
        ],
        // A weight of 0 is defaulted to 1 (SetDefaults_NodeResourcesFitArgs): upstream's "weight less than
        // min" case (0) validates internal args that SetDefaults never produces; -1 is the reachable one.
        ['weight less than min', lowWeights, ['scoringStrategy.resources[0].weight']],
        ['weight greater than max', [{ name: 'cpu', weight: 101 }], ['scoringStrategy.resources[0].weight']],
        [
          'multi invalid resources',
          [
            { name: 'cpu', weight: -1 },
            { name: 'memory', weight: 101 },
          ],
          ['scoringStrategy.resources[0].weight', 'scoringStrategy.resources[1].weight'],
        ],
      ])('%s', (_name, resources, fields) => {
        expect(rejected(NODE_RESOURCES_FIT_ARGS, { scoringStrategy: { type, resources } })).toEqual(fields);
      });
    });
  }

  describe('ValidateRequestedToCapacityRatioScoringStrategy', () => {
    const defaultShape = [{ utilization: 30, score: 3 }];
    const at = (f: string) => `scoringStrategy.requestedToCapacityRatio.${f}`;
    it.each([
      ['no shapes', undefined, [], [at('shape')]],
      [
        'weight greater than max',
        [{ name: 'cpu', weight: 101 }],
        defaultShape,
        ['scoringStrategy.resources[0].weight'],
      ],
      ['weight less than min', lowWeights, defaultShape, ['scoringStrategy.resources[0].weight']],
      ['valid shapes', undefined, defaultShape, []],
      ['utilization less than min', undefined, [{ utilization: -1, score: 3 }], [at('shape[0].utilization')]],
      [
        'utilization greater than max',
        undefined,
        [{ utilization: 101, score: 3 }],
        [at('shape[0].utilization')],
      ],
      [
        'duplicated utilization values',
        undefined,
        [
          { utilization: 10, score: 3 },
          { utilization: 10, score: 3 },
        ],
        [at('shape[1].utilization')],
      ],
      [
        'increasing utilization values',
        undefined,
        [10, 20, 30].map((u) => ({ utilization: u, score: 3 })),
        [],
      ],
      [
        'non-increasing utilization values',
        undefined,
        [10, 20, 15].map((u) => ({ utilization: u, score: 3 })),
        [at('shape[2].utilization')],
      ],
      ['score less than min', undefined, [{ utilization: 10, score: -1 }], [at('shape[0].score')]],
      ['score greater than max', undefined, [{ utilization: 10, score: 11 }], [at('shape[0].score')]],
    ])('%s', (_name, resources, shape, fields) => {
      const scoringStrategy = {
        type: 'RequestedToCapacityRatio',
        resources,
        requestedToCapacityRatio: { shape },
      };
      expect(rejected(NODE_RESOURCES_FIT_ARGS, { scoringStrategy })).toEqual(fields);
    });
    it('requires requestedToCapacityRatio with that type, and forbids it with the others', () => {
      expect(
        rejected(NODE_RESOURCES_FIT_ARGS, { scoringStrategy: { type: 'RequestedToCapacityRatio' } }),
      ).toEqual(['scoringStrategy.requestedToCapacityRatio']);
      expect(
        rejected(NODE_RESOURCES_FIT_ARGS, {
          scoringStrategy: { type: 'MostAllocated', requestedToCapacityRatio: { shape: defaultShape } },
        }),
      ).toEqual(['scoringStrategy.requestedToCapacityRatio']);
    });
  });
});

describe('every in-tree plugin with args', () => {
  it('decodes {} to args its own validation accepts (the defaults are valid)', () => {
    for (const name of inTreeRegistry().names) {
      const def = inTreeRegistry().get(name)?.args;
      if (def) expect(def.validate(def.schema.parse({})), name).toEqual([]);
    }
  });
});

const HEADER = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';
function diagnostics(body: string): string[] {
  return loadText(HEADER + body, 'k.yaml').diagnostics.map(formatDiagnostic);
}
const P = 'KubeSchedulerConfiguration (unnamed): profiles[0]';

describe('loading a KubeSchedulerConfiguration', () => {
  it('reports an unknown plugin and an unknown scoring strategy, each at its line', () => {
    expect(
      diagnostics(
        [
          'profiles:',
          '  - plugins:',
          '      score:',
          '        enabled: [{name: NodeResourcesFitt}]',
          '    pluginConfig:',
          '      - name: NodeResourcesFit',
          '        args:',
          '          scoringStrategy: {type: MostAllocatedX}',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      `k.yaml:6:26: ${P}.plugins.score.enabled[0].name: plugin "NodeResourcesFitt" does not exist`,
      `k.yaml:10:35: ${P}.pluginConfig[0].args.scoringStrategy.type: Unsupported value: "MostAllocatedX": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"`,
    ]);
  });

  it('reports a plugin enabled at a point it does not extend', () => {
    expect(diagnostics('profiles:\n  - plugins: {score: {enabled: [{name: NodeName}]}}\n')).toEqual([
      `k.yaml:4:40: ${P}.plugins.score.enabled[0].name: plugin "NodeName" does not extend score`,
    ]);
  });

  it('reports every invalid argument of every plugin, with upstream’s wording', () => {
    expect(
      diagnostics(
        [
          'profiles:',
          '  - pluginConfig:',
          '      - name: InterPodAffinity',
          '        args: {hardPodAffinityWeight: 101}',
          '      - name: NodeResourcesBalancedAllocation',
          '        args: {resources: [{name: cpu, weight: 2}]}',
          '      - name: PodTopologySpread',
          '        args: {defaultingType: List, defaultConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]}',
          '      - name: DefaultPreemption',
          '        args: {minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0}',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      `k.yaml:6:39: ${P}.pluginConfig[0].args.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]`,
      `k.yaml:8:48: ${P}.pluginConfig[1].args.resources[0].weight: Invalid value: 2: must be 1`,
      `k.yaml:10:69: ${P}.pluginConfig[2].args.defaultConstraints[0].maxSkew: Invalid value: 0: not in valid range (0, inf)`,
      `k.yaml:12:45: ${P}.pluginConfig[3].args.minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute`,
      `k.yaml:12:75: ${P}.pluginConfig[3].args.minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage`,
    ]);
  });

  it('reports an unknown or mistyped argument as a decoding error', () => {
    expect(
      diagnostics(
        'profiles:\n  - pluginConfig:\n      - name: InterPodAffinity\n        args: {hardPodAffinityWeigth: 2, ignorePreferredTermsOfExistingPods: yes}\n',
      ),
    ).toEqual([
      `k.yaml:6:16: ${P}.pluginConfig[0].args.hardPodAffinityWeigth: unknown field "hardPodAffinityWeigth"`,
      `k.yaml:6:78: ${P}.pluginConfig[0].args.ignorePreferredTermsOfExistingPods: expected true or false, got "yes"`,
    ]);
  });

  it('warns about args kube-scheduler ignores, and a duplicate pluginConfig is an error', () => {
    expect(
      diagnostics(
        [
          'profiles:',
          '  - plugins: {filter: {disabled: [{name: NodeNamee}]}}',
          '    pluginConfig:',
          '      - {name: Coscheduling, args: {permitWaitingTimeSeconds: 10}}',
          '      - {name: TaintToleration, args: {x: 1}}',
          '      - {name: TaintToleration}',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      `k.yaml:4:42: ${P}.plugins.filter.disabled[0].name: plugin "NodeNamee" does not exist; disabling it has no effect`,
      `k.yaml:6:16: ${P}.pluginConfig[0].name: plugin "Coscheduling" does not exist; its args are ignored`,
      `k.yaml:7:39: ${P}.pluginConfig[1].args: plugin TaintToleration takes no args; they are ignored`,
      `k.yaml:8:16: ${P}.pluginConfig[2].name: Duplicate value: "TaintToleration"`,
    ]);
  });

  it('accepts what kube-scheduler accepts: unmodelled plugins, upstream points kubesim runs elsewhere', () => {
    expect(
      diagnostics(
        [
          'profiles:',
          '  - plugins:',
          '      preFilter: {enabled: [{name: NodeResourcesFit}]}',
          '      reserve: {enabled: [{name: VolumeBinding}]}',
          '      multiPoint: {enabled: [{name: ImageLocality}]}',
          '    pluginConfig:',
          '      - {name: VolumeBinding, args: {bindTimeoutSeconds: 300}}',
          '      - {name: NodeResourcesFit, args: {scoringStrategy: {type: MostAllocated, resources: [{name: cpu}]}}}',
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});

describe('resolveSchedulerConfiguration', () => {
  it('hands each plugin its defaulted args', () => {
    const [profile] = resolveSchedulerConfiguration({
      profiles: [
        {
          pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }],
        },
      ],
    }).profiles;
    expect(profile?.pluginArgs.get('NodeResourcesFit')).toEqual({
      scoringStrategy: {
        type: 'MostAllocated',
        resources: [
          { name: 'cpu', weight: 1 },
          { name: 'memory', weight: 1 },
        ],
      },
      ignoredResources: [],
      ignoredResourceGroups: [],
    });
    expect(profile?.pluginArgs.get('InterPodAffinity')).toEqual({
      hardPodAffinityWeight: 1,
      ignorePreferredTermsOfExistingPods: false,
    });
  });
  it('throws one sentence naming the profile, the field and upstream’s reason', () => {
    expect(() =>
      resolveSchedulerConfiguration({
        profiles: [{ pluginConfig: [{ name: 'InterPodAffinity', args: { hardPodAffinityWeight: 101 } }] }],
      }),
    ).toThrow(
      'Cannot configure profile "default-scheduler": pluginConfig[0].args.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]',
    );
  });
});
