import { describe, expect, it } from 'vitest';
import { budgetStatus } from '../../src/controllers/disruption.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { Labels } from '../../src/model/labels.js';
import type { Pod } from '../../src/model/pod.js';
import type { IntOrPercent, PodDisruptionBudget, Workload } from '../../src/model/workloads.js';
import { podSpec } from '../controllers/harness.js';
import { deployment, healthy, makeRun, pdb, pool, S, statefulSet } from './harness.js';

// Cases ported from kubernetes pkg/controller/disruption/disruption_test.go, with their names.
// VerifyPdbStatus(disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods) becomes
// expectStatus(allowed, healthy, desired, expected). Upstream's ReplicationControllers and bare
// ReplicaSets are Deployments here (kubesim's pods are owned by a Deployment's ReplicaSet).

const fooBar: Labels = { foo: 'bar' };

function minAvailable(v: IntOrPercent): PodDisruptionBudget {
  return { namespace: 'default', name: 'foobar', selector: { matchLabels: fooBar }, minAvailable: v };
}
function maxUnavailable(v: IntOrPercent): PodDisruptionBudget {
  return { namespace: 'default', name: 'foobar', selector: { matchLabels: fooBar }, maxUnavailable: v };
}

/** A store with pods and controllers, and the budget's status over it. */
class Fixture {
  readonly cluster = new ClusterState();
  constructor(readonly pdb: PodDisruptionBudget) {}

  controller(w: Workload): Workload {
    this.cluster.addWorkload(w);
    return w;
  }
  pod(name: string, options: { owner?: Workload; labels?: Labels; ready?: boolean } = {}): Pod {
    const w = options.owner;
    const pod: Pod = {
      uid: this.cluster.allocateUid(),
      namespace: 'default',
      name,
      labels: options.labels ?? fooBar,
      spec: podSpec(),
      phase: 'Running',
      ready: options.ready ?? true,
      createdAt: 0,
      ...(w
        ? {
            owner: { kind: w.kind === 'Deployment' ? 'ReplicaSet' : 'StatefulSet', key: `default/${w.name}` },
          }
        : {}),
    };
    this.cluster.addPod(pod);
    return pod;
  }
  setReady(pod: Pod, ready: boolean): void {
    this.cluster.updatePod(pod, (p) => (p.ready = ready));
  }
  expectStatus(allowed: number, healthy: number, desired: number, expected: number): void {
    expect(budgetStatus(this.pdb, this.cluster)).toEqual({
      disruptionsAllowed: allowed,
      currentHealthy: healthy,
      desiredHealthy: desired,
      expectedPods: expected,
    });
  }
  allowed(): number {
    return budgetStatus(this.pdb, this.cluster).disruptionsAllowed;
  }
}

function sized(w: Workload, replicas: number, labels: Labels = fooBar): Workload {
  return { ...w, replicas, selector: { matchLabels: labels }, template: { ...w.template, labels } };
}

