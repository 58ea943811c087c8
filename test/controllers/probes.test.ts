import { describe, expect, it } from 'vitest';
import { firstTickAtOrAfter } from '../../src/controllers/probes.js';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';
import type { Pod, Probe } from '../../src/model/pod.js';
import type { Fault } from '../../src/model/scenario.js';
import type { Deployment } from '../../src/model/workloads.js';
import { deployment, makeCluster, podSpec, S, service, template } from './harness.js';

const PROBE: Probe = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
};

function probed(probes: { readinessProbe?: Probe; livenessProbe?: Probe; startupProbe?: Probe }): Deployment {
  const d = deployment('web', 1);
  const base = podSpec();
  const containers = base.containers.map((c) => ({ ...c, ...probes }));
  return { ...d, template: template('web', { ...base, containers }) };
}

/** The times at which `pod.ready` changed, from PodUpdated events. */
function readyChanges(c: ReturnType<typeof makeCluster>): { t: number; ready: boolean }[] {
  const out: { t: number; ready: boolean }[] = [];
  c.cluster.watch((e) => {
    if (
      (e.type === 'PodUpdated' || e.type === 'PodAdded') &&
      e.pod.ready !== (e.type === 'PodUpdated' && e.old.ready)
    )
      out.push({ t: c.sim.now, ready: e.pod.ready });
  });
  return out;
}

function onlyPod(c: ReturnType<typeof makeCluster>): Pod {
  const pod = [...c.cluster.pods][0];
  if (!pod) throw new Error('no pod');
  return pod;
}

describe('probe ticks', () => {
  it('falls on origin + k × period, at or after the instant asked', () => {
    expect(firstTickAtOrAfter(3 * S, 10 * S, 0)).toBe(3 * S);
    expect(firstTickAtOrAfter(3 * S, 10 * S, 13 * S)).toBe(13 * S);
    expect(firstTickAtOrAfter(3 * S, 10 * S, 13 * S + 1)).toBe(23 * S);
  });
});

describe('readiness probe', () => {
  it('a pod with a readiness probe turns Ready at the first probe tick after its start, not at the start', () => {
    const c = makeCluster({ workloads: [probed({ readinessProbe: PROBE })], startupSeconds: 5 });
    const changes = readyChanges(c);
    c.sim.run(60 * S);
    const pod = onlyPod(c);
    const origin = pod.scheduledAt ?? 0;
    expect(c.truth.containersOf(pod).since).toBe(origin + 5 * S);
    expect(changes).toEqual([{ t: origin + 10 * S, ready: true }]);
  });

  it('failing, turns Ready false at the failureThreshold-th failed probe, and the endpoint not ready; back at the next success', () => {
    const fault: Fault = {
      kind: 'probeFailure',
      at: 1000.5 * S,
      target: { workload: 'web' },
      probe: 'readiness',
      for: 100 * S,
    };
    const c = makeCluster({
      workloads: [probed({ readinessProbe: PROBE })],
      services: [service('web')],
      faults: [fault],
    });
    c.sim.run(900 * S);
    const pod = onlyPod(c);
    const origin = pod.scheduledAt ?? 0;
    const changes = readyChanges(c);
    const endpointReady: { t: number; ready: boolean }[] = [];
    c.cluster.watch((e) => {
      if (e.type === 'EndpointSliceUpdated')
        endpointReady.push({ t: c.sim.now, ready: e.slice.endpoints[0]?.conditions.ready ?? false });
    });
    c.sim.run(1300 * S);
    const firstFailed = firstTickAtOrAfter(origin, 10 * S, 1000.5 * S);
    const notReadyAt = firstFailed + 2 * 10 * S;
    // Three failures, 10 s apart: between 2 and 3 periods after the failure began.
    expect(notReadyAt - 1000.5 * S).toBeGreaterThan(20 * S);
    expect(notReadyAt - 1000.5 * S).toBeLessThanOrEqual(30 * S);
    const backAt = firstTickAtOrAfter(origin, 10 * S, 1100.5 * S);
    expect(changes).toEqual([
      { t: notReadyAt, ready: false },
      { t: backAt, ready: true },
    ]);
    expect(endpointReady).toEqual([
      { t: notReadyAt, ready: false },
      { t: backAt, ready: true },
    ]);
    // Readiness never restarts anything.
    expect(c.truth.containersOf(pod).restarts).toBe(0);
  });

  it('a failure shorter than failureThreshold periods never flips Ready', () => {
    const c = makeCluster({
      workloads: [probed({ readinessProbe: PROBE })],
      faults: [
        { kind: 'probeFailure', at: 1000 * S, target: { workload: 'web' }, probe: 'readiness', for: 15 * S },
      ],
    });
    c.sim.run(900 * S);
    const changes = readyChanges(c);
    c.sim.run(1300 * S);
    expect(changes).toEqual([]);
  });
});

