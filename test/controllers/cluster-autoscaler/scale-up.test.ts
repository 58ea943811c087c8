import { describe, expect, it } from 'vitest';
import { constant } from '../../../src/engine/distributions.js';
import type { Run } from '../../../src/sim/run.js';
import { deployment, podSpec, pool, S, template } from '../harness.js';
import { caRun, nodesByPool } from './ca-harness.js';

const pending = (run: Run) => [...run.cluster.pods].filter((p) => p.nodeName === undefined);

describe('cluster-autoscaler scale-up', () => {
  it('adds the nodes the binpacking estimate needs for pending pods, after the provisioning time', () => {
    // Nodes of 4 cpu hold 8 pods of 500m: 2 nodes and 20 replicas leave 4 pending → 1 new node.
    const run = caRun({
      pools: [pool({ name: 'general', count: 2, max: 10, provisioningTime: constant(90 * S) })],
      deployments: [deployment('web', 20)],
    });
    run.advance(60 * S);
    expect(pending(run)).toHaveLength(4);
    expect(nodesByPool(run)).toEqual({ general: 2 });
    run.advance(200 * S);
    expect(nodesByPool(run)).toEqual({ general: 3 });
    expect(pending(run)).toHaveLength(0);
    const events = run.finish().autoscaling?.clusterAutoscaler ?? [];
    expect(events[0]).toMatchObject({ target: 'nodegroup/general', from: 2, to: 3 });
    expect(events[0]?.at).toBe(10 * S);
  });
});

const GiB = 2 ** 30;
/** A full fixed pool (8 pods of 500m fill its one node) so `replicas − 8` pods are pending. */
const base = pool({ name: 'base', count: 1, zones: [] });

function firstScaleUp(run: Run): string | undefined {
  run.advance(30 * S);
  return run.finish().autoscaling?.clusterAutoscaler.find((e) => e.reason.startsWith('TriggeredScaleUp'))
    ?.target;
}

describe('the group the expander picks', () => {
  it('least-waste: the small node over the big one for two pods', () => {
    const run = caRun({
      pools: [
        base,
        pool({
          name: 'big',
          count: 0,
          max: 5,
          zones: [],
          allocatable: { cpu: 16000, memory: 64 * GiB, pods: 110 },
        }),
        pool({
          name: 'small',
          count: 0,
          max: 5,
          zones: [],
          allocatable: { cpu: 2000, memory: 4 * GiB, pods: 110 },
        }),
      ],
      deployments: [deployment('web', 10)],
    });
    expect(firstScaleUp(run)).toBe('nodegroup/small');
  });

  const tinyAndLarge = [
    base,
    pool({
      name: 'tiny',
      count: 0,
      max: 1,
      zones: [],
      allocatable: { cpu: 1000, memory: 1 * GiB, pods: 110 },
    }),
    pool({
      name: 'large',
      count: 0,
      max: 1,
      zones: [],
      allocatable: { cpu: 4000, memory: 4 * GiB, pods: 110 },
    }),
  ];

  it('most-pods: the group whose one node takes all three pending pods', () => {
    const run = caRun({
      pools: tinyAndLarge,
      deployments: [deployment('web', 11)],
      settings: { expanders: ['most-pods'] },
    });
    expect(firstScaleUp(run)).toBe('nodegroup/large');
  });

  it('least-waste on the same cluster: the tiny node that two pods fill exactly', () => {
    const run = caRun({ pools: tinyAndLarge, deployments: [deployment('web', 11)] });
    expect(firstScaleUp(run)).toBe('nodegroup/tiny');
  });

  it('price: the cheaper of two groups of the same shape', () => {
    const run = caRun({
      pools: [
        base,
        pool({ name: 'on-demand', count: 0, max: 5, zones: [], pricePerHour: 0.2 }),
        pool({ name: 'spot', count: 0, max: 5, zones: [], pricePerHour: 0.06 }),
      ],
      deployments: [deployment('web', 10)],
      settings: { expanders: ['price'] },
    });
    expect(firstScaleUp(run)).toBe('nodegroup/spot');
  });

  it('priority: the group the ConfigMap ranks highest, though least-waste would pick the other', () => {
    const run = caRun({
      pools: [
        base,
        pool({
          name: 'small',
          count: 0,
          max: 5,
          zones: [],
          allocatable: { cpu: 2000, memory: 4 * GiB, pods: 110 },
        }),
        pool({
          name: 'big-spot',
          count: 0,
          max: 5,
          zones: [],
          allocatable: { cpu: 16000, memory: 64 * GiB, pods: 110 },
        }),
      ],
      deployments: [deployment('web', 10)],
      settings: { expanders: ['priority', 'least-waste'] },
      priority: {
        priorities: [
          { priority: 10, patterns: ['.*-spot$'] },
          { priority: 1, patterns: ['.*'] },
        ],
      },
    });
    expect(firstScaleUp(run)).toBe('nodegroup/big-spot');
  });

  it('random: either of two identical groups, by seed, the same for the same seed', () => {
    const pools = [
      base,
      pool({ name: 'a', count: 0, max: 5, zones: [] }),
      pool({ name: 'b', count: 0, max: 5, zones: [] }),
    ];
    const pick = (seed: number) =>
      firstScaleUp(
        caRun({ pools, deployments: [deployment('web', 10)], seed, settings: { expanders: ['random'] } }),
      );
    const picks = [1, 2, 3, 4, 5, 6, 7, 8].map(pick);
    expect(new Set(picks)).toEqual(new Set(['nodegroup/a', 'nodegroup/b']));
    expect(pick(3)).toBe(picks[2]);
  });
});

