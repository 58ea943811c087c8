import { describe, expect, it } from 'vitest';
import { HPA_SYNC_PERIOD, type HpaRescale } from '../../src/controllers/hpa-controller.js';
import { MICROS_PER_SECOND } from '../../src/engine/time.js';
import { loadText } from '../../src/manifests/index.js';
import { METRIC_RESOLUTION } from '../../src/metrics/pod-metrics.js';
import { createRun } from '../../src/sim/run.js';
import { webDeploymentAndService } from '../support/web-service.js';

const RATE_BEFORE = 2;
const RATE_AFTER = 100;
const CPU_PER_REQUEST_MS = 50;
const REQUEST_MILLI_CPU = 500;
const TARGET_PERCENT = 50;
const STEP_AT_S = 300;
const STARTUP_S = 10;

/** A CPU-bound web service (service time = CPU per request) whose request rate steps up at 5 min. */
function scenario(hpa: string, idleCpu = '0'): string {
  return `
apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: step }
spec:
  seed: 3
  duration: 20m
  cluster:
    nodePools:
      - { name: pool, instanceType: m5.xlarge, cpu: "4", memory: 16Gi, pricePerHour: 0.192, count: 8 }
  services:
    web:
      startupTime: { constant: ${STARTUP_S}s }
      serviceTime: { constant: ${CPU_PER_REQUEST_MS}ms }
      concurrency: 8
      idleCpu: ${idleCpu}
  workload:
    - name: users
      target: web
      arrivals: { steps: [{ at: 0s, rate: ${RATE_BEFORE}/s }, { at: ${STEP_AT_S}s, rate: ${RATE_AFTER}/s }] }
${webDeploymentAndService(REQUEST_MILLI_CPU)}---
${hpa}`;
}

const HPA_V2 = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 40
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: ${TARGET_PERCENT} } }
`;

function run(text: string) {
  const loaded = loadText(text, 'step.yaml', { requireScenario: true });
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return createRun(loaded.input);
}

const replicasOf = (r: ReturnType<typeof run>): number => r.cluster.workload('default/web')?.replicas ?? -1;

describe('HorizontalPodAutoscalerController', () => {
  it('a step from 2 to 100 requests/s with CPU-bound pods settles at ceil(rate × cpuPerRequest ÷ (request × target))', () => {
    const expected = Math.ceil(
      (RATE_AFTER * CPU_PER_REQUEST_MS) / ((REQUEST_MILLI_CPU * TARGET_PERCENT) / 100),
    );
    expect(expected).toBe(20);
    const r = run(scenario(HPA_V2));
    // Before the step: 2 × 50 ms = 100m over 2 pods is 10 % of requests; minReplicas holds it at 2.
    r.advance(STEP_AT_S * MICROS_PER_SECOND);
    expect(replicasOf(r)).toBe(2);
    const result = r.finish();
    expect(replicasOf(r)).toBe(expected);
    const events = result.autoscaling?.events ?? [];
    const first = events[0] as HpaRescale;
    // The HPA sees the step only once a scrape window covers it and a sync follows: no sooner than
    // the step, no later than one metric resolution plus one sync period after it.
    expect(first.at).toBeGreaterThan(STEP_AT_S * MICROS_PER_SECOND);
    expect(first.at).toBeLessThanOrEqual(STEP_AT_S * MICROS_PER_SECOND + METRIC_RESOLUTION + HPA_SYNC_PERIOD);
    expect(first).toMatchObject({ target: 'deployment/default/web', from: 2 });
    expect(first.reason).toMatch(/^cpu resource utilization \(percentage of request\) above target/);
    // Legacy rules: each rescale at most doubles (or adds up to 4), and the count only rises.
    for (const e of events) {
      expect(e.to).toBeGreaterThan(e.from);
      expect(e.to).toBeLessThanOrEqual(Math.max(2 * e.from, 4));
    }
    expect(events.at(-1)?.to).toBe(expected);
    // Settled well before the end: nothing moved in the last 5 minutes.
    expect(events.at(-1)?.at).toBeLessThan(result.duration - 300 * MICROS_PER_SECOND);
  });

  it('scales down only when the start-up recommendation leaves the 5-minute stabilisation window', () => {
    const flat = scenario(HPA_V2.replace('minReplicas: 2', 'minReplicas: 1')).replace(
      `{ at: ${STEP_AT_S}s, rate: ${RATE_AFTER}/s }`,
      `{ at: ${STEP_AT_S}s, rate: ${RATE_BEFORE}/s }`,
    );
    // 10 % of requests proposes 1 from the first samples on, but the first sync recorded the current
    // 2 (recordInitialRecommendation), and a recommendation exactly at the window's edge still counts:
    // the first sync after 300 s is the first that may go down.
    const events = run(flat).finish().autoscaling?.events ?? [];
    expect(events).toEqual([
      {
        at: 300 * MICROS_PER_SECOND + HPA_SYNC_PERIOD,
        hpa: 'default/web',
        target: 'deployment/default/web',
        workload: 'default/web',
        from: 2,
        to: 1,
        reason: 'All metrics below target',
      },
    ]);
  });

  it('counts idleCpu: a baseline above the target scales up, each sync within the legacy limit, to maxReplicas', () => {
    const idleOnly = scenario(HPA_V2, '400m').replace(
      `{ at: ${STEP_AT_S}s, rate: ${RATE_AFTER}/s }`,
      `{ at: ${STEP_AT_S}s, rate: ${RATE_BEFORE}/s }`,
    );
    const r = run(idleOnly);
    const events = r.finish().autoscaling?.events ?? [];
    // 400m idle alone is 80 % of a 500m request on every pod, however many: never below the target.
    // (400m + 2 × 50ms/2 pods) = 450m of 500m: 90 % at a 50 % target proposes ceil(2 × 1.8) = 4.
    expect(events[0]).toMatchObject({ from: 2, to: 4 });
    for (const e of events) expect(e.to).toBeLessThanOrEqual(Math.max(2 * e.from, 4));
    expect(replicasOf(r)).toBe(40);
    expect(events.at(-1)?.reason).toMatch(/\(TooManyReplicas\)$/);
  });

  it('sets a target above maxReplicas to the bound at the first sync, whatever the metrics', () => {
    const r = run(
      scenario(HPA_V2.replace('maxReplicas: 40', 'maxReplicas: 10')).replace('replicas: 2', 'replicas: 12'),
    );
    expect(r.finish().autoscaling?.events[0]).toEqual({
      at: 0,
      hpa: 'default/web',
      target: 'deployment/default/web',
      workload: 'default/web',
      from: 12,
      to: 10,
      reason: 'Current number of replicas above Spec.MaxReplicas',
    });
  });

  it('has no autoscaling section without an HPA', () => {
    const r = run(scenario(''));
    expect(r.finish().autoscaling).toBeNull();
  });
});