describe('liveness probe', () => {
  it('failing, kills the containers at the failureThreshold-th failed probe and restarts them at once', () => {
    const c = makeCluster({
      workloads: [probed({ livenessProbe: PROBE })],
      faults: [
        { kind: 'probeFailure', at: 1000 * S, target: { workload: 'web' }, probe: 'liveness', for: 40 * S },
      ],
    });
    c.sim.run(900 * S);
    const pod = onlyPod(c);
    const origin = pod.scheduledAt ?? 0;
    const states: { t: number; state: string }[] = [];
    c.cluster.watch((e) => {
      if (e.type === 'ContainersUpdated') states.push({ t: c.sim.now, state: e.containers.state });
    });
    c.sim.run(1300 * S);
    const killedAt = firstTickAtOrAfter(origin, 10 * S, 1000 * S) + 20 * S;
    // SIGTERM, exit after the kubelet's 1 s shutdown time; first restart at once, running after the 10 s startup.
    expect(states).toEqual([
      { t: killedAt + 1 * S, state: 'Terminated' },
      { t: killedAt + 11 * S, state: 'Running' },
    ]);
    expect(c.truth.containersOf(pod).restarts).toBe(1);
    expect(pod.ready).toBe(true);
  });
});

describe('startup probe', () => {
  it('holds Ready (and the other probes) until it succeeds after its initial delay', () => {
    const c = makeCluster({
      workloads: [probed({ startupProbe: { ...PROBE, initialDelaySeconds: 30 }, readinessProbe: PROBE })],
      startupSeconds: 5,
    });
    const changes = readyChanges(c);
    c.sim.run(200 * S);
    const origin = onlyPod(c).scheduledAt ?? 0;
    // Started at origin+5 s; the startup probe may count from origin+35 s: tick origin+40 s. Readiness
    // then succeeds on its own tick at origin+40 s.
    expect(changes).toEqual([{ t: origin + 40 * S, ready: true }]);
  });
});

describe('probes in manifests', () => {
  const manifest = (probes: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
${probes}`;

  it('reads the probe timings with core/v1 defaults (SetDefaults_Probe)', () => {
    const r = loadText(
      manifest(`        readinessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 5}
        livenessProbe: {tcpSocket: {port: 8080}, initialDelaySeconds: 15, failureThreshold: 6}
`),
      'd.yaml',
    );
    expect(r.diagnostics).toEqual([]);
    const container = r.input.deployments[0]?.template.spec.containers[0];
    expect(container?.readinessProbe).toEqual({ ...PROBE, periodSeconds: 5 });
    expect(container?.livenessProbe).toEqual({ ...PROBE, initialDelaySeconds: 15, failureThreshold: 6 });
    expect(container?.startupProbe).toBeUndefined();
  });

  it('rejects a liveness successThreshold other than 1 and a zero period, at their lines', () => {
    const r = loadText(
      manifest(`        livenessProbe: {exec: {command: [true]}, successThreshold: 2}
        readinessProbe: {periodSeconds: 0}
`),
      'd.yaml',
    );
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'd.yaml:11:68: Deployment "web": spec.template.spec.containers[0].livenessProbe.successThreshold: must be 1 for liveness and startup probes',
      'd.yaml:12:41: Deployment "web": spec.template.spec.containers[0].readinessProbe.periodSeconds: expected an integer >= 1, got 0',
    ]);
  });
});
