import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/manifests/index.js';
import { simulate } from '../../src/sim/simulate.js';
import { webDeploymentAndService } from '../support/web-service.js';

/** A web Deployment at 2 replicas behind a Service, with `hpaMetrics` as its HPA's spec.metrics. */
function scenario(hpaMetrics: string, extra = '', rate = 100): string {
  return `
apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: metrics }
spec:
  seed: 4
  duration: 10m
  cluster:
    nodePools:
      - { name: pool, instanceType: m5.xlarge, cpu: "4", memory: 16Gi, pricePerHour: 0.192, count: 6 }
  services:
    web:
      startupTime: { constant: 5s }
      serviceTime: { constant: 50ms }
      cpuPerRequest: 50ms
      concurrency: 8
  workload:
    - name: users
      target: web
      arrivals: { poisson: { rate: ${rate}/s } }
${extra}
${webDeploymentAndService()}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 20
  metrics:
${hpaMetrics}`;
}

function run(text: string) {
  const loaded = loadText(text, 'metrics.yaml', { requireScenario: true });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  return simulate(loaded.input);
}

function errors(text: string): string[] {
  const loaded = loadText(text, 'metrics.yaml', { requireScenario: true });
  return loaded.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.line}: ${d.path}: ${d.message}`);
}

const QUEUE = `  metrics:
    external:
      queue_length: { steps: [{ at: 0s, value: 10 }, { at: 5m, value: 300 }] }`;

describe('HPA metrics besides cpu utilisation, in a run', () => {
  it('an External AverageValue metric: ceil(queue ÷ per-pod target) once the queue grows, within the legacy rate', () => {
    const r = run(
      scenario(
        `    - type: External
      external: { metric: { name: queue_length }, target: { type: AverageValue, averageValue: "30" } }`,
        QUEUE,
      ),
    );
    const events = r.autoscaling?.events ?? [];
    // Before 5 min: ceil(10 / 30) = 1, held at minReplicas 2. At the sync of 5 min: 2 → 4 → 8 → 10.
    expect(events.map((e) => [e.at / 1e6, e.from, e.to])).toEqual([
      [300, 2, 4],
      [315, 4, 8],
      [330, 8, 10],
    ]);
    expect(events[0]?.reason).toBe('external metric queue_length(nil) above target (ScaleUpLimit)');
  });

  it('an External Value metric: ceil(value ÷ target × ready pods)', () => {
    const r = run(
      scenario(
        `    - type: External
      external: { metric: { name: queue_length }, target: { type: Value, value: "100" } }`,
        QUEUE,
      ),
    );
    const first = r.autoscaling?.events[0];
    // ratio 300 / 100 = 3 over 2 ready pods: 6, capped by the legacy limit max(2 × 2, 4) = 4.
    expect([first?.at, first?.from, first?.to]).toEqual([300e6, 2, 4]);
  });

  it('a Pods requests_per_second metric settles at ceil(rate ÷ target per pod)', () => {
    const r = run(
      scenario(`    - type: Pods
      pods: { metric: { name: requests_per_second }, target: { type: AverageValue, averageValue: "10" } }`),
    );
    const events = r.autoscaling?.events ?? [];
    expect(events.at(-1)?.to).toBe(10);
    expect(events[0]?.reason).toMatch(/^pods metric requests_per_second above target/);
  });

  it('several metrics: the largest proposal wins and names the reason', () => {
    const r = run(
      scenario(
        `    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 90 } }
    - type: External
      external: { metric: { name: queue_length }, target: { type: AverageValue, averageValue: "30" } }`,
        QUEUE,
        10,
      ),
    );
    // 10 requests/s × 50 ms = 500m over 2 pods of 500m: 50 %, below 90 %; the queue decides at 5 min.
    const up = (r.autoscaling?.events ?? []).find((e) => e.to > e.from);
    expect(up?.at).toBe(300e6);
    expect(up?.reason).toMatch(/^external metric queue_length\(nil\) above target/);
  });
});

describe('HPA metrics: bad input', () => {
  it('a Pods metric kubesim cannot feed, an External metric without values, a bad target', () => {
    const text = scenario(`    - type: Pods
      pods: { metric: { name: packets }, target: { type: AverageValue, averageValue: "10" } }
    - type: External
      external: { metric: { name: queue_length }, target: { type: Value, value: "0" } }
    - type: Object
      object:
        describedObject: { kind: Ingress, name: web }
        metric: { name: requests_per_second }
        target: { type: Utilization, averageUtilization: 5 }`);
    expect(errors(text)).toEqual([
      '52: HorizontalPodAutoscaler "web": spec.metrics[0].pods.metric.name: kubesim has no Pods metric "packets": it feeds requests_per_second, http_requests_per_second, http_requests (requests each pod serves per second)',
      '54: HorizontalPodAutoscaler "web": spec.metrics[1].external.target.value: expected value to be a quantity > 0, got "0"',
      '59: HorizontalPodAutoscaler "web": spec.metrics[2].object.target.type: expected a target of type Value or AverageValue, got Utilization',
    ]);
  });

  it('an External or Object metric without values in the Scenario', () => {
    const text = scenario(`    - type: External
      external: { metric: { name: backlog }, target: { type: Value, value: "5" } }
    - type: Object
      object:
        describedObject: { kind: Ingress, name: web }
        metric: { name: requests_per_second }
        target: { type: Value, value: "5" }`);
    expect(errors(text)).toEqual([
      '52: HorizontalPodAutoscaler "web": spec.metrics[0].external.metric.name: the External metric "backlog" has no values: give them in the Scenario under spec.metrics.external.backlog',
      '56: HorizontalPodAutoscaler "web": spec.metrics[1].object.metric.name: the Object metric "requests_per_second" has no values: give them in the Scenario under spec.metrics.object.requests_per_second, or use a Service\'s requests_per_second / http_requests_per_second / http_requests',
    ]);
  });

  it('a bad spec.metrics series', () => {
    const text = scenario(
      `    - type: External
      external: { metric: { name: queue_length }, target: { type: Value, value: "5" } }`,
      `  metrics:
    external:
      queue_length: { steps: [{ at: 5m, value: 10 }, { at: 1m, value: -1 }] }`,
    );
    expect(errors(text).length).toBeGreaterThan(0);
    expect(errors(text).join('\n')).toMatch(/spec\.metrics\.external\.queue_length\.steps\[1\]/);
  });
});

describe('models/autoscaling/queue-worker.yaml', () => {
  it('scales the workers on the queue length: 2 → 20 within 30 s of the step, back to 2 after the drain', async () => {
    const { loadFiles } = await import('../../src/manifests/index.js');
    const loaded = await loadFiles(['models/autoscaling/queue-worker.yaml'], { requireScenario: true });
    expect(loaded.diagnostics).toEqual([]);
    const r = simulate(loaded.input);
    const events = r.autoscaling?.events ?? [];
    const ups = events.filter((e) => e.to > e.from);
    expect(ups.map((e) => [e.at / 1e6, e.from, e.to])).toEqual([
      [600, 2, 6],
      [615, 6, 12],
      [630, 12, 20],
    ]);
    expect(events.at(-1)?.to).toBe(2);
    expect(r.autoscaling?.scaleUps[0]?.end).toBeDefined();
  });
});
