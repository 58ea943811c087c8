import { describe, expect, it } from 'vitest';
import { POD_TEMPLATE_HASH_LABEL } from '../../src/controllers/replicaset-pods.js';
import type { Pod, PodTemplate } from '../../src/model/pod.js';
import type { Deployment, IntOrPercent } from '../../src/model/workloads.js';
import { deployment, makeCluster, podSpec, S } from './harness.js';

const KEY = 'default/web';

/** A new revision of `d`'s template: another image (`kubectl set image`). */
function newImage(d: Deployment, image: string, cpuMillis = 500): PodTemplate {
  const container = {
    name: 'c',
    image,
    requests: { cpu: cpuMillis, memory: 2 ** 29 },
    limits: {},
    ports: [],
  };
  return { labels: d.template.labels, spec: podSpec({ containers: [container] }) };
}

function rolling(
  replicas: number,
  maxSurge: IntOrPercent,
  maxUnavailable: IntOrPercent,
  extra: Partial<Deployment> = {},
) {
  return {
    ...deployment('web', replicas),
    strategy: { type: 'RollingUpdate' as const, rollingUpdate: { maxSurge, maxUnavailable } },
    ...extra,
  };
}

function web(c: ReturnType<typeof makeCluster>): Deployment {
  const d = c.cluster.workload(KEY);
  if (d?.kind !== 'Deployment') throw new Error('no Deployment web');
  return d;
}

function activePods(c: ReturnType<typeof makeCluster>): Pod[] {
  return [...c.cluster.pods].filter((p) => p.owner?.key === KEY && p.deletionTimestamp === undefined);
}

function progressing(d: Deployment) {
  return d.status?.conditions.find((x) => x.type === 'Progressing');
}

