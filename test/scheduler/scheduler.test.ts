import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { makeNode, makePod } from './fixtures.js';

function setup(nodes = 3) {
  const cluster = new ClusterState();
  const sim = new Simulation();
  const scheduler = new Scheduler({
    cluster,
    sim,
    random: new RandomStreams(1).get('scheduler/tie-break'),
    kubernetesVersion: '1.36',
  });
  for (let i = 0; i < nodes; i++) cluster.addNode(makeNode(`n${i}`, { cpu: 1000, memory: 4e9 }));
  scheduler.start();
  return { cluster, sim, scheduler };
}

describe('Scheduler', () => {
  it('binds pending pods at the current simulated time', () => {
    const { cluster, sim, scheduler } = setup();
    const pods = [0, 1, 2].map((i) => makePod(`p${i}`, [{ cpu: 600, memory: 1e9 }]));
    for (const p of pods) cluster.addPod(p);
    sim.run(1);
    expect(pods.every((p) => p.nodeName !== undefined)).toBe(true);
    expect(new Set(pods.map((p) => p.nodeName)).size).toBe(3);
    expect(scheduler.stats).toMatchObject({ attempts: 3, scheduled: 3, failed: 0 });
  });

  it('records the kube-scheduler message on a pod that fits nowhere', () => {
    const { cluster, sim } = setup(2);
    const big = makePod('big', [{ cpu: 5000 }]);
    cluster.addPod(big);
    sim.run(1);
    expect(big.nodeName).toBeUndefined();
    expect(big.unschedulableMessage).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
    );
  });
});
