import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Figures } from '../../src/planner/figures.js';
import { compareRuns, verdict } from '../../src/planner/paired-comparison.js';
import { pairedDifference } from '../../src/planner/statistics.js';
import type { HeadlineFigure } from '../../src/report/replications-headline.js';
import { runCli } from '../cli/run-cli.js';

const P99: HeadlineFigure = {
  path: 'traffic.services[default/cart].latencyMs.p99',
  label: 'default/cart p99',
  unit: 'ms',
  better: 'lower',
};
const AVAILABILITY: HeadlineFigure = {
  path: 'availability.pods',
  label: 'pod availability',
  unit: 'ratio',
  better: 'higher',
};

const samples = (path: string, values: (number | undefined)[]): Figures[] =>
  values.map((v) => new Map(v === undefined ? [] : [[path, v]]));

describe('compareRuns', () => {
  it('pairs the runs seed by seed and gives the paired t interval and p-value', () => {
    const base = [120, 131, 118, 140, 125];
    const variant = [101, 115, 99, 119, 108];
    const [c] = compareRuns(
      [P99],
      { label: 'None', samples: samples(P99.path, base) },
      { label: 'ClientIP', samples: samples(P99.path, variant) },
    );
    const d = pairedDifference(base, variant);
    expect(c).toMatchObject({ metric: P99.path, baseline: 'None', variant: 'ClientIP' });
    expect(c?.difference.mean).toBeCloseTo(d.mean, 6);
    expect(c?.difference.ci95Low).toBeCloseTo(d.ci95Low, 6);
    expect(c?.pValue).toBeCloseTo(d.pValue, 6);
    expect(c?.pValue).toBeLessThan(0.001);
    expect(c?.verdict).toMatch(
      /^default\/cart p99: −18\.4 ms \[−\d+(\.\d+)? ms, −\d+(\.\d+)? ms\], better \(p < 0\.001\)$/,
    );
  });

  it('drops the pairs where either side lacks the figure', () => {
    const [c] = compareRuns(
      [P99],
      { label: 'a', samples: samples(P99.path, [10, undefined, 12]) },
      { label: 'b', samples: samples(P99.path, [11, 14, undefined]) },
    );
    expect(c?.difference.mean).toBe(1);
    expect(c?.verdict).toBe('default/cart p99: one paired run only, no test (+1 ms)');
  });

  it('leaves out a metric neither side has', () => {
    expect(
      compareRuns([P99], { label: 'a', samples: [new Map()] }, { label: 'b', samples: [new Map()] }),
    ).toEqual([]);
  });
});

describe('verdict', () => {
  it('says worse when a higher-is-better figure falls significantly', () => {
    const v = verdict(AVAILABILITY, { mean: -0.002, ci95Low: -0.003, ci95High: -0.001 }, 0.004, 10);
    expect(v).toBe('pod availability: −0.20% [−0.30%, −0.10%], worse (p = 0.004)');
  });

  it('says no significant difference when the interval holds 0', () => {
    const v = verdict(P99, { mean: 2, ci95Low: -1, ci95High: 5 }, 0.2, 10);
    expect(v).toBe('default/cart p99: no significant difference (+2 ms [−1 ms, +5 ms], p = 0.200)');
  });

  it('says when the runs did not differ at all', () => {
    expect(verdict(P99, { mean: 0, ci95Low: 0, ci95High: 0 }, 1, 10)).toBe(
      'default/cart p99: no difference in any run',
    );
  });
});

describe('kubesim compare --replications', () => {
  const SCENARIO = 'models/traffic/cart-affinity.yaml';
  const VARY = 'spec.services.cart.loadBalancing=round-robin,kube-proxy';

  it('runs every variant on the same seeds and finds affinity’s lower p99 significant', async () => {
    const r = await runCli(
      'compare',
      SCENARIO,
      '--vary',
      VARY,
      '--duration',
      '4m',
      '--replications',
      '3',
      '--format',
      'json',
    );
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.exitCode).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.replications).toEqual({ count: 3, seeds: [7, 8, 9] });
    for (const v of c.variants) expect(v.report.scenario.seed).toBe(7);
    const p99 = c.comparisons.find(
      (x: { metric: string }) => x.metric === 'traffic.services[default/cart].latencyMs.p99',
    );
    expect(p99.baseline).toBe('spec.services.cart.loadBalancing=round-robin');
    expect(p99.variant).toBe('spec.services.cart.loadBalancing=kube-proxy');
    expect(p99.difference.ci95High).toBeLessThan(0);
    expect(p99.pValue).toBeLessThan(0.05);
    expect(p99.verdict).toMatch(/better/);
    // The variant's own statistics are there too.
    expect(c.variants[1].statistics['availability.pods'].n).toBe(3);
  });

  it('gives identical variants no difference in any run: the seeds are common random numbers', async () => {
    const r = await runCli(
      'compare',
      SCENARIO,
      '--vary',
      'spec.services.cart.loadBalancing=kube-proxy,kube-proxy',
      '--duration',
      '3m',
      '--replications',
      '2',
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/paired over 2 seeds \(7, 8\): variant − \(1\)/);
    expect(r.stdout).toMatch(/default\/cart p99: no difference in any run/);
    expect(r.stdout).not.toMatch(/significant|better|worse/);
  });
});

describe('compareRuns properties', () => {
  const values = fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 2, maxLength: 12 });

  it('swapping baseline and variant negates the difference and keeps the p-value', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const n = Math.min(a.length, b.length);
        const x = { label: 'x', samples: samples(P99.path, a.slice(0, n)) };
        const y = { label: 'y', samples: samples(P99.path, b.slice(0, n)) };
        const [forward] = compareRuns([P99], x, y);
        const [backward] = compareRuns([P99], y, x);
        expect(forward?.difference.mean).toBeCloseTo(-(backward?.difference.mean ?? 0), 5);
        expect(forward?.difference.ci95Low).toBeCloseTo(-(backward?.difference.ci95High ?? 0), 5);
        expect(forward?.pValue).toBeCloseTo(backward?.pValue ?? 0, 5);
        const low = forward?.difference.ci95Low ?? 0;
        const high = forward?.difference.ci95High ?? 0;
        expect(low).toBeLessThanOrEqual(high);
        // Significant (better or worse) exactly when the interval leaves out 0.
        expect(/better|worse/.test(forward?.verdict ?? '')).toBe(low > 0 || high < 0);
      }),
      { numRuns: 200 },
    );
  });

  it('a variant identical to the baseline never differs', () => {
    fc.assert(
      fc.property(values, (a) => {
        const side = { label: 'x', samples: samples(P99.path, a) };
        const [c] = compareRuns([P99], side, { ...side, label: 'y' });
        expect(c?.difference).toEqual({ mean: 0, ci95Low: 0, ci95High: 0 });
        expect(c?.pValue).toBe(1);
        expect(c?.verdict).toBe('default/cart p99: no difference in any run');
      }),
      { numRuns: 100 },
    );
  });
});