describe('Deployment controller: ReplicaSets per revision', () => {
  it('creates ReplicaSet <deployment>-<pod-template-hash> at revision 1; its pods carry the hash label', () => {
    const c = makeCluster({ workloads: [deployment('web', 3)] });
    c.sim.run(60 * S);
    const d = web(c);
    expect(d.replicaSets).toHaveLength(1);
    const [rs] = d.replicaSets ?? [];
    expect(rs?.name).toBe(`web-${rs?.podTemplateHash}`);
    expect(rs?.revision).toBe(1);
    const pods = activePods(c);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.labels[POD_TEMPLATE_HASH_LABEL]).toBe(rs?.podTemplateHash);
      expect(p.name.startsWith(`${rs?.name}-`)).toBe(true);
    }
    expect(d.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status?.unavailableReplicas).toBe(0);
    expect(progressing(d)?.reason).toBe('NewReplicaSetAvailable');
    expect(d.status?.conditions.find((x) => x.type === 'Available')?.status).toBe('True');
  });

  it('rolls out a new template to a second ReplicaSet at revision 2 and scales the old one to 0', () => {
    const c = makeCluster({ workloads: [rolling(4, 1, 0)] });
    c.sim.run(60 * S);
    const before = web(c).replicaSets?.[0];
    c.api.updateWorkloadTemplate(KEY, newImage(web(c), 'web:2'));
    c.sim.run(200 * S);
    const d = web(c);
    expect(d.replicaSets).toHaveLength(2);
    const [old, next] = d.replicaSets ?? [];
    expect(old).toBe(before);
    expect(old?.replicas).toBe(0);
    expect(next?.revision).toBe(2);
    expect(next?.replicas).toBe(4);
    expect(activePods(c).every((p) => p.labels[POD_TEMPLATE_HASH_LABEL] === next?.podTemplateHash)).toBe(
      true,
    );
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
    expect(progressing(d)?.reason).toBe('NewReplicaSetAvailable');
  });

  it('steps one pod at a time with maxSurge 1, maxUnavailable 0: each new pod ready before an old one goes', () => {
    // Startup 10 s: a surge pod is created, ready 10 s later, then one old pod is deleted and the next
    // surge pod created at the same instant. 4 replicas take 4 steps of 10 s.
    const c = makeCluster({ workloads: [rolling(4, 1, 0)] });
    c.sim.run(60 * S);
    c.sim.scheduleAt(100 * S, () => c.api.updateWorkloadTemplate(KEY, newImage(web(c), 'web:2')));
    c.sim.run(139 * S);
    expect(web(c).replicaSets?.[0]?.replicas).toBe(1);
    expect(progressing(web(c))?.reason).toBe('ReplicaSetUpdated');
    c.sim.run(140 * S + 1);
    expect(web(c).replicaSets?.[0]?.replicas).toBe(0);
    expect(progressing(web(c))?.reason).toBe('NewReplicaSetAvailable');
  });

  it('a rollback to an equal template reuses the old ReplicaSet with the next revision', () => {
    const c = makeCluster({ workloads: [rolling(2, 1, 0)] });
    c.sim.run(60 * S);
    const original = web(c).template;
    c.api.updateWorkloadTemplate(KEY, newImage(web(c), 'web:2'));
    c.sim.run(200 * S);
    c.api.updateWorkloadTemplate(KEY, structuredClone(original));
    c.sim.run(400 * S);
    const d = web(c);
    expect(d.replicaSets).toHaveLength(2);
    expect(d.replicaSets?.map((rs) => [rs.revision, rs.replicas])).toEqual([
      [3, 2],
      [2, 0],
    ]);
  });

  it('keeps revisionHistoryLimit old ReplicaSets', () => {
    const c = makeCluster({ workloads: [rolling(2, 1, 0, { revisionHistoryLimit: 1 })] });
    c.sim.run(60 * S);
    for (let v = 2; v <= 4; v++) {
      c.api.updateWorkloadTemplate(KEY, newImage(web(c), `web:${v}`));
      c.sim.run((60 + v * 100) * S);
    }
    const d = web(c);
    expect(d.replicaSets?.map((rs) => rs.revision)).toEqual([3, 4]);
  });

  it('Recreate deletes every old pod, waits until they are gone, then creates all new pods', () => {
    const c = makeCluster({ workloads: [{ ...deployment('web', 3), strategy: { type: 'Recreate' } }] });
    c.sim.run(60 * S);
    const oldHash = web(c).replicaSets?.[0]?.podTemplateHash;
    let overlap = false;
    c.cluster.watch((e) => {
      if (e.type !== 'PodAdded' || e.pod.owner?.key !== KEY) return;
      if ([...c.cluster.pods].some((p) => p.labels[POD_TEMPLATE_HASH_LABEL] === oldHash)) overlap = true;
    });
    c.api.updateWorkloadTemplate(KEY, newImage(web(c), 'web:2'));
    c.sim.run(60 * S + 1);
    expect(activePods(c)).toHaveLength(0); // old pods terminating, no new ones yet
    c.sim.run(200 * S);
    expect(overlap).toBe(false);
    expect(activePods(c)).toHaveLength(3);
    expect(web(c).status?.availableReplicas).toBe(3);
  });

  it('minReadySeconds: a pod counts as available minReadySeconds + 1 s after it became Ready', () => {
    const c = makeCluster({ workloads: [rolling(1, 1, 0, { minReadySeconds: 30 })], startupSeconds: 10 });
    c.sim.run(5 * S);
    const pod = activePods(c)[0];
    let readyAt: number | undefined;
    c.cluster.watch((e) => {
      if (e.type === 'PodUpdated' && e.pod === pod && e.pod.ready && !e.old.ready) readyAt = c.sim.now;
    });
    c.sim.run(30 * S);
    expect(readyAt).toBeDefined();
    // run(until) fires the events before `until`.
    c.sim.run((readyAt as number) + 31 * S);
    expect(web(c).status?.availableReplicas).toBe(0);
    c.sim.run((readyAt as number) + 31 * S + 1);
    expect(web(c).status?.availableReplicas).toBe(1);
  });
});

