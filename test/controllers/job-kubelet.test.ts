import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/manifests/load.js';
import type { Pod } from '../../src/model/pod.js';
import { createRun } from '../../src/sim/run.js';

const S = 1_000_000;

/** One node, one Job of one pod running `duration`, with the given restartPolicy. */
function run(restartPolicy: 'Never' | 'OnFailure', entry: string) {
  const r = loadText(
    `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: kubelet}
spec:
  duration: 1h
  cluster:
    nodePools: [{name: p, cpu: "4", memory: 16Gi, count: 1}]
  jobs:
    one: ${entry}
---
apiVersion: batch/v1
kind: Job
metadata: {name: one}
spec:
  template:
    spec:
      restartPolicy: ${restartPolicy}
      containers: [{name: c, resources: {requests: {cpu: "1"}}}]
`,
    'kubelet.yaml',
  );
  expect(r.ok).toBe(true);
  const result = createRun(r.input);
  const pods: Pod[] = [];
  result.cluster.watch((e) => {
    if (e.type === 'PodAdded') pods.push(e.pod);
  });
  return { run: result, pods };
}

describe('kubelet: run to completion', () => {
  it('reports Succeeded with finishedAt when the program exits 0', () => {
    const { run: r, pods } = run('Never', '{duration: {constant: 30s}}');
    r.advance(60 * S);
    expect(pods.map((p) => [p.phase, p.ready, p.startedAt, p.finishedAt])).toEqual([
      ['Succeeded', false, 10 * S, 40 * S],
    ]);
  });

  it('marks a Never pod Failed after its machine rebooted under it, and the Job replaces it', () => {
    const { run: r, pods } = run('Never', '{duration: {constant: 10m}}');
    r.sim.scheduleAt(60 * S, () => r.truth.setMachineUp('p-0', false));
    r.sim.scheduleAt(120 * S, () => r.truth.setMachineUp('p-0', true));
    r.advance(125 * S);
    expect(pods[0]?.phase).toBe('Failed');
    r.advance(800 * S);
    // The pod finished when its containers died (60 s): the 10 s back-off, counted from then as
    // upstream's getFinishedTime does, is over at the reboot, so the replacement comes with the
    // sync one batch period (1 s) after the pod turned Failed.
    expect(pods.map((p) => p.phase)).toEqual(['Failed', 'Succeeded']);
    expect([pods[0]?.finishedAt, pods[1]?.createdAt]).toEqual([60 * S, 121 * S]);
    expect(r.finish().batch?.jobs[0]).toMatchObject({ condition: 'Complete', failed: 1, succeeded: 1 });
  });

  it('restarts an OnFailure pod that exits non-zero with the CrashLoopBackOff delays, counting restarts', () => {
    const { run: r, pods } = run('OnFailure', '{duration: {constant: 20s}, failureProbability: 1}');
    const starts: number[] = [];
    r.cluster.watch((e) => {
      if (e.type === 'ContainersUpdated' && e.containers.state === 'Running')
        starts.push(e.containers.since / S);
    });
    r.advance(200 * S);
    // Start-up 10 s each time; exits after 20 s; restart at once, then after 10 s, 20 s, …
    expect(starts.slice(0, 4)).toEqual([10, 40, 80, 130]);
    expect(pods.length).toBe(1);
    expect(pods[0]?.restartCount).toBeGreaterThanOrEqual(3);
  });

  it('lets a program finish while its kubelet is stopped and reports it when the kubelet is back', () => {
    const { run: r, pods } = run('Never', '{duration: {constant: 30s}}');
    r.sim.scheduleAt(20 * S, () => r.truth.setKubeletRunning('p-0', false));
    r.sim.scheduleAt(90 * S, () => r.truth.setKubeletRunning('p-0', true));
    r.advance(89 * S);
    expect(pods[0]?.phase).toBe('Running');
    expect(r.truth.containersOf(pods[0] as Pod)).toMatchObject({
      state: 'Terminated',
      exitCode: 0,
      since: 40 * S,
    });
    r.advance(91 * S);
    expect([pods[0]?.phase, pods[0]?.finishedAt]).toEqual(['Succeeded', 40 * S]);
  });
});
