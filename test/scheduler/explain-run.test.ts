// explainScheduling on createRun: it reports the first pass of the run `kubesim run` makes (the same
// pods, names, order and tie-breaks), carries out preemption as the run does, and waits for the pods
// controllers create later (OrderedReady StatefulSets).
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/manifests/index.js';
import type { ClusterInput } from '../../src/model/cluster-input.js';
import { podKey } from '../../src/model/pod.js';
import type { StatefulSet } from '../../src/model/workloads.js';
import { explainScheduling, notCreatedMessage } from '../../src/scheduler/explain.js';
import { createRun } from '../../src/sim/run.js';
import { makeNode, makePod } from './fixtures.js';

const Gi = 1024 ** 3;

function input(partial: Partial<ClusterInput>): ClusterInput {
  return {
    nodes: [],
    pods: [],
    deployments: [],
    statefulSets: [],
    services: [],
    podDisruptionBudgets: [],
    priorityClasses: [],
    ...partial,
  };
}

function statefulSet(replicas: number, cpu: number, policy: StatefulSet['podManagementPolicy']): StatefulSet {
  const template = makePod('t', [{ cpu }], { labels: { app: 'db' } });
  return {
    kind: 'StatefulSet',
    namespace: 'default',
    name: 'db',
    labels: {},
    replicas,
    selector: { matchLabels: { app: 'db' } },
    template: { labels: template.labels, spec: template.spec },
    serviceName: 'db',
    podManagementPolicy: policy,
  };
}

describe('explainScheduling on createRun', () => {
  it('reports the bindings of the run kubesim run makes, pod for pod (quick start)', async () => {
    const loaded = await loadFiles(['models/quickstart.yaml'], { requireScenario: true });
    if (!loaded.input?.scenario) throw new Error('quickstart did not load');
    const explained = explainScheduling(loaded.input, { seed: loaded.input.scenario.seed });
    const run = createRun(loaded.input);
    run.advance(1); // every pod of the quick start is created and scheduled at time 0
    const bound = [...run.cluster.pods].map((p) => [podKey(p), p.nodeName ?? null]);
    expect(explained.pods.map((p) => [p.pod, p.node])).toEqual(bound);
    expect(bound.length).toBeGreaterThan(0);
  });

  it('needs no Scenario: bare manifests run with the default Scenario', () => {
    const run = createRun(
      input({ nodes: [makeNode('a', { cpu: 1000, memory: Gi })], pods: [makePod('p', [{ cpu: 100 }])] }),
    );
    expect(run.scenario.name).toBe('default');
    expect(run.duration).toBe(3600e6);
    run.advance(1);
    expect(run.cluster.pod('default/p')?.nodeName).toBe('a');
  });

  it('carries out preemption as the run does, and says so', () => {
    const result = explainScheduling(
      input({
        nodes: [makeNode('a', { cpu: 1000, memory: 8 * Gi })],
        pods: [
          makePod('low', [{ cpu: 700 }], { nodeName: 'a' }),
          makePod('high', [{ cpu: 700 }], { spec: { priority: 1000 } }),
        ],
      }),
    );
    expect(result.pods).toEqual([
      {
        pod: 'default/high',
        node: null,
        unschedulable:
          '0/1 nodes are available: 1 Insufficient cpu. preemption: nominated to node a, evicting default/low.',
      },
    ]);
  });

  it('schedules higher-priority pods first, as the queue does', () => {
    const result = explainScheduling(
      input({
        nodes: [makeNode('a', { cpu: 1000, memory: 8 * Gi })],
        pods: [
          makePod('first', [{ cpu: 700 }], { spec: { priority: 0, preemptionPolicy: 'Never' } }),
          makePod('urgent', [{ cpu: 700 }], { spec: { priority: 10 } }),
        ],
      }),
    );
    // Listed in creation order; the later, higher-priority pod got the room.
    expect(result.pods.map((p) => [p.pod, p.node])).toEqual([
      ['default/first', null],
      ['default/urgent', 'a'],
    ]);
  });

  it('waits for an OrderedReady StatefulSet to create its pods one by one', () => {
    const result = explainScheduling(
      input({
        nodes: [makeNode('a', { cpu: 4000, memory: 8 * Gi })],
        statefulSets: [statefulSet(3, 100, 'OrderedReady')],
      }),
    );
    expect(result.pods.map((p) => [p.pod, p.node])).toEqual([
      ['default/db-0', 'a'],
      ['default/db-1', 'a'],
      ['default/db-2', 'a'],
    ]);
  });

  it('says which OrderedReady pods were never created behind a pending one', () => {
    const result = explainScheduling(
      input({
        nodes: [makeNode('a', { cpu: 1000, memory: 8 * Gi })],
        statefulSets: [statefulSet(3, 2000, 'OrderedReady')],
      }),
    );
    expect(result.pods.map((p) => [p.pod, p.node])).toEqual([
      ['default/db-0', null],
      ['default/db-1', null],
      ['default/db-2', null],
    ]);
    expect(result.pods[0]?.unschedulable).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
    expect(result.pods[1]?.unschedulable).toBe(notCreatedMessage('default/db', 'db-0'));
    expect(result.pods[2]?.unschedulable).toBe(notCreatedMessage('default/db', 'db-1'));
  });

  it('lists pods no profile schedules, unattempted', () => {
    const result = explainScheduling(
      input({
        nodes: [makeNode('a', { cpu: 1000, memory: 8 * Gi })],
        pods: [makePod('odd', [{ cpu: 100 }], { spec: { schedulerName: 'other' } })],
      }),
    );
    expect(result.pods).toEqual([
      { pod: 'default/odd', node: null, unschedulable: 'no profile for schedulerName "other"' },
    ]);
  });
});
