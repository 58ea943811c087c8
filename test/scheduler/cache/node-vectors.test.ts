import { describe, expect, it } from 'vitest';
import { MutableSnapshot, makePodInfo } from '../../../src/scheduler/cache/index.js';
import {
  CPU_INDEX,
  CycleState,
  MEMORY_INDEX,
  PODS_INDEX,
} from '../../../src/scheduler/framework/interface.js';
import { NodeResourcesBalancedAllocation } from '../../../src/scheduler/plugins/noderesources/balanced-allocation.js';
import { defaultBalancedAllocationArgs } from '../../../src/scheduler/plugins/noderesources/balanced-allocation-args.js';
import { NodeResourcesFit } from '../../../src/scheduler/plugins/noderesources/fit.js';
import { defaultFitArgs } from '../../../src/scheduler/plugins/noderesources/fit-args.js';
import { makeNode, makePod } from '../fixtures.js';

/** Every NodeInfo's vectors are the snapshot's flat vectors at its index. */
function expectViewsMatchStore(s: MutableSnapshot): void {
  const { stride, allocatable, requested, nonZeroRequested } = s.nodeVectors;
  for (const info of s.nodeInfos) {
    expect(info.allocatable.length).toBe(stride);
    for (let r = 0; r < stride; r++) {
      const o = info.index * stride + r;
      expect(info.allocatable[r]).toBe(allocatable[o]);
      expect(info.requested[r]).toBe(requested[o]);
      expect(info.nonZeroRequested[r]).toBe(nonZeroRequested[o]);
    }
  }
}

describe('NodeVectorStore', () => {
  it('keeps every NodeInfo on its slot through growth, new extended resources and node removal', () => {
    const s = new MutableSnapshot();
    // 200 nodes: the store starts with 64 slots, so it doubles twice.
    for (let i = 0; i < 200; i++) s.addNode(makeNode(`n${i}`, { cpu: 1000 + i, memory: 1e9 }));
    for (let i = 0; i < 200; i += 3)
      s.addPod(makePod(`p${i}`, [{ cpu: 100 }], { nodeName: `n${i}` }), `n${i}`);
    // Nine extended resources outgrow the initial 8-slot stride: every slot is re-laid out.
    for (let k = 0; k < 9; k++) {
      s.addPod(makePod(`x${k}`, [{ [`example.com/r${k}`]: k + 1 }], { nodeName: 'n7' }), 'n7');
    }
    expect(s.nodeVectors.stride).toBeGreaterThanOrEqual(13);
    expectViewsMatchStore(s);
    const n7 = s.nodeInfo('n7');
    expect(n7?.requested[s.resources.indexOf('example.com/r8')]).toBe(9);
    expect(n7?.requested[PODS_INDEX]).toBe(9);

    // Removing n5 moves the last node (n199) into slot 5; the removed NodeInfo keeps its numbers.
    const removed = s.nodeInfo('n5');
    s.removeNode('n5');
    expect(s.nodeInfo('n199')?.index).toBe(5);
    expect(s.nodeInfo('n199')?.allocatable[CPU_INDEX]).toBe(1199);
    expect(removed?.allocatable[CPU_INDEX]).toBe(1005);
    // A node added into the freed last slot starts from zero.
    s.addNode(makeNode('fresh', { cpu: 10 }));
    expect(s.nodeInfo('fresh')?.requested[CPU_INDEX]).toBe(0);
    expect(s.nodeInfo('fresh')?.allocatable[MEMORY_INDEX]).toBe(0);
    expectViewsMatchStore(s);
  });

  it('gives scoreAll the same scores as score', () => {
    const s = new MutableSnapshot();
    for (let i = 0; i < 100; i++) s.addNode(makeNode(`n${i}`, { cpu: 2000 + 37 * i, memory: 3e9 + 1e7 * i }));
    for (let i = 0; i < 100; i++) {
      s.addPod(
        makePod(`p${i}`, [{ cpu: (i % 7) * 150, memory: (i % 5) * 3e8 }], { nodeName: `n${i}` }),
        `n${i}`,
      );
    }
    const pod = makePodInfo(makePod('new', [{ cpu: 300, memory: 7e8 }]), s.resources);
    const feasible = s.nodeInfos.filter((_, i) => i % 2 === 0);
    for (const plugin of [
      new NodeResourcesFit(defaultFitArgs(), s.resources),
      new NodeResourcesBalancedAllocation(defaultBalancedAllocationArgs(), s.resources, 36),
    ]) {
      const state = new CycleState();
      const out = new Float64Array(feasible.length);
      plugin.scoreAll(state, pod, feasible, s, out);
      expect([...out]).toEqual(feasible.map((n) => plugin.score(state, pod, n)));
    }
  });
});