describe('Deployment controller: a rollout that cannot progress', () => {
  // The new revision asks for more CPU than any node has: its pods stay Pending, never Ready.
  const stalled = () => {
    const c = makeCluster({ workloads: [rolling(4, '25%', '25%')] });
    c.sim.run(60 * S);
    c.sim.scheduleAt(100 * S, () => c.api.updateWorkloadTemplate(KEY, newImage(web(c), 'web:bad', 64_000)));
    return c;
  };

  it('stalls within maxSurge/maxUnavailable and reports ProgressDeadlineExceeded 600 s (+1 s requeue) later', () => {
    const c = stalled();
    c.sim.run(101 * S);
    const d = web(c);
    // 4 replicas, 25 %: surge 1, unavailable 1. New RS 1 → old 3 → new 2; then 5 − 3 − 2 = 0.
    expect(d.replicaSets?.map((rs) => rs.replicas)).toEqual([3, 2]);
    expect(progressing(d)?.reason).toBe('ReplicaSetUpdated');
    const lastProgress = progressing(d)?.lastUpdateTime as number;
    expect(lastProgress).toBe(100 * S);
    // run(until) fires the events before `until`.
    c.sim.run(lastProgress + 601 * S);
    expect(progressing(web(c))?.reason).toBe('ReplicaSetUpdated');
    c.sim.run(lastProgress + 601 * S + 1);
    const timedOut = progressing(web(c));
    expect(timedOut).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(timedOut?.message).toBe(`ReplicaSet "${d.replicaSets?.[1]?.name}" has timed out progressing.`);
  });

  it('stays stalled, and the old pods keep serving', () => {
    const c = stalled();
    c.sim.run(4000 * S);
    const d = web(c);
    expect(progressing(d)?.reason).toBe('ProgressDeadlineExceeded');
    expect(d.replicaSets?.map((rs) => rs.replicas)).toEqual([3, 2]);
    expect(d.status).toMatchObject({ availableReplicas: 3, updatedReplicas: 2, unavailableReplicas: 2 });
    const serving = activePods(c).filter((p) => p.ready);
    expect(serving).toHaveLength(3);
    expect(d.status?.conditions.find((x) => x.type === 'Available')?.status).toBe('True');
  });

  it('a new template after the timeout starts a new rollout with a fresh deadline', () => {
    const c = stalled();
    c.sim.run(800 * S);
    c.api.updateWorkloadTemplate(KEY, newImage(web(c), 'web:fixed'));
    c.sim.run(1000 * S);
    const d = web(c);
    expect(progressing(d)?.reason).toBe('NewReplicaSetAvailable');
    expect(d.replicaSets?.map((rs) => rs.replicas)).toEqual([0, 0, 4]);
  });
});

describe('Deployment controller: scaling', () => {
  it('scales the only ReplicaSet when the Deployment is scaled (HPA, kubectl scale)', () => {
    const c = makeCluster({ workloads: [deployment('web', 3)] });
    c.sim.run(60 * S);
    c.api.scale(KEY, 6);
    c.sim.run(120 * S);
    const d = web(c);
    expect(d.replicaSets?.map((rs) => [rs.replicas, rs.desiredReplicas])).toEqual([[6, 6]]);
    expect(d.status?.availableReplicas).toBe(6);
  });

  it('scales proportionally mid-rollout (sync.go scale): the extra replicas split by ReplicaSet size', () => {
    const c = makeCluster({ workloads: [rolling(10, 3, 2)], pools: undefined });
    c.sim.run(60 * S);
    c.api.updateWorkloadTemplate(KEY, newImage(web(c), 'web:bad', 64_000));
    c.sim.run(70 * S);
    // 13 allowed: new 3 → old 8 → new 5; then 13 − 8 − 5 = 0, stalled.
    expect(web(c).replicaSets?.map((rs) => rs.replicas)).toEqual([8, 5]);
    c.api.scale(KEY, 20);
    c.sim.run(80 * S);
    // 23 allowed, 10 to add: old round(8·23/13) − 8 = 6, new min(round(5·23/13) − 5, 4) = 4.
    expect(web(c).replicaSets?.map((rs) => [rs.replicas, rs.desiredReplicas, rs.maxReplicas])).toEqual([
      [14, 20, 23],
      [9, 20, 23],
    ]);
  });
});