describe('PodDisruptionBudget status (upstream disruption_test.go)', () => {
  it('TestNoSelector: an empty selector matches every pod', () => {
    const f = new Fixture({ ...minAvailable(3), selector: {} });
    f.expectStatus(0, 0, 3, 0);
    f.pod('yo-yo-yo', { labels: {} });
    f.expectStatus(0, 1, 3, 1);
  });

  it('TestUnavailable: counts go up as pods appear, and down when one turns unready', () => {
    const f = new Fixture(minAvailable(3));
    const pods: Pod[] = [];
    for (let i = 0; i < 4; i++) {
      f.expectStatus(0, i, 3, i);
      pods.push(f.pod(`yo-yo-yo ${i}`));
    }
    f.expectStatus(1, 4, 3, 4);
    f.setReady(pods[0] as Pod, false);
    f.expectStatus(0, 3, 3, 4);
  });

  it('TestIntegerMaxUnavailable: an integer maxUnavailable allows nothing for a pod without controller', () => {
    const f = new Fixture(maxUnavailable(1));
    expect(f.allowed()).toBe(0);
    f.pod('naked');
    expect(f.allowed()).toBe(0);
  });

  it("TestIntegerMaxUnavailableWithScaling: the controller's scale is followed", () => {
    const f = new Fixture(maxUnavailable(2));
    const rs = f.controller(sized(deployment('rs', 7), 7));
    f.pod('pod', { owner: rs });
    f.expectStatus(0, 1, 5, 7);
    f.cluster.updateWorkload('default/rs', (w) => (w.replicas = 5));
    f.expectStatus(0, 1, 3, 5);
  });

  it('TestPercentageMaxUnavailableWithScaling: a percentage of the scale, rounded up', () => {
    const f = new Fixture(maxUnavailable('30%'));
    const rs = f.controller(sized(deployment('rs', 7), 7));
    f.pod('pod', { owner: rs });
    f.expectStatus(0, 1, 4, 7);
    f.cluster.updateWorkload('default/rs', (w) => (w.replicas = 3));
    f.expectStatus(0, 1, 2, 3);
  });

  it('TestNakedPod: a percentage minAvailable allows nothing for a pod without controller', () => {
    const f = new Fixture(minAvailable('28%'));
    expect(f.allowed()).toBe(0);
    f.pod('naked');
    expect(f.allowed()).toBe(0);
  });

  it("TestReplicaSet: the scale of the pods' controller is the expected count", () => {
    const f = new Fixture(minAvailable('20%'));
    const rs = f.controller(sized(deployment('rs', 10), 10));
    f.pod('pod', { owner: rs });
    f.expectStatus(0, 1, 2, 10);
  });

  it('TestMultipleControllers: no controller, no disruption; one controller at 200% of 1%, one', () => {
    const f = new Fixture(minAvailable('1%'));
    const naked = [f.pod('pod 0'), f.pod('pod 1')];
    expect(f.allowed()).toBe(0);
    const rc = f.controller(sized(deployment('rc-1', 1), 1));
    for (const p of naked) f.cluster.deletePod(p);
    f.pod('pod 0', { owner: rc });
    f.pod('pod 1', { owner: rc });
    expect(f.allowed()).toBe(1);
  });

  it('TestReplicationController: 34% of 3 rounds up to 2; a rogue pod without controller counts as healthy', () => {
    const labels = { foo: 'bar', baz: 'quux' };
    const f = new Fixture(minAvailable('34%'));
    const rc = f.controller(sized(deployment('foobar', 3), 3, labels));
    f.expectStatus(0, 0, 0, 0);
    for (let i = 0; i < 3; i++) {
      f.pod(`foobar ${i}`, { owner: rc, labels });
      if (i < 2) f.expectStatus(0, i + 1, 2, 3);
      else f.expectStatus(1, 3, 2, 3);
    }
    f.pod('rogue');
    expect(f.allowed()).toBe(2);
  });

  it('TestStatefulSetController: the same with a StatefulSet', () => {
    const labels = { foo: 'bar', baz: 'quux' };
    const f = new Fixture(minAvailable('34%'));
    const ss = f.controller(sized(statefulSet('foobar', 3), 3, labels));
    f.expectStatus(0, 0, 0, 0);
    for (let i = 0; i < 3; i++) {
      f.pod(`foobar ${i}`, { owner: ss, labels });
      if (i < 2) f.expectStatus(0, i + 1, 2, 3);
      else f.expectStatus(1, 3, 2, 3);
    }
  });

  it('TestTwoControllers: two controllers of 11 under 28%', () => {
    const rcLabels = { foo: 'bar', baz: 'quux' };
    const dLabels = { foo: 'bar', baz: 'quuux' };
    const collectionSize = 11;
    const minimumOne = 4;
    const minimumTwo = 7;
    const f = new Fixture(minAvailable('28%'));
    const rc = f.controller(sized(deployment('rc', collectionSize), collectionSize, rcLabels));
    f.expectStatus(0, 0, 0, 0);
    const pods: Pod[] = [];
    let unavailablePods = collectionSize - minimumOne - 1;
    for (let i = 1; i <= collectionSize; i++) {
      pods.push(f.pod(`quux ${i}`, { owner: rc, labels: rcLabels, ready: i > unavailablePods }));
      if (i <= unavailablePods) f.expectStatus(0, 0, minimumOne, collectionSize);
      else if (i - unavailablePods <= minimumOne)
        f.expectStatus(0, i - unavailablePods, minimumOne, collectionSize);
      else f.expectStatus(1, i - unavailablePods, minimumOne, collectionSize);
    }
    const d = f.controller(sized(deployment('d', collectionSize), collectionSize, dLabels));
    f.expectStatus(1, minimumOne + 1, minimumOne, collectionSize);
    unavailablePods = 2 * collectionSize - (minimumTwo + 2) - unavailablePods;
    for (let i = 1; i <= collectionSize; i++) {
      pods.push(f.pod(`quuux ${i}`, { owner: d, labels: dLabels, ready: i > unavailablePods }));
      if (i <= unavailablePods) f.expectStatus(0, minimumOne + 1, minimumTwo, 2 * collectionSize);
      else if (i - unavailablePods <= minimumTwo - (minimumOne + 1))
        f.expectStatus(0, minimumOne + 1 + (i - unavailablePods), minimumTwo, 2 * collectionSize);
      else
        f.expectStatus(
          i - unavailablePods - (minimumTwo - (minimumOne + 1)),
          minimumOne + 1 + (i - unavailablePods),
          minimumTwo,
          2 * collectionSize,
        );
    }
    f.expectStatus(2, 2 + minimumTwo, minimumTwo, 2 * collectionSize);
    f.setReady(pods[collectionSize - 1] as Pod, false);
    f.expectStatus(1, 1 + minimumTwo, minimumTwo, 2 * collectionSize);
    f.setReady(pods[collectionSize - 2] as Pod, false);
    f.expectStatus(0, minimumTwo, minimumTwo, 2 * collectionSize);
    f.setReady(pods[collectionSize - 1] as Pod, true);
    f.expectStatus(1, 1 + minimumTwo, minimumTwo, 2 * collectionSize);
  });

  it('a pod being deleted is not healthy (countHealthyPods)', () => {
    const f = new Fixture(minAvailable(1));
    const p = f.pod('p1');
    f.pod('p2');
    f.expectStatus(1, 2, 1, 2);
    f.cluster.updatePod(p, (x) => (x.deletionTimestamp = 0));
    f.expectStatus(0, 1, 1, 2);
  });
});

