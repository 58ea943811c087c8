import { describe, expect, it } from 'vitest';
import { buildExpander } from '../../../src/controllers/cluster-autoscaler/expanders/chain.js';
import { leastWaste } from '../../../src/controllers/cluster-autoscaler/expanders/least-waste.js';
import { mostPods } from '../../../src/controllers/cluster-autoscaler/expanders/most-pods.js';
import type { ScaleUpOption } from '../../../src/controllers/cluster-autoscaler/expanders/option.js';
import { preferredNodeMilliCpu, price } from '../../../src/controllers/cluster-autoscaler/expanders/price.js';
import { priority } from '../../../src/controllers/cluster-autoscaler/expanders/priority.js';
import { NodeGroup } from '../../../src/controllers/cluster-autoscaler/node-groups.js';
import { RandomStreams } from '../../../src/engine/random.js';
import type { Pod } from '../../../src/model/pod.js';
import { podSpec, pool } from '../harness.js';

const MiB = 2 ** 20;

function pod(cpu: number, memory: number, i = 0): Pod {
  return {
    uid: i + 1,
    namespace: 'default',
    name: `p${i}`,
    labels: {},
    spec: podSpec({ containers: [{ name: 'c', requests: { cpu, memory }, limits: {}, ports: [] }] }),
    phase: 'Pending',
    ready: false,
    createdAt: 0,
  };
}

function option(
  name: string,
  cpu: number,
  memory: number,
  nodeCount: number,
  pods: Pod[],
  pricePerHour = 0.1,
): ScaleUpOption {
  const group = new NodeGroup(
    pool({ name, allocatable: { cpu, memory, pods: 100 }, max: 100, pricePerHour }),
  );
  return { group, nodeCount, pods, template: group.template(0) };
}

const ctx = { clusterNodes: 3 };
const names = (os: readonly ScaleUpOption[]) => os.map((o) => o.group.id);

describe('least-waste (upstream expander/waste/waste_test.go)', () => {
  // TestLeastWaste: cpuPerPod 500m, memoryPerPod 1000 MiB.
  const cpuPerPod = 500;
  const memoryPerPod = 1000 * MiB;
  const p = pod(cpuPerPod, memoryPerPod);

  it('TestLeastWaste: without any pods, one node group: that one', () => {
    const balanced = option('balanced', 16 * cpuPerPod, 16 * memoryPerPod, 1, []);
    expect(names(leastWaste.bestOptions([balanced], ctx))).toEqual(['balanced']);
  });

  it('TestLeastWaste: one pod, a balanced group and one with lots of RAM: the balanced one', () => {
    const balanced = option('balanced', 16 * cpuPerPod, 16 * memoryPerPod, 1, [p]);
    const highmem = option('highmem', 16 * cpuPerPod, 32 * memoryPerPod, 1, [p]);
    expect(names(leastWaste.bestOptions([balanced, highmem], ctx))).toEqual(['balanced']);
  });

  it('TestLeastWaste: and one with less cpu: that one wastes least', () => {
    const balanced = option('balanced', 16 * cpuPerPod, 16 * memoryPerPod, 1, [p]);
    const highmem = option('highmem', 16 * cpuPerPod, 32 * memoryPerPod, 1, [p]);
    const lowcpu = option('lowcpu', 8 * cpuPerPod, 16 * memoryPerPod, 1, [p]);
    expect(names(leastWaste.bestOptions([balanced, highmem, lowcpu], ctx))).toEqual(['lowcpu']);
  });

  it('keeps ties: two identical groups both stay for the random step', () => {
    const a = option('a', 4000, 4096 * MiB, 1, [p]);
    const b = option('b', 4000, 4096 * MiB, 1, [p]);
    expect(names(leastWaste.bestOptions([a, b], ctx))).toEqual(['a', 'b']);
  });
});

describe('most-pods (upstream expander/mostpods)', () => {
  it('picks the options that schedule the most pods, ties kept', () => {
    const pods = [0, 1, 2].map((i) => pod(100, MiB, i));
    const one = option('one', 4000, 4096 * MiB, 1, pods.slice(0, 1));
    const three = option('three', 4000, 4096 * MiB, 2, pods);
    const threeToo = option('three-too', 8000, 8192 * MiB, 1, pods);
    expect(names(mostPods.bestOptions([one, three, threeToo], ctx))).toEqual(['three', 'three-too']);
  });
});

