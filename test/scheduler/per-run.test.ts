// Many schedulers in one process (many runs in one process or browser page): each has its own plugin
// registry and its own change log and memos, so neither sees the other's plugins or changes.
import { describe, expect, it } from 'vitest';
import { ApiServer } from '../../src/api/api-server.js';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { Pod } from '../../src/model/pod.js';
import type { KubeSchedulerConfiguration } from '../../src/model/scheduler-config.js';
import type { FilterPlugin } from '../../src/scheduler/framework/interface.js';
import { Status } from '../../src/scheduler/framework/status.js';
import { definePlugin, inTreeRegistry, type PluginRegistry } from '../../src/scheduler/registry.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { makeNode, makePod } from './fixtures.js';

const ZONE = 'topology.kubernetes.io/zone';

function world(options: { registry?: PluginRegistry; configuration?: KubeSchedulerConfiguration } = {}) {
  const cluster = new ClusterState();
  const sim = new Simulation();
  const scheduler = new Scheduler({
    cluster,
    api: new ApiServer(cluster, () => sim.now),
    sim,
    random: new RandomStreams(7).get('scheduler/tie-break'),
    kubernetesVersion: '1.36',
    ...options,
  });
  for (let i = 0; i < 6; i++) {
    const name = `n${i}`;
    cluster.addNode(
      makeNode(
        name,
        { cpu: 4000, memory: 16e9 },
        { labels: { 'kubernetes.io/hostname': name, [ZONE]: `z${i % 3}` } },
      ),
    );
  }
  scheduler.start();
  return { cluster, sim, scheduler };
}

/** Only nodes whose name ends in an even digit. */
const evenNodes = definePlugin({
  name: 'EvenNodes',
  points: ['filter'],
  factory: (): FilterPlugin => ({
    name: 'EvenNodes',
    filter: (_state, _pod, node) =>
      Number(node.node.name.slice(1)) % 2 === 0 ? null : Status.unschedulable('node(s) had an odd name'),
  }),
});
const withEvenNodes: KubeSchedulerConfiguration = {
  profiles: [{ plugins: { filter: { enabled: [{ name: 'EvenNodes' }] } } }],
};

/** Web pods spreading by the default constraints, and cache pods avoiding each other per node. */
function pods(prefix: string): Pod[] {
  const out: Pod[] = [];
  for (let i = 0; i < 12; i++) {
    const cache = i % 3 === 0;
    const labels = { app: cache ? 'cache' : 'web' };
    out.push(
      makePod(`${prefix}-${i}`, [{ cpu: 300, memory: 1e9 }], {
        labels,
        spec: cache
          ? {
              affinity: {
                podAntiAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: [
                    { labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' },
                  ],
                },
              },
            }
          : {},
      }),
    );
  }
  return out;
}

describe('two Schedulers in one process', () => {
  it('each has its own plugin registry', () => {
    const a = world({ registry: inTreeRegistry().with(evenNodes), configuration: withEvenNodes });
    expect(() => world({ configuration: withEvenNodes })).toThrow('plugin "EvenNodes" does not exist');
    const b = world();
    const pa = pods('a');
    const pb = pods('b');
    for (const p of pa) a.cluster.addPod(p);
    for (const p of pb) b.cluster.addPod(p);
    a.sim.run(1);
    b.sim.run(1);
    // Four cache pods avoid each other per node: three even nodes hold three, the fourth waits.
    expect(new Set(pa.map((p) => p.nodeName))).toEqual(new Set(['n0', 'n2', 'n4', undefined]));
    expect(pa.find((p) => p.nodeName === undefined)?.unschedulableMessage).toMatch(
      /3 node\(s\) had an odd name/,
    );
    expect(pb.every((p) => p.nodeName !== undefined)).toBe(true);
    expect(pb.some((p) => ['n1', 'n3', 'n5'].includes(p.nodeName as string))).toBe(true);
  });

  it('interleaved cycles give each scheduler the placements it makes alone', () => {
    const placements = (interleave: boolean): [string[], string[]] => {
      const a = world();
      const b = interleave
        ? world({ registry: inTreeRegistry().with(evenNodes), configuration: withEvenNodes })
        : undefined;
      const pa = pods('a');
      const pb = pods('b');
      for (let i = 0; i < pa.length; i++) {
        // One pod per step, each scheduler's cycle between the other's, binding in both snapshots.
        a.cluster.addPod(pa[i] as Pod);
        a.sim.run(i + 1);
        if (b) {
          b.cluster.addPod(pb[i] as Pod);
          b.sim.run(i + 1);
        }
      }
      return [pa.map((p) => p.nodeName ?? '-'), pb.map((p) => p.nodeName ?? '-')];
    };
    const [alone] = placements(false);
    const [together, other] = placements(true);
    expect(together).toEqual(alone);
    expect(alone.every((n) => n !== '-')).toBe(true);
    expect(other.every((n) => ['n0', 'n2', 'n4', '-'].includes(n))).toBe(true);
  });
});
