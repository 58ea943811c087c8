import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, resources: { requests: { cpu: 100m } } }]
---
`;

function load(hpa: string) {
  const r = loadText(DEPLOYMENT + hpa, 'hpa.yaml');
  return {
    r,
    hpas: r.input.horizontalPodAutoscalers ?? [],
    errors: r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic),
    warnings: r.diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic),
  };
}

const V1 = (spec: string) => `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
${spec}`;

const V2 = (spec: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
${spec}`;

const cpu = (utilization: number) =>
  `    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: ${utilization} } }`;

describe('autoscaling/v1 converted as the API server converts it', () => {
  it('targetCPUUtilizationPercentage becomes a Resource cpu Utilization target', () => {
    const { hpas, errors, warnings } = load(
      V1('  minReplicas: 2\n  maxReplicas: 10\n  targetCPUUtilizationPercentage: 65'),
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(hpas).toEqual([
      {
        namespace: 'default',
        name: 'web',
        target: { kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        targetCpuUtilization: 65,
      },
    ]);
  });

  it('without a target: 80 % (autoscaling.DefaultCPUUtilization), minReplicas 1, no behavior', () => {
    const { hpas } = load(V1('  maxReplicas: 4'));
    expect(hpas[0]).toMatchObject({ minReplicas: 1, maxReplicas: 4, targetCpuUtilization: 80 });
    expect(hpas[0]?.behavior).toBeUndefined();
  });
});

describe('autoscaling/v2', () => {
  it('reads the cpu target and keeps behavior as written (defaults are the normalisation’s)', () => {
    const { hpas, errors } = load(
      V2(`  maxReplicas: 10
  metrics:
${cpu(50)}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 60
      policies: [{ type: Pods, value: 1, periodSeconds: 30 }]`),
    );
    expect(errors).toEqual([]);
    expect(hpas[0]).toMatchObject({
      targetCpuUtilization: 50,
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 60,
          policies: [{ type: 'Pods', value: 1, periodSeconds: 30 }],
        },
      },
    });
  });

  it('no metrics: the v2 default, cpu at 80 %', () => {
    expect(load(V2('  maxReplicas: 3')).hpas[0]?.targetCpuUtilization).toBe(80);
  });

  it('metrics kubesim does not simulate are warned about and ignored', () => {
    const { hpas, errors, warnings } = load(
      V2(`  maxReplicas: 10
  metrics:
    - type: Resource
      resource: { name: memory, target: { type: Utilization, averageUtilization: 70 } }
    - type: ContainerResource
      containerResource: { name: cpu, container: web, target: { type: Utilization, averageUtilization: 70 } }
${cpu(60)}`),
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      'hpa.yaml:18:7: HorizontalPodAutoscaler "web": spec.metrics[0]: Resource memory metrics are not simulated: this metric is ignored',
      'hpa.yaml:20:7: HorizontalPodAutoscaler "web": spec.metrics[1]: ContainerResource metrics are not simulated: this metric is ignored',
    ]);
    expect(hpas[0]?.targetCpuUtilization).toBe(60);
  });

  it('only unsimulated metrics: no cpu target, the HPA only keeps the bounds', () => {
    const { hpas } = load(
      V2(`  maxReplicas: 10
  metrics:
    - type: Resource
      resource: { name: memory, target: { type: AverageValue, averageValue: 1Gi } }`),
    );
    expect(hpas[0]?.targetCpuUtilization).toBeNull();
  });
});

describe('bad HorizontalPodAutoscalers: file:line, nothing loaded', () => {
  it.each([
    [
      'minReplicas above maxReplicas',
      V1('  minReplicas: 5\n  maxReplicas: 3'),
      'hpa.yaml:16:16: HorizontalPodAutoscaler "web": spec.minReplicas: minReplicas 5 is above maxReplicas 3: the API server refuses it (expected minReplicas <= maxReplicas)',
    ],
    [
      'a v1 target of 0',
      V1('  maxReplicas: 3\n  targetCPUUtilizationPercentage: 0'),
      'spec.targetCPUUtilizationPercentage: expected an integer >= 1',
    ],
    [
      'a v2 target of 0',
      V2(`  maxReplicas: 3\n  metrics:\n${cpu(0)}`),
      'spec.metrics[0].resource.target.averageUtilization: expected an integer >= 1',
    ],
    ['maxReplicas 0', V2('  maxReplicas: 0'), 'spec.maxReplicas: expected an integer >= 1'],
    [
      'a Utilization target without averageUtilization',
      V2(`  maxReplicas: 3
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization } }`),
      'spec.metrics[0].resource.target: a Utilization target needs averageUtilization',
    ],
    [
      'a missing target workload',
      V2('  maxReplicas: 3').replace('Deployment, name: web', 'Deployment, name: api'),
      'hpa.yaml:15:66: HorizontalPodAutoscaler "web": spec.scaleTargetRef.name: the scale target Deployment "api" does not exist in namespace "default": define it, or fix spec.scaleTargetRef',
    ],
    [
      'a target kind kubesim cannot scale',
      V2('  maxReplicas: 3').replace('kind: Deployment', 'kind: ReplicaSet'),
      'spec.scaleTargetRef.kind: kubesim can scale a Deployment or a StatefulSet, not a ReplicaSet',
    ],
    [
      'a behavior period beyond 1800 s',
      V2(
        '  maxReplicas: 3\n  behavior: { scaleUp: { policies: [{ type: Pods, value: 4, periodSeconds: 3600 }] } }',
      ),
      'spec.behavior.scaleUp.policies[0].periodSeconds: expected an integer from 1 to 1800',
    ],
  ])('%s', (_, text, message) => {
    const { r, hpas, errors } = load(text);
    expect(r.ok).toBe(false);
    expect(hpas).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(errors[0]).toMatch(/^hpa\.yaml:\d+:\d+: HorizontalPodAutoscaler "web": /);
  });
});
