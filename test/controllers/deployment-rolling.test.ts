import { describe, expect, it } from 'vitest';
import {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scaleDownOldReplicaSetsForRollingUpdate,
} from '../../src/controllers/deployment-rolling.js';
import { recordingScaler, rollingDeployment, rs } from './deployment-fixtures.js';

// Ported from kubernetes/kubernetes pkg/controller/deployment/rolling_test.go (v1.36), same cases and
// names; the fake clientset's update actions are the recorded scales.

describe('TestDeploymentController_reconcileNewReplicaSet', () => {
  const cases = [
    {
      name: 'should not scale up (maxSurge 0)',
      deploymentReplicas: 10,
      maxSurge: 0,
      oldReplicas: 10,
      newReplicas: 0,
      scaleExpected: false,
    },
    {
      name: 'scales up by maxSurge',
      deploymentReplicas: 10,
      maxSurge: 2,
      oldReplicas: 10,
      newReplicas: 0,
      scaleExpected: true,
      expectedNewReplicas: 2,
    },
    {
      name: 'scales up to fill replicas + maxSurge',
      deploymentReplicas: 10,
      maxSurge: 2,
      oldReplicas: 5,
      newReplicas: 0,
      scaleExpected: true,
      expectedNewReplicas: 7,
    },
    {
      name: 'no room left under maxSurge',
      deploymentReplicas: 10,
      maxSurge: 2,
      oldReplicas: 10,
      newReplicas: 2,
      scaleExpected: false,
    },
    {
      name: 'should scale down',
      deploymentReplicas: 10,
      maxSurge: 2,
      oldReplicas: 2,
      newReplicas: 11,
      scaleExpected: true,
      expectedNewReplicas: 10,
    },
  ];
  for (const test of cases) {
    it(test.name, () => {
      const newRS = rs('foo-v2', test.newReplicas);
      const oldRS = rs('foo-v1', test.oldReplicas);
      const deployment = rollingDeployment(test.deploymentReplicas, test.maxSurge, 0);
      const fake = recordingScaler();
      const scaled = reconcileNewReplicaSet([newRS, oldRS], newRS, deployment, fake.scale);
      expect(scaled).toBe(test.scaleExpected);
      if (!test.scaleExpected) {
        expect(fake.actions).toEqual([]);
        return;
      }
      expect(fake.actions).toEqual([{ name: 'foo-v2', replicas: test.expectedNewReplicas }]);
    });
  }
});

describe('TestDeploymentController_reconcileOldReplicaSets', () => {
  const cases = [
    {
      name: 'maxUnavailable 0 resolves to 1',
      deploymentReplicas: 10,
      maxUnavailable: 0,
      oldReplicas: 10,
      newReplicas: 0,
      readyPodsFromOldRS: 10,
      readyPodsFromNewRS: 0,
      scaleExpected: true,
      expectedOldReplicas: 9,
    },
    {
      name: 'scales old down by maxUnavailable',
      deploymentReplicas: 10,
      maxUnavailable: 2,
      oldReplicas: 10,
      newReplicas: 0,
      readyPodsFromOldRS: 10,
      readyPodsFromNewRS: 0,
      scaleExpected: true,
      expectedOldReplicas: 8,
    },
    {
      name: 'expect unhealthy replicas from old replica sets been cleaned up',
      deploymentReplicas: 10,
      maxUnavailable: 2,
      oldReplicas: 10,
      newReplicas: 0,
      readyPodsFromOldRS: 8,
      readyPodsFromNewRS: 0,
      scaleExpected: true,
      expectedOldReplicas: 8,
    },
    {
      name: 'expect 1 unhealthy replica from old replica sets been cleaned up, and 1 ready pod been scaled down',
      deploymentReplicas: 10,
      maxUnavailable: 2,
      oldReplicas: 10,
      newReplicas: 0,
      readyPodsFromOldRS: 9,
      readyPodsFromNewRS: 0,
      scaleExpected: true,
      expectedOldReplicas: 8,
    },
    {
      name: 'the unavailable pods from the newRS would not make us scale down old RSs in a further step',
      deploymentReplicas: 10,
      maxUnavailable: 2,
      oldReplicas: 8,
      newReplicas: 2,
      readyPodsFromOldRS: 8,
      readyPodsFromNewRS: 0,
      scaleExpected: false,
    },
  ];
  for (const test of cases) {
    it(test.name, () => {
      const newRS = rs('foo-new', test.newReplicas, test.readyPodsFromNewRS);
      const oldRS = rs('foo-old', test.oldReplicas, test.readyPodsFromOldRS);
      const deployment = rollingDeployment(test.deploymentReplicas, 0, test.maxUnavailable);
      const fake = recordingScaler();
      const scaled = reconcileOldReplicaSets([oldRS, newRS], [oldRS], newRS, deployment, fake.scale);
      expect(scaled).toBe(test.scaleExpected);
      if (test.scaleExpected) expect(oldRS.replicas).toBe(test.expectedOldReplicas);
      else expect(fake.actions).toEqual([]);
    });
  }
});

