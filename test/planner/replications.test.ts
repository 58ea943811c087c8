import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/manifests/index.js';
import type { ClusterInput } from '../../src/model/cluster-input.js';
import {
  figureStatistics,
  replicate,
  replicationSeeds,
  sloIntervalWarnings,
} from '../../src/planner/replications.js';
import { meanInterval, replicationsForHalfWidth } from '../../src/planner/statistics.js';
import { buildRunReport, type RunReport, serializeRunReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSummary } from '../../src/report/summary.js';
import { simulate } from '../../src/sim/simulate.js';

describe('replicationSeeds', () => {
  it('counts up from the first seed', () => {
    expect(replicationSeeds(42, 4)).toEqual([42, 43, 44, 45]);
  });
});

describe('figureStatistics', () => {
  it('gives each path the Student-t interval of its values', () => {
    const s = figureStatistics([new Map([['a', 1]]), new Map([['a', 2]]), new Map([['a', 4]])]);
    const e = meanInterval([1, 2, 4]);
    expect(s.a?.n).toBe(3);
    expect(s.a?.mean).toBeCloseTo(e.mean, 6);
    expect(s.a?.stdev).toBeCloseTo(e.stdev, 6);
    expect(s.a?.ci95Low).toBeCloseTo(e.ci95Low, 6);
    expect(s.a?.ci95High).toBeCloseTo(e.ci95High, 6);
    // t(0.975, 2) = 4.303: the half-width is 4.303 · s / √3.
    expect((s.a?.ci95High ?? 0) - (s.a?.mean ?? 0)).toBeCloseTo((4.3027 * e.stdev) / Math.sqrt(3), 3);
  });

  it('counts a figure only in the runs that have it, keeping the order of first appearance', () => {
    const s = figureStatistics([
      new Map([['a', 1]]),
      new Map([
        ['b', 5],
        ['a', 3],
      ]),
      new Map([
        ['a', 2],
        ['b', 7],
      ]),
    ]);
    expect(Object.keys(s)).toEqual(['a', 'b']);
    expect(s.a?.n).toBe(3);
    expect(s.b).toMatchObject({ n: 2, mean: 6 });
  });
});

/** The cart-affinity report with its SLO values replaced, for the warning's arithmetic. */
function reportWithSlo(): RunReport {
  const r = JSON.parse(readFileSync('test/golden/quickstart.json', 'utf8')) as RunReport;
  return {
    ...r,
    traffic: {
      services: [],
      slo: [
        { objective: 'availability', target: 0.999, value: 0.999, met: true },
        { objective: 'latency.p99', target: 250, value: 240, met: true },
      ],
    },
  };
}

describe('sloIntervalWarnings', () => {
  it('warns when the target lies inside the interval and says how many replications would settle it', () => {
    const stats = {
      'traffic.slo[latency.p99].value': { n: 10, mean: 245, stdev: 12, ci95Low: 236.4, ci95High: 253.6 },
      'traffic.slo[availability].value': {
        n: 10,
        mean: 0.9995,
        stdev: 0.0002,
        ci95Low: 0.9993,
        ci95High: 0.9996,
      },
    };
    const warnings = sloIntervalWarnings(reportWithSlo(), stats);
    expect(warnings).toHaveLength(1);
    const needed = replicationsForHalfWidth(12, 5) as number;
    expect(needed).toBeGreaterThan(10);
    expect(warnings[0]).toMatch(/^SLO latency\.p99 ≤ 250 ms: the 95% interval over 10 replications/);
    expect(warnings[0]).toContain(`about ${needed} replications would narrow it to ±5 ms`);
  });

  it('warns about an availability target too, in percent', () => {
    const stats = {
      'traffic.slo[availability].value': {
        n: 5,
        mean: 0.9992,
        stdev: 0.0004,
        ci95Low: 0.9987,
        ci95High: 0.9997,
      },
    };
    const [w] = sloIntervalWarnings(reportWithSlo(), stats);
    expect(w).toMatch(/^SLO availability ≥ 99\.900%: .*\[99\.870%, 99\.970%\]/);
    expect(w).toMatch(/narrow it to ±0\.020%/);
  });

  it('says nothing when every target is outside its interval', () => {
    const stats = {
      'traffic.slo[latency.p99].value': { n: 10, mean: 200, stdev: 12, ci95Low: 191.4, ci95High: 208.6 },
    };
    expect(sloIntervalWarnings(reportWithSlo(), stats)).toEqual([]);
  });
});