describe('template nodes run the scheduler filters', () => {
  const gpu = pool({
    name: 'gpu',
    count: 0,
    max: 5,
    zones: [],
    labels: { accelerator: 'gpu' },
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    allocatable: { cpu: 2000, memory: 4 * GiB, pods: 110 },
  });
  const general = pool({
    name: 'general',
    count: 0,
    max: 5,
    zones: [],
    allocatable: { cpu: 16000, memory: 64 * GiB, pods: 110 },
  });

  it('a pod that does not tolerate the taint grows the untainted group, though least-waste prefers the other', () => {
    const run = caRun({ pools: [base, gpu, general], deployments: [deployment('web', 10)] });
    expect(firstScaleUp(run)).toBe('nodegroup/general');
  });

  it('a pod selecting the label and tolerating the taint grows only the gpu group', () => {
    const d = deployment('train', 10);
    const spec = podSpec({
      nodeSelector: { accelerator: 'gpu' },
      tolerations: [
        ...podSpec().tolerations,
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      ],
    });
    const run = caRun({ pools: [gpu, general], deployments: [{ ...d, template: template('train', spec) }] });
    run.advance(30 * S);
    const ups = run.finish().autoscaling?.clusterAutoscaler ?? [];
    // 10 pods of 500m on nodes of 2 cpu: 3 nodes of 4 pods each at most → 3 nodes.
    expect(ups[0]).toMatchObject({ target: 'nodegroup/gpu', from: 0, to: 3 });
  });

  it('topology spread: pods spread over zones need a node in each zone, where resources alone need one', () => {
    // Two nodes (zones a, b) of 4 cpu hold 2 pods of 1500m each; 2 more pending. By resources one new
    // node holds both; with maxSkew 1 over zones the second must go to the other zone's template.
    const zonal = pool({ name: 'p', count: 2, max: 10, zones: ['a', 'b'] });
    const spreadSpec = (spread: boolean) =>
      podSpec({
        containers: [{ name: 'c', requests: { cpu: 1500, memory: 2 ** 29 }, limits: {}, ports: [] }],
        topologySpreadConstraints: spread
          ? [
              {
                maxSkew: 1,
                topologyKey: 'topology.kubernetes.io/zone',
                whenUnsatisfiable: 'DoNotSchedule',
                labelSelector: { matchLabels: { app: 'web' } },
              },
            ]
          : [],
      });
    const firstUp = (spread: boolean) => {
      const d = deployment('web', 6);
      const run = caRun({
        pools: [zonal],
        deployments: [{ ...d, template: template('web', spreadSpec(spread)) }],
      });
      run.advance(30 * S);
      return run.finish().autoscaling?.clusterAutoscaler[0];
    };
    expect(firstUp(false)).toMatchObject({ from: 2, to: 3 });
    expect(firstUp(true)).toMatchObject({ from: 2, to: 4 });
  });

  it('a pod nothing fits (no group has the label) triggers no scale-up', () => {
    const d = deployment('lost', 2);
    const spec = podSpec({ nodeSelector: { disk: 'nvme' } });
    const run = caRun({ pools: [general], deployments: [{ ...d, template: template('lost', spec) }] });
    run.advance(120 * S);
    expect(run.finish().autoscaling?.clusterAutoscaler).toEqual([]);
  });
});

describe('upcoming nodes and bounds', () => {
  it('pods waiting for nodes still provisioning trigger no second scale-up', () => {
    const run = caRun({
      pools: [pool({ name: 'p', count: 1, max: 10, zones: [], provisioningTime: constant(5 * 60 * S) })],
      deployments: [deployment('web', 20)],
    });
    run.advance(4 * 60 * S);
    const ups = run.finish().autoscaling?.clusterAutoscaler ?? [];
    expect(ups).toHaveLength(1);
    expect(ups[0]).toMatchObject({ from: 1, to: 3 });
  });

  it('never above max: 40 pending pods and max 3 give 3 nodes', () => {
    const run = caRun({
      pools: [pool({ name: 'p', count: 1, max: 3, zones: [] })],
      deployments: [deployment('web', 48)],
    });
    run.advance(10 * 60 * S);
    expect(nodesByPool(run)).toEqual({ p: 3 });
  });

  it('a node that would take longer than max-node-provision-time is given up at 15 min, paid for, and the group backs off 5 min', () => {
    const run = caRun({
      pools: [
        pool({
          name: 'p',
          count: 1,
          max: 3,
          zones: [],
          pricePerHour: 1,
          provisioningTime: constant(20 * 60 * S),
        }),
      ],
      deployments: [deployment('web', 10)],
      durationSeconds: 3600,
    });
    const result = run.finish();
    const events = result.autoscaling?.clusterAutoscaler ?? [];
    expect(events[0]).toMatchObject({ at: 10 * S, from: 1, to: 2 });
    expect(events[1]).toMatchObject({ at: 910 * S, from: 2, to: 1 });
    expect(events[1]?.reason).toContain('FailedToScaleUp');
    expect(events[1]?.reason).toContain('5m0s');
    // Backed off until 1210 s: the next attempt is the first loop at or after it.
    expect(events[2]).toMatchObject({ at: 1210 * S, from: 1, to: 2 });
    // The second failure (at 2110 s) doubles the backoff to 10 min: asked again at 2710 s. Cost: the
    // fixed node all hour, 15 min for each machine given up, and the third paid from 2710 s to the end.
    expect(events.filter((e) => e.reason.startsWith('FailedToScaleUp'))).toHaveLength(2);
    expect(result.cost.nodeHours).toBeCloseTo(1 + 0.25 + 0.25 + (3600 - 2710) / 3600, 6);
  });
});
