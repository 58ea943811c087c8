import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import { MutableSnapshot } from '../../src/scheduler/cache/snapshot.js';
import { definePlugin, inTreeRegistry, PluginRegistry } from '../../src/scheduler/registry.js';

describe('inTreeRegistry', () => {
  // kubesim's own additions: a PreFilter that only returns Skip, so that Filter is not called per node.
  const skipOnlyPreFilters = new Set(['NodeName.preFilter']);

  it('declares, for every plugin kubesim runs, each point its instance implements', () => {
    const registry = inTreeRegistry();
    const snapshot = new MutableSnapshot();
    const random = new RandomStreams(1).get('t');
    const ctx = {
      handle: { snapshot: () => snapshot, cluster: new ClusterState(), random },
      resources: snapshot.resources,
      kubernetesMinor: 36,
    };
    for (const name of registry.names) {
      const def = registry.get(name);
      const args = def?.args?.schema.parse({});
      const plugin = registry.instantiate(name, args, ctx);
      if (!plugin) continue;
      expect(plugin.name).toBe(name);
      const methods = (['preFilter', 'filter', 'preScore', 'score'] as const).filter(
        (m) => typeof (plugin as unknown as Record<string, unknown>)[m] === 'function',
      );
      for (const m of methods) {
        if (!skipOnlyPreFilters.has(`${name}.${m}`)) expect(def?.points, `${name}.${m}`).toContain(m);
      }
    }
  });

  it('gives a fresh registry each call, and with() never changes the one it extends', () => {
    const base = inTreeRegistry();
    const extended = base.with(definePlugin({ name: 'Extra', points: ['filter'] }));
    expect(extended.get('Extra')).toBeDefined();
    expect(base.get('Extra')).toBeUndefined();
    expect(inTreeRegistry().get('Extra')).toBeUndefined();
    expect(
      () =>
        new PluginRegistry([
          definePlugin({ name: 'X', points: [] }),
          definePlugin({ name: 'X', points: [] }),
        ]),
    ).toThrow('Cannot register plugin X: a plugin of that name is already registered');
  });
});
