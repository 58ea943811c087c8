import { describe, expect, it } from 'vitest';
import {
  INCIDENT_TIMELINE_LIMIT,
  type Incident,
  type IncidentStepKind,
} from '../../src/metrics/incidents.js';
import { deployment, makeCluster, S, service } from '../controllers/harness.js';

/** The first time each step was reached, in seconds after t = 0. */
function firstSeconds(incident: Incident): Partial<Record<IncidentStepKind, number>> {
  const first: Partial<Record<IncidentStepKind, number>> = {};
  for (const s of incident.steps) first[s.step] ??= s.at / S;
  return first;
}

describe('IncidentTracker', () => {
  // Kubernetes' numbers (K8S_BEHAVIOUR.md, node-failure.test.ts): Leases renewed every 10 s from t = 0,
  // so a crash at 105 s leaves the last renewal at 100 s; node-monitor-grace-period 50 s (≥ 1.32) on a
  // 5 s monitor tick: Unknown at 155 s; queued for the NoExecute taint on the next pass (160 s) and
  // tainted by the 100 ms tainter at 160.1 s; tolerationSeconds 300: evicted at 460.1 s; the
  // ReplicaSet's replacement is created and bound at once and Ready after its 10 s start-up, 470.1 s.
  it('times each step of a nodeCrash incident with Kubernetes 1.36 defaults', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      services: [service('web')],
      duration: 2000 * S,
      faults: [{ kind: 'nodeCrash', at: 105 * S, target: { node: 'p-0', count: 1 }, for: 1000 * S }],
    });
    const { incidents } = c.run.finish();
    expect(incidents).toHaveLength(1);
    const incident = incidents[0] as Incident;
    expect(incident.at).toBe(105 * S);
    expect(incident.nodes).toEqual(['p-0']);
    expect(incident.workloads).toEqual(['default/web']);
    expect(firstSeconds(incident)).toEqual({
      fault: 105,
      detected: 155,
      tainted: 160.1,
      evicted: 460.1,
      replaced: 460.1,
      scheduled: 460.1,
      ready: 470.1,
      inEndpoints: 470.1,
      recovered: 470.1,
      nodeRecovered: 1105,
    });
    expect(incident.recoveredAt).toBe(470.1 * S);
    expect(incident.podsLost).toBe(1);
    // The steps are in time order and follow the repair chain; at 470.1 s the pod serves (recovered)
    // in the same instant as, and just before, the EndpointSlice controller writes its endpoint.
    const order = incident.steps.map((s) => s.step);
    expect(order).toEqual([
      'fault',
      'detected',
      'tainted',
      'evicted',
      'replaced',
      'scheduled',
      'ready',
      'recovered',
      'inEndpoints',
      'nodeRecovered',
    ]);
    expect(incident.steps.find((s) => s.step === 'detected')?.detail).toBe('Ready=Unknown');
    expect(incident.steps.find((s) => s.step === 'tainted')?.detail).toBe(
      'node.kubernetes.io/unreachable:NoExecute',
    );
  });

  it('times a kubeletStop incident, whose damage starts only when the control plane notices', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      services: [service('web')],
      duration: 2000 * S,
      faults: [{ kind: 'kubeletStop', at: 105 * S, target: { node: 'p-0', count: 1 } }],
    });
    const [incident] = c.run.finish().incidents;
    // The pod keeps running until the node is Unknown (155 s), when MarkPodsNotReady takes it out of
    // service; then the same chain as a crash.
    expect(firstSeconds(incident as Incident)).toEqual({
      fault: 105,
      detected: 155,
      tainted: 160.1,
      evicted: 460.1,
      replaced: 460.1,
      scheduled: 460.1,
      ready: 470.1,
      inEndpoints: 470.1,
      recovered: 470.1,
    });
    expect(incident?.recoveredAt).toBe(470.1 * S);
    expect(incident?.podsLost).toBe(1);
  });

  it('times a podCrash incident: the kubelet restarts the container in place', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3), deployment('other', 3)],
      services: [service('web')],
      duration: 1000 * S,
      faults: [{ kind: 'podCrash', at: 105 * S, target: { workload: 'web', count: 1 } }],
    });
    const [incident] = c.run.finish().incidents;
    // restartPolicy Always: the first restart is at once; the container is Ready after its 10 s start-up.
    expect(firstSeconds(incident as Incident)).toEqual({
      fault: 105,
      ready: 115,
      inEndpoints: 115,
      recovered: 115,
    });
    expect(incident?.workloads).toEqual(['default/web']);
    expect(incident?.podsLost).toBe(1);
  });

  it('keeps the steps of the first 100 incidents only, and the first times of every incident', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      // A crash every 15 min on average: a pod runs 10 min between crashes often enough that its
      // CrashLoopBackOff resets, so most crashes are incidents of their own.
      duration: 200_000 * S,
      faults: [{ kind: 'podCrash', at: 100 * S, target: { workload: 'web', count: 1 }, interval: 900 * S }],
    });
    const incidents = c.run.finish().incidents;
    expect(incidents.length).toBeGreaterThan(INCIDENT_TIMELINE_LIMIT);
    expect(incidents.slice(0, INCIDENT_TIMELINE_LIMIT).every((i) => i.steps.length > 0)).toBe(true);
    for (const i of incidents.slice(INCIDENT_TIMELINE_LIMIT)) {
      expect(i.steps).toEqual([]);
      expect(i.stepsDropped).toBeGreaterThan(0);
      expect(i.firstAt.fault).toBe(i.at);
    }
  });

  it('uses the 40 s grace period before Kubernetes 1.32', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      kubernetesMinor: 31,
      duration: 1000 * S,
      faults: [{ kind: 'nodeCrash', at: 105 * S, target: { node: 'p-0', count: 1 } }],
    });
    const [incident] = c.run.finish().incidents;
    expect(firstSeconds(incident as Incident)).toMatchObject({
      detected: 145,
      tainted: 150.1,
      evicted: 450.1,
    });
  });

  it('counts a reboot within the grace period as an incident the kubelet repairs alone', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      duration: 1000 * S,
      faults: [{ kind: 'nodeCrash', at: 105 * S, target: { node: 'p-0', count: 1 }, for: 20 * S }],
    });
    const [incident] = c.run.finish().incidents;
    const first = firstSeconds(incident as Incident);
    // Back at 125 s, the kubelet restarts the pod in place (10 s start-up): no detection, no eviction.
    expect(first).toEqual({ fault: 105, ready: 135, recovered: 135 });
    expect(incident?.recoveredAt).toBe(135 * S);
    expect(incident?.podsLost).toBe(1);
  });

  it('groups a fault that strikes during an open incident and opens a new one after recovery', () => {
    const c = makeCluster({
      workloads: [deployment('web', 3)],
      duration: 3000 * S,
      faults: [
        { kind: 'nodeCrash', at: 105 * S, target: { node: 'p-0', count: 1 } },
        { kind: 'nodeCrash', at: 200 * S, target: { node: 'p-1', count: 1 } },
        { kind: 'nodeCrash', at: 2000 * S, target: { node: 'p-2', count: 1 } },
      ],
    });
    const incidents = c.run.finish().incidents;
    expect(incidents.map((i) => i.nodes)).toEqual([['p-0', 'p-1'], ['p-2']]);
    expect(incidents.map((i) => i.faults.length)).toEqual([2, 1]);
  });

  it('records an incident without damage for a node that runs no pod', () => {
    const c = makeCluster({
      workloads: [],
      duration: 1000 * S,
      faults: [{ kind: 'nodeCrash', at: 105 * S, target: { node: 'p-0', count: 1 } }],
    });
    const [incident] = c.run.finish().incidents;
    expect(firstSeconds(incident as Incident)).toEqual({ fault: 105, detected: 155, tainted: 160.1 });
    expect(incident?.recoveredAt).toBe(105 * S);
    expect(incident?.podsLost).toBe(0);
  });
});
