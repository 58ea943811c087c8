import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadText } from '../../src/manifests/index.js';

// Class 4 of issue 7: what the API server refuses is refused here too, at the field, in its words.

function errors(text: string): string[] {
  return loadText(text, 'x.yaml')
    .diagnostics.filter((d) => d.severity === 'error')
    .map(formatDiagnostic);
}

const pod = (meta: string, spec = 'containers: [{name: c, image: x}]') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${meta}spec:\n  ${spec}\n`;

describe('API validation', () => {
  it('annotations above 256 KiB in total', () => {
    const big = 'x'.repeat(200 * 1024);
    expect(errors(pod(`  annotations:\n    a: "${big}"\n    b: "${big}"\n`))).toEqual([
      'x.yaml:6:5: Pod "p": metadata.annotations: Too long: must have at most 262144 bytes, got 409602',
    ]);
  });

  it('an annotation key that is not a qualified name', () => {
    expect(errors(pod('  annotations: {"a b": x}\n'))[0]).toMatch(
      /^x\.yaml:5:24: Pod "p": metadata\.annotations\["a b"\]: Invalid value: "a b": name part must consist of/,
    );
  });

  it.each([
    ['.inf', 'Infinity'],
    ['.nan', 'NaN'],
    ['-1', '-1'],
  ])('a replicas count of %s', (value, shown) => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: ${value}\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n`;
    expect(errors(text)).toEqual([
      `x.yaml:5:13: Deployment "web": spec.replicas: expected an integer >= 0, got ${shown}`,
    ]);
  });

  it('a non-finite price per hour in a pool', () => {
    const text =
      'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  duration: 1h\n  cluster:\n    nodePools: [{name: p, cpu: "1", memory: 1Gi, count: 1, pricePerHour: .inf}]\n';
    expect(errors(text)).toEqual([
      'x.yaml:7:74: Scenario "s": spec.cluster.nodePools[0].pricePerHour: expected a number >= 0, got Infinity',
    ]);
  });

  it('a pool label the API server would refuse on the node', () => {
    const text =
      'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  duration: 1h\n  cluster:\n    nodePools: [{name: p, cpu: "1", memory: 1Gi, count: 1, labels: {tier: "a b"}}]\n';
    expect(errors(text)[0]).toMatch(
      /nodePools\[0\]\.labels\.tier: Invalid value: "a b": a valid label must be/,
    );
  });
});

describe('non-finite numbers in distributions', () => {
  it('a Pareto shape of .inf', () => {
    const text =
      'apiVersion: kubesim.dev/v1alpha1\nkind: Scenario\nmetadata: {name: s}\nspec:\n  duration: 1h\n  cluster:\n    nodePools: [{name: p, cpu: "1", memory: 1Gi, count: 1, provisioningTime: {pareto: {scale: 1s, shape: .inf}}}]\n';
    expect(errors(text)).toEqual([
      'x.yaml:7:106: Scenario "s": spec.cluster.nodePools[0].provisioningTime.pareto.shape: expected a finite number > 0, got Infinity',
    ]);
  });
});