describe('Deployment controller: timeline', () => {
  it('records each rollout step, and nothing for the first revision', () => {
    const c = makeCluster({ workloads: [rolling(2, 1, 0)], duration: 300 * S });
    c.sim.scheduleAt(100 * S, () => c.api.updateWorkloadTemplate(KEY, newImage(web(c), 'web:2')));
    const steps = c.run
      .finish()
      .timeline.entries.filter((e) => e.kind === 'ReplicaSetScaled' || e.kind === 'DeploymentProgressing');
    const [old, next] = web(c).replicaSets ?? [];
    const rs = (r: typeof old) => `replicaset/default/${r?.name}`;
    expect(steps.every((e) => e.at >= 100 * S)).toBe(true);
    expect(steps.map((e) => [e.kind, e.object, e.from, e.to])).toEqual([
      ['ReplicaSetScaled', rs(next), '0', '1'],
      ['DeploymentProgressing', 'deployment/default/web', 'NewReplicaSetAvailable', 'NewReplicaSetCreated'],
      ['DeploymentProgressing', 'deployment/default/web', 'NewReplicaSetCreated', 'ReplicaSetUpdated'],
      ['ReplicaSetScaled', rs(old), '2', '1'],
      ['ReplicaSetScaled', rs(next), '1', '2'],
      ['ReplicaSetScaled', rs(old), '1', '0'],
      ['DeploymentProgressing', 'deployment/default/web', 'ReplicaSetUpdated', 'NewReplicaSetAvailable'],
    ]);
  });
});

describe('Deployment controller: paused', () => {
  it('a paused Deployment scales but does not roll out; resuming rolls out', () => {
    const c = makeCluster({ workloads: [rolling(2, 1, 0)] });
    c.sim.run(60 * S);
    // kubectl rollout pause (a Deployment created paused gets no ReplicaSet at all, as upstream).
    c.cluster.updateWorkload(KEY, (w) => Object.assign(w, { paused: true }));
    c.sim.run(61 * S);
    expect(progressing(web(c))?.reason).toBe('DeploymentPaused');
    c.api.updateWorkloadTemplate(KEY, newImage(web(c), 'web:2'));
    c.api.scale(KEY, 3);
    c.sim.run(200 * S);
    expect(web(c).replicaSets?.map((rs) => rs.replicas)).toEqual([3]);
    c.cluster.updateWorkload(KEY, (w) => Object.assign(w, { paused: false }));
    c.sim.run(400 * S);
    const d = web(c);
    expect(d.replicaSets?.map((rs) => rs.replicas)).toEqual([0, 3]);
    expect(progressing(d)?.reason).toBe('NewReplicaSetAvailable');
  });
});

describe('Deployment controller: without etcd quorum', () => {
  it('makes no rollout step while writes are refused, and finishes once they are accepted again', () => {
    const c = makeCluster({ workloads: [rolling(2, 1, 0)] });
    c.sim.run(60 * S);
    c.api.updateWorkloadTemplate(KEY, newImage(web(c), 'web:2'));
    c.api.setWritable(false);
    c.sim.run(300 * S);
    expect(web(c).replicaSets).toHaveLength(1);
    c.api.setWritable(true);
    c.sim.run(400 * S);
    expect(web(c).replicaSets?.map((rs) => rs.replicas)).toEqual([0, 2]);
    expect(progressing(web(c))?.reason).toBe('NewReplicaSetAvailable');
  });
});