describe('price (upstream expander/price/price.go, preferred.go)', () => {
  it('the preferred node doubles its cpu each time the cluster grows about threefold', () => {
    expect([1, 2, 3, 6, 7, 20, 21, 60, 61, 200, 201].map(preferredNodeMilliCpu)).toEqual([
      1000, 1000, 2000, 2000, 4000, 4000, 8000, 8000, 16000, 16000, 32000,
    ]);
  });

  it('between groups of the same shape, the cheaper one', () => {
    const pods = [pod(1000, 1024 * MiB)];
    const cheap = option('cheap', 4000, 16384 * MiB, 1, pods, 0.1);
    const dear = option('dear', 4000, 16384 * MiB, 1, pods, 0.2);
    expect(names(price.bestOptions([dear, cheap], { clusterNodes: 10 }))).toEqual(['cheap']);
  });

  it('at the same total price, the node size nearest the preferred node (4 cpu for 10 nodes)', () => {
    const pods = [pod(1000, 1024 * MiB), pod(1000, 1024 * MiB, 1)];
    const preferredSize = option('preferred-size', 4000, 16384 * MiB, 2, pods, 0.2);
    const double = option('double', 8000, 32768 * MiB, 1, pods, 0.4);
    expect(names(price.bestOptions([double, preferredSize], { clusterNodes: 10 }))).toEqual([
      'preferred-size',
    ]);
    // With 61 nodes the preferred node has 16 cpu: the 8-cpu node is nearer.
    expect(names(price.bestOptions([preferredSize, double], { clusterNodes: 61 }))).toEqual(['double']);
  });
});

describe('priority (upstream expander/priority/priority_test.go)', () => {
  const config = {
    priorities: [
      { priority: 1, patterns: ['.*t2\\.micro.*'] },
      { priority: 10, patterns: ['.*t2\\.large.*', '.*t3\\.large.*'] },
      { priority: 50, patterns: ['.*m4\\.4xlarge.*'] },
    ],
  };
  const p = [pod(100, MiB)];
  const t2Micro = option('my-asg.t2.micro', 1000, 1024 * MiB, 1, p);
  const t2Large = option('my-asg.t2.large', 2000, 8192 * MiB, 1, p);
  const t3Large = option('my-asg.t3.large', 2000, 8192 * MiB, 1, p);
  const m44XLarge = option('my-asg.m4.4xlarge', 16000, 65536 * MiB, 1, p);
  const unmatched = option('other', 2000, 8192 * MiB, 1, p);
  const filter = priority(config);

  it('TestPriorityExpanderCorrecltySelectsSingleMatchingOptionOutOfOne', () => {
    expect(names(filter.bestOptions([t2Large], ctx))).toEqual(['my-asg.t2.large']);
  });

  it('TestPriorityExpanderCorrecltySelectsHighestMatchingOptionOutOfMany', () => {
    expect(names(filter.bestOptions([t2Large, m44XLarge], ctx))).toEqual(['my-asg.m4.4xlarge']);
  });

  it('TestPriorityExpanderCorrecltySelectsOneOfTwoMatchingOptionsOutOfMany', () => {
    expect(names(filter.bestOptions([t2Large, t3Large, t2Micro], ctx))).toEqual([
      'my-asg.t2.large',
      'my-asg.t3.large',
    ]);
  });

  it('TestPriorityExpanderCorrecltyFallsBackToRandomWhenNoMatches: every option stays', () => {
    expect(names(filter.bestOptions([unmatched], ctx))).toEqual(['other']);
  });

  it('a group matching no pattern is not used when another matches', () => {
    expect(names(filter.bestOptions([unmatched, t2Micro], ctx))).toEqual(['my-asg.t2.micro']);
  });
});

describe('the --expander chain (expander/factory/chain.go)', () => {
  it('applies the filters in order and lets random break the remaining tie, the same for the same seed', () => {
    const p = [pod(500, 512 * MiB)];
    const a = option('a', 4000, 4096 * MiB, 1, p);
    const b = option('b', 4000, 4096 * MiB, 1, p);
    const wasteful = option('wasteful', 64000, 262144 * MiB, 1, p);
    const picks = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const choose = () =>
        buildExpander(['least-waste'], new RandomStreams(seed).get('x'), undefined)([a, b, wasteful], ctx)
          ?.group.id;
      const pick = choose();
      expect(pick).toBe(choose());
      picks.add(pick as string);
    }
    expect([...picks].sort()).toEqual(['a', 'b']);
  });

  it('priority then least-waste: the priority decides first', () => {
    const p = [pod(500, 512 * MiB)];
    const spot = option('spot', 64000, 262144 * MiB, 1, p);
    const onDemand = option('on-demand', 4000, 4096 * MiB, 1, p);
    const config = { priorities: [{ priority: 10, patterns: ['^spot$'] }] };
    const expander = buildExpander(['priority', 'least-waste'], new RandomStreams(1).get('x'), config);
    expect(expander([onDemand, spot], ctx)?.group.id).toBe('spot');
    const wasteFirst = buildExpander(['least-waste', 'priority'], new RandomStreams(1).get('x'), config);
    expect(wasteFirst([onDemand, spot], ctx)?.group.id).toBe('on-demand');
  });

  it('no option: no scale-up', () => {
    expect(buildExpander(['random'], new RandomStreams(1).get('x'), undefined)([], ctx)).toBeUndefined();
  });
});
