import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/manifests/index.js';
import { createRun } from '../../src/sim/run.js';

const S = 1_000_000;

function scenario(lifecycle: string, grace: number): string {
  return `
apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
  duration: 10m
  cluster:
    nodePools:
      - {name: p, instanceType: t, cpu: "2", memory: 4Gi, pricePerHour: 0.1, count: 1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: ${grace}
      containers:
        - {name: c, resources: {requests: {cpu: 100m}}${lifecycle}}
`;
}

/** How long the pod's deletion takes: from the delete call until the object is gone. */
function deletionTime(lifecycle: string, grace = 30): number {
  const loaded = loadText(scenario(lifecycle, grace), 't.yaml', { requireScenario: true });
  expect(loaded.ok).toBe(true);
  const run = createRun(loaded.input);
  run.advance(60 * S);
  const pod = [...run.cluster.pods][0];
  if (!pod) throw new Error('no pod');
  const deletedAt = run.now;
  let goneAt: number | undefined;
  run.cluster.watch((e) => {
    if (e.type === 'PodDeleted' && e.pod === pod) goneAt = run.now;
  });
  expect(run.api.deletePod(pod)).toEqual({ ok: true });
  run.advance(120 * S);
  if (goneAt === undefined) throw new Error('the pod was not removed');
  return (goneAt - deletedAt) / S;
}

describe('graceful termination with a preStop hook (pkg/kubelet/kuberuntime killContainer)', () => {
  it('without a hook, containers exit 1 s after SIGTERM', () => {
    expect(deletionTime('')).toBe(1);
  });

  it('a preStop sleep runs before SIGTERM: 5 s of hook, then the 1 s exit', () => {
    expect(deletionTime(', lifecycle: {preStop: {sleep: {seconds: 5}}}')).toBe(6);
  });

  it('the grace period bounds hook and exit together (SIGKILL at its end)', () => {
    expect(deletionTime(', lifecycle: {preStop: {sleep: {seconds: 50}}}', 20)).toBe(20);
  });
});
