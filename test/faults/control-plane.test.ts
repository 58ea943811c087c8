import { describe, expect, it } from 'vitest';
import { MICROS_PER_SECOND } from '../../src/engine/time.js';
import { etcdQuorum } from '../../src/ground-truth/ground-truth.js';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';
import { createRun } from '../../src/sim/run.js';

const S = MICROS_PER_SECOND;

/** Three pool nodes in zones a, b, c, a Deployment of 3, and the given control plane and faults. */
function scenario(controlPlane: string, faults: string): string {
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: cp}
spec:
  duration: 1h
  cluster:
    zones: [a, b, c]
    ${controlPlane}
    nodePools: [{name: p, cpu: 4, memory: 16Gi, count: 3}]
  faults:
${faults}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, resources: {requests: {cpu: 100m}}}]}
`;
}

function runOf(controlPlane: string, faults: string) {
  const r = loadText(scenario(controlPlane, faults), 'cp.yaml', { requireScenario: true });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return createRun(r.input);
}

/** Whether the API server could write at each of `times` (s), for a loss of `count` of `members`. */
function writableAt(members: number, count: number, times: number[]): boolean[] {
  const run = runOf(
    `controlPlane: {members: ${members}}`,
    `    - {at: 2m, kind: controlPlaneMemberLoss, count: ${count}, for: 5m}\n`,
  );
  return times.map((t) => {
    run.advance(t * S);
    return run.api.isWritable;
  });
}

describe('etcd quorum', () => {
  it('is ⌊n/2⌋+1 of n members', () => {
    expect([1, 2, 3, 4, 5, 7].map(etcdQuorum)).toEqual([1, 2, 2, 3, 3, 4]);
  });

  it('3 members survive the loss of one, not of two; writes return when the members do', () => {
    expect(writableAt(3, 1, [100, 200, 500])).toEqual([true, true, true]);
    expect(writableAt(3, 2, [100, 121, 419, 421])).toEqual([true, false, false, true]);
  });

  it('5 members survive the loss of two, not of three', () => {
    expect(writableAt(5, 2, [100, 200, 500])).toEqual([true, true, true]);
    expect(writableAt(5, 3, [100, 200, 421])).toEqual([true, false, true]);
  });

  it('one member (the default) is lost with its single loss', () => {
    const run = runOf('', '    - {at: 2m, kind: controlPlaneMemberLoss, count: 1, for: 5m}\n');
    run.advance(121 * S);
    expect(run.api.isWritable).toBe(false);
  });

  it('without quorum running pods keep serving, nothing is replaced, and the cluster heals after', () => {
    const run = runOf(
      'controlPlane: {members: 3}',
      `    - {at: 2m, kind: controlPlaneMemberLoss, count: 2, for: 603s}
    - {at: 3m, kind: podCrash, target: {workload: web}}
    - {at: 3m, kind: nodeCrash, target: {node: p-2}}
`,
    );
    run.advance(119 * S);
    const pods = [...run.cluster.pods];
    expect(pods.every((p) => p.ready && run.truth.isRunning(p))).toBe(true);
    run.advance(722 * S);
    // Nothing could be written: no pod replaced, the crashed node never marked Unknown; the pods on
    // the live nodes run (the crashed container was restarted by its kubelet).
    expect(run.cluster.node('p-2')?.ready).toBe('True');
    expect([...run.cluster.pods]).toEqual(pods);
    expect(pods.filter((p) => p.nodeName !== 'p-2').every((p) => run.truth.isRunning(p))).toBe(true);
    // Quorum is back at 723 s. kube-controller-manager lost leadership meanwhile, so its restarted node
    // lifecycle controller gives every node a fresh grace period from then: the live nodes stay Ready
    // (their kubelets renew within 10 s) and p-2 goes Unknown at the first pass after 723 + 50 s.
    run.advance(775 * S);
    expect(run.cluster.node('p-2')?.ready).toBe('True');
    run.advance(775 * S + 1);
    expect(run.cluster.node('p-2')?.ready).toBe('Unknown');
    expect(run.cluster.node('p-0')?.ready).toBe('True');
    expect(run.cluster.node('p-1')?.ready).toBe('True');
    const victim = pods.find((p) => p.nodeName === 'p-2');
    run.advance(1080.1 * S + 1);
    // NoExecute taint on the next pass (780.1 s), eviction 300 s later; the replacement runs elsewhere.
    expect(victim?.deletionTimestamp).toBe(1080.1 * S);
    run.advance(1200 * S);
    const serving = [...run.cluster.pods].filter((p) => p.ready && run.truth.isRunning(p));
    expect(serving).toHaveLength(3);
    expect(serving.every((p) => p.nodeName !== 'p-2')).toBe(true);
  });

  it('members follow their zones: 3 members in 2 zones lose quorum with the zone holding two, not in 3 zones', () => {
    const outage = '    - {at: 2m, kind: zoneOutage, target: {zone: a}, for: 5m}\n';
    const twoZones = runOf('controlPlane: {members: 3, zones: [a, b]}', outage);
    const threeZones = runOf('controlPlane: {members: 3}', outage);
    expect(twoZones.truth.controlPlaneMembers.map((m) => m.zone)).toEqual(['a', 'b', 'a']);
    expect(threeZones.truth.controlPlaneMembers.map((m) => m.zone)).toEqual(['a', 'b', 'c']);
    twoZones.advance(121 * S);
    threeZones.advance(121 * S);
    expect(twoZones.api.isWritable).toBe(false);
    expect(threeZones.api.isWritable).toBe(true);
    twoZones.advance(421 * S);
    expect(twoZones.api.isWritable).toBe(true);
  });

  it('the default member is in no zone: a zone outage leaves it', () => {
    const run = runOf('', '    - {at: 2m, kind: zoneOutage, target: {zone: a}, for: 5m}\n');
    run.advance(121 * S);
    expect(run.api.isWritable).toBe(true);
  });
});
