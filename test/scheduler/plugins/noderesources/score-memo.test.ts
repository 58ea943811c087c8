import { describe, expect, it } from 'vitest';
import { MutableSnapshot, makePodInfo } from '../../../../src/scheduler/cache/index.js';
import { CycleState, type NodeInfo, type PodInfo } from '../../../../src/scheduler/framework/interface.js';
import { NodeResourcesBalancedAllocation } from '../../../../src/scheduler/plugins/noderesources/balanced-allocation.js';
import { defaultBalancedAllocationArgs } from '../../../../src/scheduler/plugins/noderesources/balanced-allocation-args.js';
import { NodeResourcesFit } from '../../../../src/scheduler/plugins/noderesources/fit.js';
import { defaultFitArgs } from '../../../../src/scheduler/plugins/noderesources/fit-args.js';
import { makeNode, makePod } from '../../fixtures.js';

describe('resource scoring memo (scoreAll across cycles)', () => {
  it('scores like score() while nodes change between cycles and pod requests alternate', () => {
    const s = new MutableSnapshot();
    for (let i = 0; i < 40; i++) s.addNode(makeNode(`n${i}`, { cpu: 2000 + 50 * i, memory: 4e9 + 1e8 * i }));
    const plugins = [
      new NodeResourcesFit(defaultFitArgs(), s.resources),
      new NodeResourcesBalancedAllocation(defaultBalancedAllocationArgs(), s.resources, 36),
    ];
    const small = makePodInfo(makePod('small', [{ cpu: 100, memory: 5e8 }]), s.resources);
    const big = makePodInfo(makePod('big', [{ cpu: 700, memory: 1e9 }]), s.resources);
    const check = (pod: PodInfo, feasible: readonly NodeInfo[]): void => {
      for (const plugin of plugins) {
        const state = new CycleState();
        const out = new Float64Array(feasible.length);
        plugin.scoreAll(state, pod, feasible, s, out);
        expect([...out]).toEqual(feasible.map((n) => plugin.score(state, pod, n)));
      }
    };
    for (let cycle = 0; cycle < 12; cycle++) {
      const pod = cycle % 4 === 3 ? big : small;
      check(
        pod,
        s.nodeInfos.filter((_, i) => (i + cycle) % 3 !== 0),
      );
      // Between cycles: a pod lands on one node, and now and then a node goes and another comes.
      const target = s.nodeInfos[(cycle * 7) % s.nodeInfos.length] as NodeInfo;
      s.addPod(
        makePod(`p${cycle}`, [{ cpu: 300, memory: 6e8 }], { nodeName: target.node.name }),
        target.node.name,
      );
      if (cycle % 5 === 4) {
        s.removeNode(`n${cycle}`);
        s.addNode(makeNode(`extra${cycle}`, { cpu: 1000, memory: 2e9 }));
      }
    }
  });
});
