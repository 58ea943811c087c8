import type { Deployment, IntOrPercent, ReplicaSet } from '../../src/model/workloads.js';
import { template } from './harness.js';

/** A ReplicaSet as upstream's tests build one: `replicas` in spec, `available` of them available. */
export function rs(name: string, replicas: number, available = 0, createdAt = 0): ReplicaSet {
  return {
    name,
    podTemplateHash: name,
    template: template('foo'),
    podLabels: { app: 'foo' },
    createdAt,
    revision: 1,
    replicas,
    minReadySeconds: 0,
    status: { replicas, readyReplicas: available, availableReplicas: available },
  };
}

/** A RollingUpdate Deployment as upstream's deployment(name, replicas, maxSurge, maxUnavailable). */
export function rollingDeployment(
  replicas: number,
  maxSurge: IntOrPercent,
  maxUnavailable: IntOrPercent,
): Pick<Deployment, 'name' | 'replicas' | 'strategy'> {
  return {
    name: 'foo',
    replicas,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
  };
}

/** A ScaleReplicaSet that applies and records every scale, as upstream's fake clientset's actions. */
export function recordingScaler(): {
  scale: (rs: ReplicaSet, replicas: number) => boolean;
  actions: { name: string; replicas: number }[];
} {
  const actions: { name: string; replicas: number }[] = [];
  return {
    actions,
    scale: (set, replicas) => {
      if (set.replicas === replicas) return false;
      set.replicas = replicas;
      actions.push({ name: set.name, replicas });
      return true;
    },
  };
}
