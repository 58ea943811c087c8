import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/manifests/index.js';
import { secondsText, usd } from '../../src/report/format.js';
import { buildRunReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSummary } from '../../src/report/summary.js';
import { simulate } from '../../src/sim/simulate.js';

const SCENARIO = `
apiVersion: kubesim.dev/v1alpha1
kind: Scenario
metadata: {name: t}
spec:
  duration: 1h
  warmup: 10m
  replications: 3
  cluster:
    nodePools: [{name: p, instanceType: t, cpu: "1", memory: 4Gi, pricePerHour: 0.096, count: 1}]
  faults:
    - {at: 10m, kind: slowNode, target: {pool: p}, factor: 2, for: 5m}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: big}
spec:
  replicas: 2
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec: {containers: [{name: c, resources: {requests: {cpu: 800m}}}]}
`;

function report() {
  const r = loadText(SCENARIO, 't.yaml', { requireScenario: true });
  expect(r.ok).toBe(true);
  return buildRunReport(simulate(r.input));
}

describe('numbers a newcomer reads without the docs', () => {
  it('prints prices as given and durations in one format', () => {
    expect(usd(0.096)).toBe('$0.096');
    expect(usd(0.0042)).toBe('$0.0042');
    expect(usd(12.5)).toBe('$12.50');
    expect(secondsText(150)).toBe('2m30s');
    expect(secondsText(8.3334)).toBe('8.333s');
    expect(secondsText(0.15)).toBe('150ms');
  });

  it('says the cost leaves out the warm-up, and that pods still pending are not in the pending time', () => {
    const r = report();
    const summary = renderSummary(r);
    expect(summary).toMatch(/cost\s+\$0\.08 over 50m0s after the 10m0s warm-up, which is not counted/);
    expect(summary).toMatch(/over the 1 pods bound; 1 still pending at the end are not included/);
  });
});

describe('nothing dropped in silence', () => {
  it('lists fields and fault kinds that were not simulated in the report, JSON and Markdown', () => {
    const r = report();
    const messages = r.warnings.map((w) => `${w.file}:${w.line}: ${w.message}`);
    expect(messages).toContain('t.yaml:8: field "spec.replications" is not simulated yet, ignored');
    expect(messages.some((m) => /slowNode slows the requests .* it changes nothing/.test(m))).toBe(true);
    expect(renderMarkdown(r)).toMatch(/## Warnings[\s\S]*slowNode slows the requests/);
    expect(renderSummary(r)).toMatch(/warnings\s+2 \(fields or faults not simulated/);
  });
});