describe('replicate on the quickstart', () => {
  let input: ClusterInput;
  beforeAll(async () => {
    const loaded = await loadFiles(['models/quickstart.yaml'], { requireScenario: true });
    expect(loaded.ok).toBe(true);
    input = loaded.input;
  });
  const runOne = (seed: number) => buildRunReport(simulate(input, { seed, duration: '1h' }));

  it('runs seed, seed + 1, … and keeps the first seed’s report as one run writes it', async () => {
    const seen: number[] = [];
    const r = await replicate(3, 42, runOne, (done) => seen.push(done));
    expect(r.seeds).toEqual([42, 43, 44]);
    expect(seen).toEqual([1, 2, 3]);
    expect(serializeRunReport(r.first)).toBe(serializeRunReport(runOne(42)));
    const pods = [42, 43, 44].map((s) => runOne(s).availability.pods);
    const e = meanInterval(pods);
    expect(r.statistics['availability.pods']).toMatchObject({ n: 3 });
    expect(r.statistics['availability.pods']?.mean).toBeCloseTo(e.mean, 6);
    expect(r.statistics['availability.pods']?.ci95High).toBeCloseTo(e.ci95High, 6);
    expect(r.samples.map((s) => s.get('availability.pods'))).toEqual(pods);
  });

  it('gives the same statistics for the same seeds', async () => {
    const a = await replicate(2, 7, runOne);
    const b = await replicate(2, 7, runOne);
    expect(JSON.stringify(a.statistics)).toBe(JSON.stringify(b.statistics));
  });

  it('refuses a count below one', async () => {
    await expect(replicate(0, 1, runOne)).rejects.toThrow(/integer >= 1: current value is 0/);
  });
});

describe('the summary and Markdown of a replicated run', () => {
  const base = JSON.parse(readFileSync('test/golden/quickstart.json', 'utf8')) as RunReport;
  const report: RunReport = {
    ...base,
    replications: { count: 4, seeds: [42, 43, 44, 45], warnings: ['SLO latency.p99 ≤ 250 ms: not settled'] },
    statistics: {
      'availability.pods': { n: 4, mean: 0.9956, stdev: 0.001, ci95Low: 0.9949, ci95High: 0.9962 },
      'availability.workloads[default/cart].availability': {
        n: 3,
        mean: 0.998,
        stdev: 0.001,
        ci95Low: 0.996,
        ci95High: 0.9999,
      },
      'cost.total': { n: 4, mean: 2.26, stdev: 0, ci95Low: 2.26, ci95High: 2.26 },
    },
  };

  it('shows each headline figure as mean [low, high], with the runs that had it when not all did', () => {
    const text = renderSummary(report);
    expect(text).toContain(
      'over 4 replications (seeds 42…45; the table above is seed 42), mean [95% interval]:',
    );
    expect(text).toMatch(/pod availability\s+99\.56% \[99\.49%, 99\.62%\]/);
    expect(text).toMatch(/default\/cart pod availability\s+99\.80% \[99\.60%, 99\.99%\] \(in 3 of 4 runs\)/);
    expect(text).toMatch(/cost\s+\$2\.26 \[\$2\.26, \$2\.26\]/);
    expect(text).toMatch(/warning\s+SLO latency\.p99 ≤ 250 ms: not settled/);
    // A headline figure with no statistics (frontend here) is left out rather than shown as 0.
    expect(text).not.toMatch(/default\/frontend pod availability/);
  });

  it('adds a Replications section to the Markdown, and nothing to a single run', () => {
    const md = renderMarkdown(report);
    expect(md).toContain(
      '## Replications\n\n4 runs with seeds 42…45; the rest of this report is the run with seed 42.',
    );
    expect(md).toContain('| pod availability | 99.56% [99.49%, 99.62%] |');
    expect(md).toContain('- SLO latency.p99 ≤ 250 ms: not settled');
    expect(renderMarkdown(base)).not.toContain('## Replications');
    expect(renderSummary(base)).not.toContain('replications');
  });
});

describe('figureStatistics properties', () => {
  it('keeps the mean inside its interval and counts the runs that have each figure', () => {
    const run = fc.dictionary(
      fc.constantFrom('a', 'b', 'c'),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 15 }), (runs) => {
        const stats = figureStatistics(runs.map((r) => new Map(Object.entries(r))));
        for (const [path, e] of Object.entries(stats)) {
          expect(e.n).toBe(runs.filter((r) => path in r).length);
          expect(e.ci95Low).toBeLessThanOrEqual(e.mean);
          expect(e.mean).toBeLessThanOrEqual(e.ci95High);
          expect(e.stdev).toBeGreaterThanOrEqual(0);
        }
        expect(Object.keys(stats).sort()).toEqual([...new Set(runs.flatMap((r) => Object.keys(r)))].sort());
      }),
      { numRuns: 200 },
    );
  });
});
