import { describe, expect, it } from 'vitest';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getProportion,
  maxUnavailable,
  newRSNewReplicas,
  resolveFenceposts,
  setCondition,
} from '../../src/controllers/deployment-util.js';
import type { DeploymentCondition, DeploymentStatus, IntOrPercent } from '../../src/model/workloads.js';
import { rollingDeployment, rs } from './deployment-fixtures.js';
import { S } from './harness.js';

// Ported from kubernetes/kubernetes pkg/controller/deployment/util/deployment_util_test.go (v1.36),
// same cases and names. The cases with malformed strings ("oops", "urg") cannot be written in
// kubesim's IntOrPercent type (the loader rejects them), so they are left out.

function status(replicas: number, updated: number, ready: number, available: number): DeploymentStatus {
  return {
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
    unavailableReplicas: 0,
    conditions: [],
  };
}

describe('TestResolveFenceposts', () => {
  const cases: {
    maxSurge?: IntOrPercent;
    maxUnavailable?: IntOrPercent;
    desired: number;
    surge: number;
    unavailable: number;
  }[] = [
    { maxSurge: '0%', maxUnavailable: '0%', desired: 0, surge: 0, unavailable: 1 },
    { maxSurge: '39%', maxUnavailable: '39%', desired: 10, surge: 4, unavailable: 3 },
    { maxSurge: undefined, maxUnavailable: '39%', desired: 10, surge: 0, unavailable: 3 },
    { maxSurge: '39%', maxUnavailable: undefined, desired: 10, surge: 4, unavailable: 0 },
    { maxSurge: undefined, maxUnavailable: undefined, desired: 10, surge: 0, unavailable: 1 },
  ];
  cases.forEach((test, num) => {
    it(`${num}: surge ${test.maxSurge}, unavailable ${test.maxUnavailable} of ${test.desired}`, () => {
      expect(resolveFenceposts(test.maxSurge, test.maxUnavailable, test.desired)).toEqual({
        surge: test.surge,
        unavailable: test.unavailable,
      });
    });
  });

  it('defaults of 25 %: surge rounds up, unavailable rounds down (K8S_BEHAVIOUR.md)', () => {
    expect(resolveFenceposts('25%', '25%', 3)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('25%', '25%', 1)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('25%', '25%', 8)).toEqual({ surge: 2, unavailable: 2 });
  });
});

describe('TestNewRSNewReplicas', () => {
  const cases = [
    {
      name: 'can not scale up - to newRSReplicas',
      strategy: 'RollingUpdate',
      depReplicas: 1,
      newRSReplicas: 5,
      maxSurge: 1,
      expected: 5,
    },
    {
      name: 'scale up - to depReplicas',
      strategy: 'RollingUpdate',
      depReplicas: 6,
      newRSReplicas: 2,
      maxSurge: 10,
      expected: 6,
    },
    {
      name: 'recreate - to depReplicas',
      strategy: 'Recreate',
      depReplicas: 3,
      newRSReplicas: 1,
      maxSurge: 1,
      expected: 3,
    },
  ] as const;
  for (const test of cases) {
    it(test.name, () => {
      const d =
        test.strategy === 'Recreate'
          ? { replicas: test.depReplicas, strategy: { type: 'Recreate' as const } }
          : rollingDeployment(test.depReplicas, test.maxSurge, 1);
      const rs5 = rs('rs5', 5);
      expect(newRSNewReplicas(d, [rs5], rs('new', test.newRSReplicas))).toBe(test.expected);
    });
  }
});

