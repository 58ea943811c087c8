import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiServer } from '../../src/api/api-server.js';
import { RandomStreams } from '../../src/engine/random.js';
import { Simulation } from '../../src/engine/simulation.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { KubeSchedulerConfiguration } from '../../src/model/scheduler-config.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { makeNode, makePod } from './fixtures.js';

const S = 1_000_000;

function setup(nodes = 3, version = '1.36', configuration?: KubeSchedulerConfiguration) {
  const cluster = new ClusterState();
  const sim = new Simulation();
  const scheduler = new Scheduler({
    cluster,
    api: new ApiServer(cluster, () => sim.now),
    sim,
    random: new RandomStreams(1).get('scheduler/tie-break'),
    kubernetesVersion: version,
    configuration,
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
    expect(pods.every((p) => p.nodeName !== undefined && p.scheduledAt === 0)).toBe(true);
    expect(new Set(pods.map((p) => p.nodeName)).size).toBe(3);
    expect(scheduler.stats).toMatchObject({ attempts: 3, scheduled: 3, failed: 0 });
  });

  it('records the kube-scheduler message on a pod that fits nowhere', () => {
    const { cluster, sim, scheduler } = setup(2);
    const big = makePod('big', [{ cpu: 5000 }]);
    cluster.addPod(big);
    sim.run(1);
    expect(big.nodeName).toBeUndefined();
    expect(big.unschedulableMessage).toBe(
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
    );
    expect(scheduler.stats.failed).toBe(1);
  });

  it('ignores pods of other schedulers and pods already bound', () => {
    const { cluster, sim, scheduler } = setup(1);
    cluster.addPod(makePod('other', [], { spec: { schedulerName: 'my-scheduler' } }));
    cluster.addPod(makePod('bound', [], { nodeName: 'n0' }));
    sim.run(1);
    expect(scheduler.stats.attempts).toBe(0);
  });

  it('retries an unschedulable pod when a node is added (1.36: at once, popping from backoffQ)', () => {
    const { cluster, sim } = setup(1);
    const p = makePod('p', [{ cpu: 2000 }]);
    cluster.addPod(p);
    sim.run(0.5 * S);
    sim.schedule(0, () => cluster.addNode(makeNode('big', { cpu: 4000 })));
    sim.run(5 * S);
    expect(p.nodeName).toBe('big');
    expect(p.scheduledAt).toBe(0.5 * S);
  });

  it('retries on a node update only when something scheduling reads changed', () => {
    const { cluster, sim, scheduler } = setup(1);
    const p = makePod('p', [{ cpu: 100 }], { spec: { nodeSelector: { disk: 'ssd' } } });
    cluster.addPod(p);
    sim.run(1);
    expect(scheduler.stats.attempts).toBe(1);
    cluster.updateNode('n0', (n) => {
      n.ready = 'False';
    });
    sim.run(2);
    expect(scheduler.stats.attempts).toBe(1);
    cluster.updateNode('n0', (n) => {
      n.labels = { ...n.labels, disk: 'ssd' };
    });
    sim.run(3);
    expect(scheduler.stats.attempts).toBe(2);
    expect(p.nodeName).toBe('n0');
  });

  it('retries after the 1 s backoff before 1.33', () => {
    const { cluster, sim } = setup(1, '1.32');
    const p = makePod('p', [{ cpu: 2000 }]);
    cluster.addPod(p);
    sim.run(0.5 * S);
    sim.schedule(0, () => cluster.addNode(makeNode('big', { cpu: 4000 })));
    sim.run(5 * S);
    expect(p.scheduledAt).toBe(1 * S);
  });

  it('retries an unschedulable pod after 5 minutes without events', () => {
    const { cluster, sim, scheduler } = setup(1);
    cluster.addPod(makePod('p', [{ cpu: 2000 }]));
    sim.run(299 * S);
    expect(scheduler.stats.attempts).toBe(1);
    sim.run(331 * S);
    expect(scheduler.stats.attempts).toBe(2);
  });

  it('does nothing while paused and catches up on resume', () => {
    const { cluster, sim, scheduler } = setup(1);
    scheduler.pause();
    const p = makePod('p', [{ cpu: 100 }]);
    cluster.addPod(p);
    sim.run(10 * S);
    expect(p.nodeName).toBeUndefined();
    scheduler.resume();
    sim.run(11 * S);
    expect(p.nodeName).toBe('n0');
  });
});