describe('TestDeploymentController_cleanupUnhealthyReplicas', () => {
  const cases = [
    { oldReplicas: 10, readyPods: 8, unHealthyPods: 2, maxCleanupCount: 1, cleanupCountExpected: 1 },
    { oldReplicas: 10, readyPods: 8, unHealthyPods: 2, maxCleanupCount: 3, cleanupCountExpected: 2 },
    { oldReplicas: 10, readyPods: 8, unHealthyPods: 2, maxCleanupCount: 0, cleanupCountExpected: 0 },
    { oldReplicas: 10, readyPods: 10, unHealthyPods: 0, maxCleanupCount: 3, cleanupCountExpected: 0 },
  ];
  for (const test of cases) {
    it(`${test.readyPods} ready of ${test.oldReplicas}, at most ${test.maxCleanupCount}: cleans up ${test.cleanupCountExpected}`, () => {
      const oldRS = rs('foo-v2', test.oldReplicas, test.readyPods);
      const fake = recordingScaler();
      expect(cleanupUnhealthyReplicas([oldRS], test.maxCleanupCount, fake.scale)).toBe(
        test.cleanupCountExpected,
      );
      expect(oldRS.replicas).toBe(test.oldReplicas - test.cleanupCountExpected);
    });
  }

  it('fails, as upstream, when a ReplicaSet counts more available pods than its spec', () => {
    const oldRS = rs('foo-v1', 3, 5);
    const fake = recordingScaler();
    expect(cleanupUnhealthyReplicas([oldRS], 2, fake.scale)).toBeUndefined();
    expect(fake.actions).toEqual([]);
  });
});

describe('TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate', () => {
  const cases = [
    {
      name: 'maxUnavailable 0 resolves to 1',
      deploymentReplicas: 10,
      maxUnavailable: 0,
      readyPods: 10,
      oldReplicas: 10,
      scaleExpected: true,
      expectedOldReplicas: 9,
    },
    {
      name: 'scales down by maxUnavailable',
      deploymentReplicas: 10,
      maxUnavailable: 2,
      readyPods: 10,
      oldReplicas: 10,
      scaleExpected: true,
      expectedOldReplicas: 8,
    },
    {
      name: 'no scale down at minAvailable',
      deploymentReplicas: 10,
      maxUnavailable: 2,
      readyPods: 8,
      oldReplicas: 10,
      scaleExpected: false,
    },
    {
      name: 'an old ReplicaSet already at 0 is skipped',
      deploymentReplicas: 10,
      maxUnavailable: 2,
      readyPods: 10,
      oldReplicas: 0,
      scaleExpected: false,
    },
    {
      name: 'no scale down below minAvailable',
      deploymentReplicas: 10,
      maxUnavailable: 2,
      readyPods: 1,
      oldReplicas: 10,
      scaleExpected: false,
    },
  ];
  for (const test of cases) {
    it(test.name, () => {
      const oldRS = rs('foo-v2', test.oldReplicas, test.readyPods);
      const deployment = rollingDeployment(test.deploymentReplicas, 0, test.maxUnavailable);
      const fake = recordingScaler();
      const scaled = scaleDownOldReplicaSetsForRollingUpdate([oldRS], [oldRS], deployment, fake.scale);
      if (!test.scaleExpected) {
        expect(scaled).toBe(0);
        return;
      }
      expect(fake.actions).toEqual([{ name: 'foo-v2', replicas: test.expectedOldReplicas }]);
    });
  }
});