describe('TestMaxUnavailable', () => {
  const cases: { name: string; replicas: number; maxUnavailable: IntOrPercent; expected: number }[] = [
    { name: 'maxUnavailable less than replicas', replicas: 10, maxUnavailable: 5, expected: 5 },
    { name: 'maxUnavailable equal replicas', replicas: 10, maxUnavailable: 10, expected: 10 },
    { name: 'maxUnavailable greater than replicas', replicas: 5, maxUnavailable: 10, expected: 5 },
    { name: 'maxUnavailable with replicas is 0', replicas: 0, maxUnavailable: 10, expected: 0 },
    {
      name: 'maxUnavailable less than replicas with percents',
      replicas: 10,
      maxUnavailable: '50%',
      expected: 5,
    },
    {
      name: 'maxUnavailable equal replicas with percents',
      replicas: 10,
      maxUnavailable: '100%',
      expected: 10,
    },
    {
      name: 'maxUnavailable greater than replicas with percents',
      replicas: 5,
      maxUnavailable: '100%',
      expected: 5,
    },
  ];
  for (const test of cases) {
    it(test.name, () => {
      expect(maxUnavailable(rollingDeployment(test.replicas, 1, test.maxUnavailable))).toBe(test.expected);
    });
  }
  it('maxUnavailable with Recreate deployment strategy', () => {
    expect(maxUnavailable({ replicas: 3, strategy: { type: 'Recreate' } })).toBe(0);
  });
});

describe('TestDeploymentComplete', () => {
  const deployment = (
    desired: number,
    current: number,
    updated: number,
    available: number,
    mu: number,
    ms: number,
  ) => ({
    d: rollingDeployment(desired, ms, mu),
    s: status(current, updated, 0, available),
  });
  const cases = [
    {
      name: 'not complete: min but not all pods become available',
      ...deployment(5, 5, 5, 4, 1, 0),
      expected: false,
    },
    {
      name: 'not complete: min availability is not honored',
      ...deployment(5, 5, 5, 3, 1, 0),
      expected: false,
    },
    { name: 'complete', ...deployment(5, 5, 5, 5, 0, 0), expected: true },
    {
      name: 'not complete: all pods are available but not updated',
      ...deployment(5, 5, 4, 5, 0, 0),
      expected: false,
    },
    { name: 'not complete: still running old pods', ...deployment(1, 2, 1, 1, 0, 1), expected: false },
    {
      name: 'not complete: one replica deployment never comes up',
      ...deployment(1, 1, 1, 0, 1, 1),
      expected: false,
    },
  ];
  for (const test of cases) {
    it(test.name, () => expect(deploymentComplete(test.d, test.s)).toBe(test.expected));
  }
});

describe('TestDeploymentProgressing', () => {
  const cases = [
    {
      name: 'progressing: updated pods',
      old: status(10, 4, 4, 4),
      next: status(10, 6, 4, 4),
      expected: true,
    },
    { name: 'not progressing', old: status(10, 4, 4, 4), next: status(10, 4, 4, 4), expected: false },
    {
      name: 'progressing: old pods removed',
      old: status(10, 4, 6, 6),
      next: status(8, 4, 6, 6),
      expected: true,
    },
    {
      name: 'not progressing: less new pods',
      old: status(10, 7, 3, 3),
      next: status(10, 6, 3, 3),
      expected: false,
    },
    {
      name: 'progressing: less overall but more new pods',
      old: status(10, 4, 7, 7),
      next: status(8, 8, 5, 5),
      expected: true,
    },
    {
      name: 'progressing: more ready pods',
      old: status(10, 10, 9, 8),
      next: status(10, 10, 10, 8),
      expected: true,
    },
    {
      name: 'progressing: more available pods',
      old: status(10, 10, 10, 9),
      next: status(10, 10, 10, 10),
      expected: true,
    },
  ];
  for (const test of cases) {
    it(test.name, () => expect(deploymentProgressing(test.old, test.next)).toBe(test.expected));
  }
});