describe('the disruption controller', () => {
  it("writes each budget's status onto the object, and follows readiness and scale", () => {
    const c = makeRun({
      pools: [pool({ count: 2 })],
      workloads: [deployment('web', 3)],
      budgets: [pdb('web', { maxUnavailable: 1 })],
    });
    const budget = () => c.run.cluster.podDisruptionBudget('default/web');
    c.run.advance(1 * S);
    expect(budget()?.status).toEqual({
      expectedPods: 3,
      currentHealthy: 0,
      desiredHealthy: 2,
      disruptionsAllowed: 0,
    });
    c.run.advance(30 * S);
    expect(healthy(c.run, 'web')).toBe(3);
    expect(budget()?.status).toEqual({
      expectedPods: 3,
      currentHealthy: 3,
      desiredHealthy: 2,
      disruptionsAllowed: 1,
    });
    c.run.api.scale('default/web', 5);
    c.run.advance(31 * S);
    expect(budget()?.status).toEqual({
      expectedPods: 5,
      currentHealthy: 3,
      desiredHealthy: 4,
      disruptionsAllowed: 0,
    });
    c.run.advance(60 * S);
    expect(budget()?.status).toEqual({
      expectedPods: 5,
      currentHealthy: 5,
      desiredHealthy: 4,
      disruptionsAllowed: 1,
    });
  });
});
