import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/manifests/diagnostics.js';
import { loadFiles } from '../../src/manifests/index.js';
import { parseRuleFile } from '../../src/monitoring/rules.js';

const messages = (text: string) =>
  parseRuleFile(text, 'r.yml').diagnostics.map((d) => `${d.severity}: ${formatDiagnostic(d)}`);

describe('rule files', () => {
  it('reads groups, defaults and durations', () => {
    const { groups, diagnostics } = parseRuleFile(
      `groups:
  - name: nodes
    interval: 30s
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: NodeDown
        expr: job:up:sum == 0
        for: 5m
        keep_firing_for: 1m
        labels: {severity: page}
        annotations: {summary: down}
  - name: other
    rules: []
`,
      'r.yml',
      120_000,
    );
    expect(diagnostics).toEqual([]);
    expect(groups.map((g) => [g.name, g.intervalMs, g.rules.length])).toEqual([
      ['nodes', 30_000, 2],
      ['other', 120_000, 0],
    ]);
    const alert = groups[0]?.rules[1];
    expect(alert).toMatchObject({
      kind: 'alert',
      name: 'NodeDown',
      forMs: 300_000,
      keepFiringForMs: 60_000,
      labels: { severity: 'page' },
    });
  });

  it('reads a PrometheusRule object, several per file', () => {
    const { groups, diagnostics } = parseRuleFile(
      `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: a}
spec:
  groups:
    - name: a
      rules: [{alert: A, expr: up == 0}]
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: b}
spec:
  groups:
    - name: b
      rules: [{alert: B, expr: up == 1}]
`,
      'r.yml',
    );
    expect(diagnostics).toEqual([]);
    expect(groups.map((g) => g.rules[0]?.name)).toEqual(['A', 'B']);
  });

  // The messages promtool 2.42 prints for the same files (`promtool check rules`), with kubesim's
  // parser's wording after "parse error:".
  it.each([
    [
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x[5m]\n',
      'error: r.yml:5:15: group "g", rule 1, "A": could not parse expression: 1:11: parse error: expected "," or ")" in the arguments of rate()',
    ],
    [
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        for: 5x\n',
      'error: r.yml:6:14: not a valid duration string: "5x"',
    ],
    [
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        exp: up\n',
      'error: r.yml:5:9: yaml: unmarshal errors: field exp not found in type rulefmt.RuleNode',
    ],
    [
      'groups:\n  - name: g\n    rules:\n      - expr: up\n',
      `error: r.yml:4:9: group "g", rule 1, "": one of 'record' or 'alert' must be set`,
    ],
    [
      'groups:\n  - name: g\n    rules:\n      - record: a b\n        expr: up\n',
      'error: r.yml:4:17: group "g", rule 1, "a b": invalid recording rule name: a b',
    ],
    [
      'groups:\n  - name: g\n    rules: []\n  - name: g\n    rules: []\n',
      'error: r.yml:4:11: groupname: "g" is repeated in the same file',
    ],
    [
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: predict_linear(x[1h], 3600) < 0\n      - alert: B\n        expr: up == 0\n',
      `warning: r.yml:5:15: group "g", rule 1, "A": predict_linear() not supported by kubesim's PromQL, rule not evaluated`,
    ],
  ])('%s', (text, want) => {
    // The first message is promtool's; kubesim may go on to report more (as its loader does).
    expect(messages(text)[0]).toBe(want);
  });

  it('warns that label templates are not expanded', () => {
    expect(
      messages(
        'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labels: {who: "{{ $labels.job }}"}\n',
      ),
    ).toEqual([
      'warning: r.yml:6:23: group "g", rule 1, "A": label who: templates are not expanded, the text is used as written',
    ]);
  });

  it('an unsupported function leaves the other rules', () => {
    const r = parseRuleFile(
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: predict_linear(x[1h], 3600) < 0\n      - alert: B\n        expr: up == 0\n',
      'r.yml',
    );
    expect(r.groups[0]?.rules.map((x) => x.name)).toEqual(['B']);
  });

  it('YAML that does not parse: file:line (the yaml package places it a line before promtool)', () => {
    const [m] = messages('groups:\n  - name: g\n    rules:\n     - alert: A\n        expr: up\n');
    expect(m).toBe('error: r.yml:4:15: yaml: Nested mappings are not allowed in compact mappings');
  });
});

describe('spec.monitoring in a Scenario', () => {
  const scenario = (monitoring: string) => `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
spec:
  duration: 10m
  cluster:
    nodePools: [{ name: p, cpu: "2", memory: 4Gi, count: 1 }]
  monitoring:
${monitoring}
`;
  async function load(files: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-rules-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = await loadFiles([join(dir, 's.yaml')], { requireScenario: true });
    return {
      dir,
      r,
      messages: r.diagnostics.map((d) => `${d.severity}: ${formatDiagnostic(d).replace(`${dir}/`, '')}`),
    };
  }

  it('reads the rule files relative to the Scenario, with the intervals', async () => {
    const { r, messages: m } = await load({
      's.yaml': scenario('    ruleFiles: [r.yml]\n    evaluationInterval: 30s\n    scrapeInterval: 15s'),
      'r.yml': 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n',
    });
    expect(m).toEqual([]);
    expect(r.input.scenario?.monitoring).toMatchObject({
      evaluationIntervalMs: 30_000,
      scrapeIntervalMs: 15_000,
    });
    expect(r.input.scenario?.monitoring?.ruleGroups.map((g) => [g.name, g.intervalMs])).toEqual([
      ['g', 30_000],
    ]);
  });

  it('bad input: a rule file that does not parse, a missing file, a bad interval', async () => {
    const { messages: m } = await load({
      's.yaml': scenario('    ruleFiles: [r.yml, missing.yml]\n    evaluationInterval: soon'),
      'r.yml': 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(up\n',
    });
    expect(m).toEqual([
      'error: s.yaml:8:24: Scenario (unnamed): spec.monitoring.ruleFiles[1]: no such file',
      'error: s.yaml:9:25: Scenario (unnamed): spec.monitoring.evaluationInterval: expected a Prometheus duration > 0 such as 30s or 1m, got "soon"',
      'error: r.yml:5:15: group "g", rule 1, "A": could not parse expression: 1:7: parse error: expected ")", found the end',
    ]);
  });

  it('reads PrometheusRule objects among the manifests, without spec.monitoring', async () => {
    const text = `apiVersion: kubesim.dev/v1alpha1
kind: Scenario
spec:
  duration: 10m
  cluster:
    nodePools: [{ name: p, cpu: "2", memory: 4Gi, count: 1 }]
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: r }
spec:
  groups:
    - name: manifests
      rules:
        - alert: A
          expr: up ==
`;
    const { r, messages: m } = await load({ 's.yaml': text });
    expect(m).toEqual([
      'error: s.yaml:16:17: group "manifests", rule 1, "A": could not parse expression: 1:6: parse error: unexpected end of expression',
    ]);
    expect(r.input.scenario).toBeUndefined();
    const ok = await load({ 's.yaml': text.replace('up ==', 'up == 0') });
    expect(ok.messages).toEqual([]);
    expect(
      ok.r.input.scenario?.monitoring?.ruleGroups.map((g) => [g.name, g.intervalMs, g.rules[0]?.name]),
    ).toEqual([['manifests', 60_000, 'A']]);
  });
});