describe('TestDeploymentTimedOut', () => {
  const at = (min: number, sec: number) => (min * 60 + sec) * S;
  const withCondition = (reason: string, pds: number | undefined, from: number) => ({
    d: { ...rollingDeployment(1, 1, 0), progressDeadlineSeconds: pds },
    s: {
      ...status(0, 0, 0, 0),
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason,
          message: '',
          lastUpdateTime: from,
          lastTransitionTime: from,
        },
      ] as DeploymentCondition[],
    },
  });
  const infinite = 2 ** 31 - 1;
  const cases = [
    {
      name: 'infinite progressDeadlineSeconds specified - no timeout',
      ...withCondition('', infinite, at(1, 9)),
      now: at(1, 20),
      expected: false,
    },
    {
      name: 'progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s',
      ...withCondition('', 10, at(1, 9)),
      now: at(1, 20),
      expected: true,
    },
    {
      name: 'progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s',
      ...withCondition('', 10, at(1, 11)),
      now: at(1, 20),
      expected: false,
    },
    {
      name: 'previous status was a complete deployment',
      ...withCondition('NewReplicaSetAvailable', undefined, 0),
      now: at(60, 0),
      expected: false,
    },
  ];
  for (const test of cases) {
    it(test.name, () => expect(deploymentTimedOut(test.d, test.s, test.now)).toBe(test.expected));
  }

  it('times out only strictly after the deadline (from.Add(delta).Before(now))', () => {
    const { d, s } = withCondition('ReplicaSetUpdated', 10, 0);
    expect(deploymentTimedOut(d, s, 10 * S)).toBe(false);
    expect(deploymentTimedOut(d, s, 10 * S + 1)).toBe(true);
  });
});

describe('TestSetCondition', () => {
  const cond = (
    type: 'Available' | 'Progressing',
    s: 'True' | 'False',
    reason: string,
    t = 0,
  ): DeploymentCondition => ({
    type,
    status: s,
    reason,
    message: '',
    lastUpdateTime: t,
    lastTransitionTime: t,
  });
  it('set for the first time', () => {
    expect(setCondition([], cond('Available', 'True', 'AwesomeController'))).toEqual([
      cond('Available', 'True', 'AwesomeController'),
    ]);
  });
  it('simple set', () => {
    expect(
      setCondition(
        [cond('Progressing', 'False', 'ForSomeReason')],
        cond('Available', 'True', 'AwesomeController'),
      ),
    ).toEqual([
      cond('Progressing', 'False', 'ForSomeReason'),
      cond('Available', 'True', 'AwesomeController'),
    ]);
  });
  it('overwrite', () => {
    expect(
      setCondition(
        [cond('Progressing', 'False', 'ForSomeReason')],
        cond('Progressing', 'True', 'BecauseItIs'),
      ),
    ).toEqual([cond('Progressing', 'True', 'BecauseItIs')]);
  });
  it('keeps lastTransitionTime when only the reason changes', () => {
    const next = setCondition([cond('Progressing', 'True', 'A', 5)], cond('Progressing', 'True', 'B', 9));
    expect(next).toEqual([{ ...cond('Progressing', 'True', 'B', 9), lastTransitionTime: 5 }]);
  });
});

describe("getProportion: a ReplicaSet's share of a scaling event", () => {
  // replicas 10 + maxSurge 0 = 10 allowed; the ReplicaSet of 5 was sized when max-replicas was 10.
  const d = rollingDeployment(10, 0, 1);
  const half = { ...rs('half', 5), maxReplicas: 10 };
  it('replica set with zero replicas', () => expect(getProportion(rs('zero', 0), d, 10, 0)).toBe(0));
  it('scales up in proportion, bounded by what is left to add', () => {
    const grown = rollingDeployment(20, 0, 1);
    expect(getProportion(half, grown, 10, 0)).toBe(5);
    expect(getProportion(half, grown, 10, 8)).toBe(2);
  });
  it('scales down in proportion, bounded by what is left to remove', () => {
    const shrunk = rollingDeployment(5, 0, 1);
    expect(getProportion(half, shrunk, -5, 0)).toBe(-2); // round(5 × 5 / 10) − 5 = round(2.5) − 5
    expect(getProportion(half, shrunk, -5, -4)).toBe(-1);
  });
});
