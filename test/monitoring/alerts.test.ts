import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRules } from '../../src/monitoring/alerts.js';
import { parseRuleFile } from '../../src/monitoring/rules.js';
import { SeriesStore } from '../../src/monitoring/series-store.js';
import { storeOf } from './promql-fixtures.js';

const MIN = 60_000;

function groupsOf(text: string) {
  const r = parseRuleFile(text, 'r.yml');
  expect(r.diagnostics).toEqual([]);
  return r.groups;
}

/** A gauge `x` scraped every `scrapeMs`, 0 before `startMs` and 1 from it until `stopMs`. */
function stepStore(scrapeMs: number, startMs: number, stopMs: number, endMs: number): SeriesStore {
  const store = new SeriesStore();
  store.declare({ name: 'x', type: 'gauge', help: 'test' });
  for (let t = 0; t <= endMs; t += scrapeMs) {
    store.beginScrape(t);
    store.record('x', { node: 'n1' }, t >= startMs && t < stopMs ? 1 : 0);
  }
  return store;
}

describe('for: and keep_firing_for:', () => {
  it('for: 5m at a 1m interval fires between 5 and 6 minutes after its condition starts', () => {
    const groups = groupsOf(
      'groups:\n  - name: g\n    interval: 1m\n    rules:\n      - alert: X\n        expr: x > 0\n        for: 5m\n',
    );
    fc.assert(
      fc.property(
        fc.constantFrom(10_000, 15_000, 30_000, 60_000),
        fc.integer({ min: 0, max: 30 * MIN }),
        (scrape, start) => {
          const { alerts } = evaluateRules(
            groups,
            stepStore(scrape, start, Number.POSITIVE_INFINITY, 60 * MIN),
            60 * MIN,
          );
          expect(alerts).toHaveLength(1);
          const delay = (alerts[0]?.firedAtMs as number) - start;
          expect(delay).toBeGreaterThanOrEqual(5 * MIN);
          expect(delay).toBeLessThan(6 * MIN);
        },
      ),
      { numRuns: 200, seed: 14 },
    );
  });

  it('a condition shorter than for: never fires; for: 0 fires at the first evaluation', () => {
    const rule = (f: string) =>
      groupsOf(
        `groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: x > 0\n        for: ${f}\n`,
      );
    const store = stepStore(30_000, 10 * MIN, 14 * MIN + 30_000, 30 * MIN);
    expect(evaluateRules(rule('5m'), store, 30 * MIN).alerts).toEqual([]);
    expect(evaluateRules(rule('0s'), store, 30 * MIN).alerts).toEqual([
      { alert: 'X', labels: { node: 'n1' }, firedAtMs: 10 * MIN, resolvedAtMs: 15 * MIN, latencyMs: MIN },
    ]);
  });

  it('keep_firing_for keeps it firing after the condition ends', () => {
    const groups = groupsOf(
      'groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: x > 0\n        for: 2m\n        keep_firing_for: 3m\n        labels: {severity: page}\n',
    );
    const { alerts } = evaluateRules(groups, stepStore(30_000, 10 * MIN, 20 * MIN, 40 * MIN), 40 * MIN);
    // Firing at 12m; the condition is gone from 20m; kept while t − 20m < 3m, resolved at 23m.
    expect(alerts).toEqual([
      {
        alert: 'X',
        labels: { node: 'n1', severity: 'page' },
        firedAtMs: 12 * MIN,
        resolvedAtMs: 23 * MIN,
        latencyMs: 3 * MIN,
      },
    ]);
  });

  it('still firing at the end: resolvedAt null; two episodes: two intervals', () => {
    const store = storeOf(MIN, [{ name: 'x', type: 'gauge', values: [1, 1, 0, 0, 1, 1, 1] }]);
    const groups = groupsOf(
      'groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: x == 1\n        for: 1m\n',
    );
    expect(
      evaluateRules(groups, store, 6 * MIN).alerts.map((a) => [
        a.firedAtMs / MIN,
        a.resolvedAtMs && a.resolvedAtMs / MIN,
      ]),
    ).toEqual([
      [1, 2],
      [5, null],
    ]);
  });
});

describe('recording rules', () => {
  it('feed the rules after them', () => {
    const store = storeOf(MIN, [
      { name: 'up', type: 'gauge', labels: { job: 'a', i: '1' }, values: [1, 0, 0, 0] },
      { name: 'up', type: 'gauge', labels: { job: 'a', i: '2' }, values: [1, 1, 0, 0] },
    ]);
    const groups = groupsOf(
      'groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n      - alert: JobDown\n        expr: job:up:sum == 0\n',
    );
    expect(evaluateRules(groups, store, 3 * MIN).alerts).toEqual([
      { alert: 'JobDown', labels: { job: 'a' }, firedAtMs: 2 * MIN, resolvedAtMs: null, latencyMs: MIN },
    ]);
  });

  it('a rule that fails is reported and the others run', () => {
    const store = storeOf(MIN, [{ name: 'up', type: 'gauge', values: [0, 0] }]);
    const groups = groupsOf(
      'groups:\n  - name: g\n    rules:\n      - alert: Bad\n        expr: up[5m]\n      - alert: Down\n        expr: up == 0\n',
    );
    const r = evaluateRules(groups, store, MIN);
    expect(r.failures).toEqual([
      {
        group: 'g',
        rule: 'Bad',
        atMs: 0,
        message: 'rule "Bad" must give an instant vector or a scalar, not a matrix',
      },
    ]);
    expect(r.alerts.map((a) => a.alert)).toEqual(['Down']);
  });
});
