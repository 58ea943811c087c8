import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { evaluateRules, type FiredAlert } from '../../src/monitoring/alerts.js';
import type { Expr } from '../../src/monitoring/promql/parse.js';
import { parseRuleFile, type RuleGroup } from '../../src/monitoring/rules.js';
import type { SeriesStore } from '../../src/monitoring/series-store.js';
import { hasSystemBinary } from '../support/system-binary.js';
import { runWithMetrics } from './fixtures.js';
import { storeOf } from './promql-fixtures.js';

/**
 * Cross-check with the real tool: the store's samples become `promtool test rules` input series,
 * kubesim's firing alerts at every evaluation become the expected alerts, and promtool must agree.
 */
const MIN = 60_000;
const RULES = fileURLToPath(new URL('../../models/monitoring/alerting.rules.yml', import.meta.url));
const ALERTING = fileURLToPath(new URL('../../models/monitoring/alerting.yaml', import.meta.url));
const hasPromtool = hasSystemBinary('promtool');

function selectedNames(e: Expr, out = new Set<string>()): Set<string> {
  if (e.type === 'selector') out.add(e.name ?? '');
  else if (e.type === 'call') for (const a of e.args) selectedNames(a, out);
  else if (e.type === 'aggregate') selectedNames(e.expr, out);
  else if (e.type === 'binary') {
    selectedNames(e.lhs, out);
    selectedNames(e.rhs, out);
  } else if (e.type === 'unary' || e.type === 'paren') selectedNames(e.expr, out);
  return out;
}

/** `promtool test rules` input: the series on the store's regular scrape grid, and the expectations. */
function promtoolTest(
  ruleFile: string,
  groups: RuleGroup[],
  store: SeriesStore,
  alerts: FiredAlert[],
  endMs: number,
): string {
  const times = store.scrapeTimes;
  const interval = (times[1] as number) - (times[0] as number);
  const grid = times.filter((t) => t <= endMs);
  expect(grid.every((t, i) => t === i * interval)).toBe(true);
  const names = new Set(groups.flatMap((g) => g.rules.flatMap((r) => [...selectedNames(r.expr)])));
  const input_series = [...names].flatMap((name) =>
    store.select(name).map((s) => {
      const byTime = new Map(s.samples(0, endMs).map((p) => [p.t, p.v]));
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      return {
        series: `${name}{${labels.join(',')}}`,
        values: grid.map((t) => (byTime.has(t) ? String(byTime.get(t)) : '_')).join(' '),
      };
    }),
  );
  const alertNames = [
    ...new Set(groups.flatMap((g) => g.rules.filter((r) => r.kind === 'alert').map((r) => r.name))),
  ];
  const alert_rule_test = [];
  for (let t = 0; t <= endMs; t += MIN)
    for (const alertname of alertNames)
      alert_rule_test.push({
        eval_time: `${t / 1000}s`,
        alertname,
        exp_alerts: alerts
          .filter(
            (a) =>
              a.alert === alertname && a.firedAtMs <= t && (a.resolvedAtMs === null || a.resolvedAtMs > t),
          )
          .map((a) => ({ exp_labels: a.labels })),
      });
  return stringify({
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: [{ interval: `${interval / 1000}s`, input_series, alert_rule_test }],
  });
}

function promtoolAgrees(ruleFile: string, store: SeriesStore, endMs: number): FiredAlert[] {
  const { groups, diagnostics } = parseRuleFile(readFileSync(ruleFile, 'utf8'), ruleFile);
  expect(diagnostics).toEqual([]);
  const { alerts, failures } = evaluateRules(groups, store, endMs);
  expect(failures).toEqual([]);
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-promtool-'));
  const testFile = join(dir, 'test.yml');
  writeFileSync(testFile, promtoolTest(ruleFile, groups, store, alerts, endMs));
  const r = spawnSync('promtool', ['test', 'rules', testFile], { encoding: 'utf8', maxBuffer: 64e6 });
  expect(`${r.stdout}${r.stderr}`.slice(0, 4000)).toContain('SUCCESS');
  expect(r.status).toBe(0);
  return alerts;
}

describe.skipIf(!hasPromtool)('promtool test rules agrees with kubesim', () => {
  it('for:, keep_firing_for, counters, histograms, set operators on synthetic series', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-rules-'));
    const file = join(dir, 'rules.yml');
    writeFileSync(
      file,
      `groups:
  - name: g
    rules:
      - alert: Down
        expr: up == 0
        for: 3m
        keep_firing_for: 2m
      - alert: Errors
        expr: sum by (svc) (rate(req_total{code=~"5.."}[5m])) / sum by (svc) (rate(req_total[5m])) > 0.1
        for: 1m
      - record: svc:p90
        expr: histogram_quantile(0.9, sum by (le, svc) (increase(lat_bucket[5m])))
      - alert: Slow
        expr: svc:p90 > 0.4 unless on(svc) absent(up{svc="b"})
      - alert: Flapping
        expr: changes(up[10m]) > bool 1 == 1 or irate(req_total{code="200"}[2m]) < 0.5
`,
    );
    const n = 60;
    const up = Array.from({ length: n }, (_, i) => ((i >= 10 && i < 18) || (i >= 30 && i < 33) ? 0 : 1));
    let ok = 0;
    let bad = 0;
    const okValues: number[] = [];
    const badValues: number[] = [];
    for (let i = 0; i < n; i++) {
      ok += i % 7 === 0 ? 0 : 60;
      bad += i > 20 && i < 40 ? 20 : 1;
      okValues.push(i === 45 ? 3 : ok); // a counter reset at 45 min
      badValues.push(bad);
    }
    const lat = (le: string, f: (i: number) => number) => ({
      name: 'lat_bucket',
      type: 'histogram' as const,
      labels: { svc: 'a', le },
      values: Array.from({ length: n }, (_, i) => f(i)),
    });
    const store = storeOf(MIN, [
      { name: 'up', type: 'gauge', labels: { svc: 'a' }, values: up },
      { name: 'req_total', type: 'counter', labels: { svc: 'a', code: '200' }, values: okValues },
      { name: 'req_total', type: 'counter', labels: { svc: 'a', code: '500' }, values: badValues },
      lat('0.1', (i) => 10 * i),
      lat('0.5', (i) => 10 * i + (i > 25 ? 5 * (i - 25) : 1) * 2),
      lat('+Inf', (i) => 10 * i + (i > 25 ? 5 * (i - 25) : 1) * 3),
    ]);
    const alerts = promtoolAgrees(file, store, (n - 1) * MIN);
    expect(new Set(alerts.map((a) => a.alert))).toEqual(new Set(['Down', 'Errors', 'Slow', 'Flapping']));
  });

  it('the alerting example rules over the monitoring example run', async () => {
    const result = await runWithMetrics(ALERTING);
    const store = result.monitoring as SeriesStore;
    const end = (store.scrapeTimes[store.scrapeTimes.length - 1] as number) - MIN;
    const alerts = promtoolAgrees(RULES, store, Math.floor(end / MIN) * MIN);
    expect(new Set(alerts.map((a) => a.alert))).toEqual(
      new Set(['KubeNodeNotReady', 'KubePodCrashLooping', 'PodCpuAboveRequest']),
    );
  }, 120_000);
});
