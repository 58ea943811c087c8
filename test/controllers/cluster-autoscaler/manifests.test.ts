import { describe, expect, it } from 'vitest';
import { CLUSTER_AUTOSCALER_DEFAULTS } from '../../../src/controllers/cluster-autoscaler/defaults.js';
import { formatDiagnostic, loadText } from '../../../src/manifests/index.js';

function scenario(cluster: string): string {
  return `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: { name: s }
spec:
  duration: 1h
  cluster:
${cluster}
`;
}

const POOLS = `    nodePools:
      - { name: general, cpu: "4", memory: 16Gi, count: 3, min: 1, max: 10 }`;

function load(text: string) {
  const r = loadText(text, 'ca.yaml');
  return {
    r,
    errors: r.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic),
    warnings: r.diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic),
  };
}

const PRIORITY_CONFIGMAP = `---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-autoscaler-priority-expander
  namespace: kube-system
data:
  priorities: |-
    10:
      - .*t2\\.large.*
      - .*t3\\.large.*
    50:
      - .*spot.*
`;

describe('spec.cluster.autoscaler and node-group bounds', () => {
  it('without an autoscaler block: the flags defaults', () => {
    const { r, errors } = load(scenario(POOLS));
    expect(errors).toEqual([]);
    expect(r.input.scenario?.clusterAutoscaler).toEqual(CLUSTER_AUTOSCALER_DEFAULTS);
    expect(r.input.scenario?.nodePools[0]).toMatchObject({ min: 1, max: 10 });
  });

  it('reads the flags it gives, the expander as a comma-separated list as --expander takes it', () => {
    const { r, errors } = load(
      scenario(`    autoscaler:
      expander: priority, least-waste
      scanInterval: 30s
      scaleDownUtilizationThreshold: 0.6
      scaleDownUnneededTime: 5m
${POOLS}`) + PRIORITY_CONFIGMAP,
    );
    expect(errors).toEqual([]);
    expect(r.input.scenario?.clusterAutoscaler).toMatchObject({
      expanders: ['priority', 'least-waste'],
      scanInterval: 30e6,
      scaleDownUtilizationThreshold: 0.6,
      scaleDownUnneededTime: 300e6,
      scaleDownDelayAfterAdd: 600e6,
    });
    expect(r.input.priorityExpander).toEqual({
      priorities: [
        { priority: 10, patterns: ['.*t2\\.large.*', '.*t3\\.large.*'] },
        { priority: 50, patterns: ['.*spot.*'] },
      ],
    });
  });

  it('an expander that does not exist: an error at its line', () => {
    const { errors } = load(scenario(`    autoscaler: { expander: cheapest }\n${POOLS}`));
    expect(errors).toEqual([
      'ca.yaml:7:29: Scenario "s": spec.cluster.autoscaler.expander: expander "cheapest" does not exist: expected random, most-pods, least-waste, price, priority, or several separated by commas',
    ]);
  });

  it('grpc is named as not modelled', () => {
    const { errors } = load(scenario(`    autoscaler: { expander: grpc }\n${POOLS}`));
    expect(errors[0]).toContain('grpc calls an external service kubesim does not model');
  });

  it('the priority expander without its ConfigMap: an error', () => {
    const { errors } = load(scenario(`    autoscaler: { expander: priority }\n${POOLS}`));
    expect(errors[0]).toContain('reads the ConfigMap kube-system/cluster-autoscaler-priority-expander');
  });

  it('a pool with max < min: one error at max', () => {
    const { errors } = load(
      scenario(`    nodePools:
      - name: general
        cpu: "4"
        memory: 16Gi
        count: 3
        min: 5
        max: 2`),
    );
    expect(errors).toEqual([
      'ca.yaml:13:14: Scenario "s": spec.cluster.nodePools[0].max: max must be >= min: min is 5, max is 2',
    ]);
  });

  it('min without max: no node group, the pool keeps its count', () => {
    const { r, errors } = load(
      scenario('    nodePools:\n      - { name: general, cpu: "4", memory: 16Gi, count: 3, min: 1 }'),
    );
    expect(errors).toEqual([]);
    expect(r.input.scenario?.nodePools[0]?.max).toBeUndefined();
  });

  it('a bad flag value is an error at its field', () => {
    const { errors } = load(
      scenario(`    autoscaler: { scaleDownUtilizationThreshold: 2, scanInterval: 0s }\n${POOLS}`),
    );
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toContain('spec.cluster.autoscaler.scaleDownUtilizationThreshold');
    expect(errors.join('\n')).toContain('spec.cluster.autoscaler.scanInterval');
  });
});

describe('the cluster-autoscaler-priority-expander ConfigMap', () => {
  it('a pattern that is not a regexp: an error at data.priorities', () => {
    const { errors } = load(
      scenario(POOLS) +
        `---
apiVersion: v1
kind: ConfigMap
metadata: { name: cluster-autoscaler-priority-expander, namespace: kube-system }
data:
  priorities: |-
    10:
      - "spot-("
`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^ca\.yaml:\d+:\d+: ConfigMap "kube-system\/cluster-autoscaler-priority-expander": data\.priorities: Can't compile regexp rule for priority 10 and rule spot-\(/,
    );
  });

  it('a priority that is not an integer: an error', () => {
    const { errors } = load(
      `${scenario(POOLS)}---
apiVersion: v1
kind: ConfigMap
metadata: { name: cluster-autoscaler-priority-expander, namespace: kube-system }
data:
  priorities: |-
    high: [".*"]
`,
    );
    expect(errors[0]).toContain('priority "high" is not an integer');
  });

  it('in another namespace: a warning, not read', () => {
    const { r, warnings } = load(`${scenario(POOLS)}${PRIORITY_CONFIGMAP.replace('kube-system', 'default')}`);
    expect(r.input.priorityExpander).toBeUndefined();
    expect(warnings.join('\n')).toContain(
      'reads cluster-autoscaler-priority-expander from its own namespace',
    );
  });
});
