import { describe, expect, it } from 'vitest';
import { parsePodTopologySpreadArgs } from '../../../../src/scheduler/plugins/pod-topology-spread/index.js';

describe('parsePodTopologySpreadArgs', () => {
  it('defaults to System defaulting with no default constraints', () => {
    expect(parsePodTopologySpreadArgs(undefined)).toEqual({
      defaultingType: 'System',
      defaultConstraints: [],
    });
  });
  it('accepts List defaulting with valid constraints', () => {
    const c = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' };
    expect(
      parsePodTopologySpreadArgs({ defaultingType: 'List', defaultConstraints: [c] }).defaultConstraints,
    ).toEqual([c]);
  });
  it.each([
    [{ defaultingType: 'Sometimes' }, /'defaultingType' must be System or List: current value is Sometimes/],
    [
      { defaultConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }] },
      /must be empty when 'defaultingType' is System/,
    ],
    [
      {
        defaultingType: 'List',
        defaultConstraints: [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }],
      },
      /'defaultConstraints\[0\]\.maxSkew' must be greater than zero: current value is 0/,
    ],
    [
      {
        defaultingType: 'List',
        defaultConstraints: [{ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule' }],
      },
      /topologyKey' must not be empty/,
    ],
    [
      {
        defaultingType: 'List',
        defaultConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Never' }],
      },
      /whenUnsatisfiable' must be DoNotSchedule or ScheduleAnyway/,
    ],
    [
      {
        defaultingType: 'List',
        defaultConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {} },
        ],
      },
      /labelSelector' must not be set/,
    ],
    [
      {
        defaultingType: 'List',
        defaultConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
          { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
        ],
      },
      /duplicates topologyKey zone with whenUnsatisfiable DoNotSchedule/,
    ],
    [{ hardPodAffinityWeight: 1 }, /'hardPodAffinityWeight' is not a known argument/],
  ])('rejects %j', (args, message) => {
    expect(() => parsePodTopologySpreadArgs(args as Record<string, unknown>)).toThrow(message);
  });
});
