import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/engine/random.js';
import { buildSnapshot, makePodInfo } from '../../../src/scheduler/cache/index.js';
import type { ScorePlugin } from '../../../src/scheduler/framework/interface.js';
import {
  Framework,
  fitErrorMessage,
  numFeasibleNodesToFind,
} from '../../../src/scheduler/framework/runner.js';
import { Status } from '../../../src/scheduler/framework/status.js';
import { NodeResourcesFit } from '../../../src/scheduler/plugins/noderesources/fit.js';
import { defaultFitArgs } from '../../../src/scheduler/plugins/noderesources/fit-args.js';
import { makeNode, makePod } from '../fixtures.js';

describe('numFeasibleNodesToFind (schedule_one.go; values as upstream TestNumFeasibleNodesToFind)', () => {
  const cases: [string, number, number, number][] = [
    ['not set percentageOfNodesToScore and nodes number not more than 50', 0, 10, 10],
    ['set profile percentageOfNodesToScore and nodes number not more than 50', 40, 10, 10],
    ['not set percentageOfNodesToScore and nodes number more than 50', 0, 1000, 420],
    ['set profile percentageOfNodesToScore and nodes number more than 50', 40, 1000, 400],
    ['not set percentageOfNodesToScore and nodes number more than 50*125', 0, 6000, 300],
    ['set profile percentageOfNodesToScore and nodes number more than 50*125', 40, 6000, 2400],
  ];
  for (const [name, pct, n, want] of cases) {
    it(name, () => expect(numFeasibleNodesToFind(pct, n)).toBe(want));
  }

  it('never goes below 100 nodes and takes every node under 100', () => {
    expect(numFeasibleNodesToFind(0, 99)).toBe(99);
    expect(numFeasibleNodesToFind(0, 100)).toBe(100);
    expect(numFeasibleNodesToFind(1, 5000)).toBe(100);
    // 5 000 nodes: 50 − 40 = 10 % → 500.
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(100, 5000)).toBe(5000);
  });
});

describe('fitErrorMessage (FitError.Error, framework/types.go)', () => {
  it('counts each reason over nodes and sorts the "<count> <reason>" strings', () => {
    const insufficient = Status.unschedulable('Insufficient cpu');
    const taint = Status.unresolvable('node(s) had untolerated taint(s)');
    const both = Status.unschedulable('Insufficient cpu', 'Insufficient memory');
    const d = {
      nodeToStatus: new Map([
        ['a', insufficient],
        ['b', insufficient],
        ['c', both],
        ['d', taint],
        ['e', taint],
      ]),
      preFilterMsg: '',
      unschedulablePlugins: new Set<string>(),
    };
    expect(fitErrorMessage(5, d)).toBe(
      '0/5 nodes are available: 1 Insufficient memory, 2 node(s) had untolerated taint(s), 3 Insufficient cpu.',
    );
    expect(
      fitErrorMessage(
        5,
        d,
        'preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod.',
      ),
    ).toBe(
      '0/5 nodes are available: 1 Insufficient memory, 2 node(s) had untolerated taint(s), 3 Insufficient cpu. preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod..',
    );
  });

  it('sorts as strings, so 10 comes before 2 (as Go sort.Strings)', () => {
    const s = Status.unschedulable('x');
    const t = Status.unschedulable('y');
    const m = new Map<string, Status>();
    for (let i = 0; i < 10; i++) m.set(`x${i}`, s);
    m.set('y0', t).set('y1', t);
    expect(fitErrorMessage(12, { nodeToStatus: m, preFilterMsg: '', unschedulablePlugins: new Set() })).toBe(
      '0/12 nodes are available: 10 x, 2 y.',
    );
  });

  it('uses the PreFilter message alone when a PreFilter rejected the pod', () => {
    expect(
      fitErrorMessage(3, {
        nodeToStatus: new Map(),
        preFilterMsg: 'pod affinity terms conflict',
        unschedulablePlugins: new Set(),
      }),
    ).toBe('0/3 nodes are available: pod affinity terms conflict.');
  });
});

function framework(percentage = 0, score: ScorePlugin[] = []) {
  const snapshotNodes = Array.from({ length: 200 }, (_, i) =>
    makeNode(`n${String(i).padStart(3, '0')}`, { cpu: 1000, memory: 1e9 }),
  );
  const snapshot = buildSnapshot(snapshotNodes, []);
  const fit = new NodeResourcesFit(defaultFitArgs(), snapshot.resources);
  const fw = new Framework(
    'default-scheduler',
    { preFilter: [], filter: [fit], preScore: [], score: score.map((plugin) => ({ plugin, weight: 1 })) },
    percentage,
    new RandomStreams(1).get('t'),
  );
  return { fw, snapshot };
}

describe('Framework.schedulePod', () => {
  it('stops filtering at numFeasibleNodesToFind and starts the next cycle where this one stopped', () => {
    const { fw, snapshot } = framework();
    fw.recordScores = true;
    fw.alwaysScore = true;
    const pod = () => makePodInfo(makePod('p', [{ cpu: 100 }]), snapshot.resources);
    // 200 nodes: p = 50 − 200/125 = 49 % → 98, raised to the minimum of 100.
    fw.schedulePod(pod(), snapshot);
    expect(fw.lastScores?.nodes.map((n) => n.index)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    fw.schedulePod(pod(), snapshot);
    expect(fw.lastScores?.nodes.map((n) => n.index)).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
    fw.schedulePod(pod(), snapshot);
    expect(fw.lastScores?.nodes[0]?.index).toBe(0);
  });

  it('counts rejected nodes as examined when rotating', () => {
    const { fw, snapshot } = framework(50);
    fw.recordScores = true;
    fw.alwaysScore = true;
    // Nodes 0–9 are full: the first cycle examines 110 nodes to find 100 feasible ones.
    for (let i = 0; i < 10; i++) snapshot.addPod(makePod(`f${i}`, [{ cpu: 1000 }]), `n00${i}`);
    const r = fw.schedulePod(makePodInfo(makePod('p', [{ cpu: 100 }]), snapshot.resources), snapshot);
    expect(r.kind === 'scheduled' && r.evaluatedNodes).toBe(110);
    fw.schedulePod(makePodInfo(makePod('q', [{ cpu: 100 }]), snapshot.resources), snapshot);
    expect(fw.lastScores?.nodes[0]?.index).toBe(110);
  });

  it('breaks ties among the top scores at random, with every tied node possible', () => {
    const { fw, snapshot } = framework(100);
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const r = fw.schedulePod(makePodInfo(makePod('p', [{ cpu: 1 }]), snapshot.resources), snapshot);
      if (r.kind === 'scheduled') seen.add(r.node.node.name);
    }
    // No score plugins: all 200 nodes tie at 0; reservoir sampling spreads the picks.
    expect(seen.size).toBeGreaterThan(150);
  });

  it('reports Unschedulable with per-node reasons when nothing fits', () => {
    const { fw, snapshot } = framework();
    const r = fw.schedulePod(makePodInfo(makePod('big', [{ cpu: 5000 }]), snapshot.resources), snapshot);
    expect(r.kind).toBe('unschedulable');
    if (r.kind !== 'unschedulable') return;
    expect(fitErrorMessage(r.numAllNodes, r.diagnosis)).toBe(
      '0/200 nodes are available: 200 Insufficient cpu.',
    );
  });
});
