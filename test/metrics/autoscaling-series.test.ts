import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/manifests/index.js';
import { buildRunReport } from '../../src/report/json.js';
import { runReportSchema } from '../../src/report/schema.js';
import { simulate } from '../../src/sim/simulate.js';
import { webDeploymentAndService } from '../support/web-service.js';

const SERVICE_TIME_S = 0.1;
const RATE_AFTER = 40;
const STEP_AT_S = 300;
const STARTUP_S = 10;

/**
 * A loss system the theory solves: each pod serves one request at a time for exactly 100 ms with no
 * queue (queueLimit 0), and requests pick a pod at random, so each of n pods is an M/D/1/1 queue fed
 * λ/n, and a request is lost with Erlang's B(1, ρ) = ρ / (1 + ρ), ρ = λ S / n. At 5 min the rate steps
 * from 2 to 40 requests/s; the HPA (legacy rules, 2–`max` replicas) scales up. `nodes` nodes of 1 cpu
 * hold 2 pods of 500m each.
 */
function flashCrowd(nodes: number, maxReplicas: number): string {
  return `
apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: loss }
spec:
  seed: 5
  duration: 15m
  cluster:
    nodePools:
      - { name: pool, instanceType: small, cpu: "1", memory: 4Gi, pricePerHour: 0.05, count: ${nodes} }
  services:
    web:
      startupTime: { constant: ${STARTUP_S}s }
      serviceTime: { constant: ${SERVICE_TIME_S * 1000}ms }
      cpuPerRequest: ${SERVICE_TIME_S * 1000}ms
      concurrency: 1
      queueLimit: 0
      loadBalancing: random
  workload:
    - name: users
      target: web
      arrivals: { steps: [{ at: 0s, rate: 2/s }, { at: ${STEP_AT_S}s, rate: ${RATE_AFTER}/s }] }
  slo:
    availability: 99%
    latency: { p99: 150ms }
${webDeploymentAndService()}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: ${maxReplicas}
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } } }]
`;
}

function report(nodes: number, maxReplicas: number) {
  const loaded = loadText(flashCrowd(nodes, maxReplicas), 'loss.yaml', { requireScenario: true });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const r = buildRunReport(simulate(loaded.input));
  expect(runReportSchema.safeParse(r).error).toBeUndefined();
  return r;
}

/** Erlang's loss formula for one server: the fraction of requests lost at offered load ρ. */
const erlangB1 = (rho: number) => rho / (1 + rho);

describe('autoscaling.series and autoscaling.scaleUps', () => {
  it('a full node: replicas follow the events, the new pods stay Pending, the scale-up never ends', () => {
    const r = report(1, 6);
    const a = r.autoscaling;
    const w = a?.series?.workloads[0];
    expect(w?.hpa).toBe('default/web');
    const step = r.series.stepSeconds;
    const ups = (a?.events ?? []).filter((e) => e.kind === 'hpa');
    // spec.replicas at each sample is the `to` of the last rescale at or before it.
    const expected = w?.replicas.map((_, i) => ups.filter((e) => e.atSeconds <= i * step).at(-1)?.to ?? 2);
    expect(w?.replicas).toEqual(expected);
    expect(w?.desiredReplicas).toEqual(expected);
    expect(Math.max(...(w?.replicas ?? []))).toBe(6);
    // Two pods fit the node: from the first minute on two are ready, the rest Pending.
    w?.readyPods.forEach((ready, i) => {
      if (i === 0) return;
      expect(ready).toBe(2);
      expect(w.pendingPods[i]).toBe((w.replicas[i] as number) - 2);
    });
    expect(a?.series?.pendingPods).toEqual(w?.pendingPods);
    expect(a?.series?.nodePools).toEqual([]);
    expect(a?.series?.costPerHour).toBeNull();
    // One episode, open to the end; each of the 2 pods loses B(1, 2) = 2/3 of its requests.
    expect(a?.scaleUps).toHaveLength(1);
    const e = a?.scaleUps?.[0];
    expect(e?.from).toBe(2);
    expect(e?.to).toBe(6);
    expect(e?.end).toBeNull();
    expect(e?.startSeconds).toBe(ups[0]?.atSeconds);
    expect(e?.minutes).toEqual({ first: Math.floor((e?.startSeconds ?? 0) / 60) * 60, last: 840 });
    const windowSeconds = 900 - (e?.minutes?.first ?? 0);
    expect(e?.offered).toBeGreaterThan(RATE_AFTER * windowSeconds * 0.97);
    expect(e?.offered).toBeLessThan(RATE_AFTER * windowSeconds * 1.03);
    const rho = (RATE_AFTER * SERVICE_TIME_S) / 2;
    expect(e?.availability).toBeCloseTo(1 - erlangB1(rho), 1);
    expect(Math.abs((e?.availability ?? 0) - (1 - erlangB1(rho)))).toBeLessThan(0.02);
    expect(e?.p99Ms).toBeCloseTo(100, 0);
    expect(e?.availabilityMet).toBe(false);
    expect(e?.p99Met).toBe(true);
  });

  it('room for the pods: the episode ends when the new pods are ready, after their start-up time', () => {
    const r = report(2, 4);
    const a = r.autoscaling;
    expect(a?.scaleUps).toHaveLength(1);
    const e = a?.scaleUps?.[0];
    expect([e?.from, e?.to]).toEqual([2, 4]);
    expect(e?.readySeconds).toBeGreaterThanOrEqual(STARTUP_S);
    expect(e?.readySeconds).toBeLessThan(STARTUP_S + 2);
    const w = a?.series?.workloads[0];
    expect(w?.readyPods.at(-1)).toBe(4);
    // At 0 s the first pods are not scheduled yet; after that none waits.
    expect(w?.pendingPods.slice(1).every((p) => p === 0)).toBe(true);
  });
});