describe('Scheduler preemption (DefaultPreemption)', () => {
  it('evicts a lower-priority pod, nominates the node and binds once the victim is gone', () => {
    const { cluster, sim, scheduler } = setup(1);
    const low = makePod('low', [{ cpu: 800 }], { nodeName: 'n0' });
    low.ready = true;
    cluster.addPod(low);
    const high = makePod('high', [{ cpu: 500 }], { spec: { priority: 1000 } });
    cluster.addPod(high);
    sim.run(1);
    // Victims are deleted gracefully through the API (Ready changes only when the kubelet stops them).
    expect(low.deletionTimestamp).toBe(0);
    expect(low.deletionGracePeriodSeconds).toBe(low.spec.terminationGracePeriodSeconds);
    expect(high.nominatedNodeName).toBe('n0');
    expect(high.nodeName).toBeUndefined();
    expect(high.unschedulableMessage).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    expect(scheduler.stats.preemptions).toBe(1);
    // The terminating victim still counts on the node; the kubelet removes it after its grace period.
    sim.scheduleAt(30 * S, () => cluster.deletePod(low));
    sim.run(40 * S);
    expect(high.nodeName).toBe('n0');
    expect(high.scheduledAt).toBe(30 * S);
  });

  it('does not preempt for a pod with preemptionPolicy Never', () => {
    const { cluster, sim } = setup(1);
    cluster.addPod(makePod('low', [{ cpu: 800 }], { nodeName: 'n0' }));
    const high = makePod('high', [{ cpu: 500 }], { spec: { priority: 1000, preemptionPolicy: 'Never' } });
    cluster.addPod(high);
    sim.run(1);
    expect(high.unschedulableMessage).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..',
    );
  });

  it('prefers the node whose victims no PodDisruptionBudget protects', () => {
    const { cluster, sim } = setup(2);
    const a = makePod('a', [{ cpu: 800 }], { nodeName: 'n0', labels: { app: 'db' } });
    const b = makePod('b', [{ cpu: 800 }], { nodeName: 'n1', labels: { app: 'web' } });
    a.ready = true;
    b.ready = true;
    cluster.addPod(a);
    cluster.addPod(b);
    cluster.addPodDisruptionBudget({
      namespace: 'default',
      name: 'db',
      selector: { matchLabels: { app: 'db' } },
      minAvailable: 1,
    });
    const high = makePod('high', [{ cpu: 500 }], { spec: { priority: 10 } });
    cluster.addPod(high);
    sim.run(1);
    expect(high.nominatedNodeName).toBe('n1');
    expect(b.deletionTimestamp).toBe(0);
    expect(a.deletionTimestamp).toBeUndefined();
  });

  it('says preemption is not helpful when nodes reject the pod for good', () => {
    const { cluster, sim } = setup(2);
    const p = makePod('p', [{ cpu: 100 }], { spec: { nodeSelector: { disk: 'ssd' }, priority: 5 } });
    cluster.addPod(p);
    sim.run(1);
    expect(p.unschedulableMessage).toBe(
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..",
    );
  });
});

describe('Scheduler properties (fast-check)', () => {
  it('never over-commits a node, counting terminating pods, with preemption in play', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 500, max: 4000 }), { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.record({ cpu: fc.integer({ min: 100, max: 3000 }), priority: fc.integer({ min: 0, max: 3 }) }),
          {
            maxLength: 20,
          },
        ),
        (nodeCpus, pods) => {
          const cluster = new ClusterState();
          const sim = new Simulation();
          const scheduler = new Scheduler({
            cluster,
            api: new ApiServer(cluster, () => sim.now),
            sim,
            random: new RandomStreams(7).get('t'),
            kubernetesVersion: '1.36',
          });
          nodeCpus.forEach((cpu, i) => {
            cluster.addNode(makeNode(`n${i}`, { cpu, memory: 8e9 }));
          });
          scheduler.start();
          const created = pods.map((p, i) => {
            const pod = makePod(`p${i}`, [{ cpu: p.cpu }], { spec: { priority: p.priority } });
            sim.scheduleAt(i * S, () => cluster.addPod(pod));
            return pod;
          });
          // Evicted pods leave 5 s after their deletionTimestamp (a stand-in for the kubelet).
          cluster.watch((e) => {
            if (
              e.type === 'PodUpdated' &&
              e.pod.deletionTimestamp !== undefined &&
              e.pod.nodeName !== undefined
            ) {
              const victim = e.pod;
              sim.schedule(5 * S, () => cluster.deletePod(victim));
            }
          });
          const check = () => {
            nodeCpus.forEach((cpu, i) => {
              let used = 0;
              for (const p of cluster.podsOnNode(`n${i}`)) used += p.spec.containers[0]?.requests.cpu ?? 0;
              expect(used).toBeLessThanOrEqual(cpu);
            });
          };
          for (let t = 1; t <= 60; t++) {
            sim.run(t * S);
            check();
          }
          for (const p of created) {
            if (cluster.pod(`default/${p.name}`) !== p) continue;
            expect(p.nodeName !== undefined || p.unschedulableMessage !== undefined).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
