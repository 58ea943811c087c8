import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/manifests/index.js';
import { reportFigures } from '../../src/planner/figures.js';
import { buildRunReport, type RunReport } from '../../src/report/json.js';
import { headlineFigures } from '../../src/report/replications-headline.js';
import { simulate } from '../../src/sim/simulate.js';

const quickstart = (): RunReport =>
  JSON.parse(readFileSync('test/golden/quickstart.json', 'utf8')) as RunReport;

describe('reportFigures on the quickstart report', () => {
  const report = quickstart();
  const figures = reportFigures(report);

  it('keys plain fields by their dotted path', () => {
    expect(figures.get('availability.pods')).toBe(report.availability.pods);
    expect(figures.get('cost.total')).toBe(report.cost.total);
    expect(figures.get('scheduling.pendingSeconds.p95')).toBe(report.scheduling.pendingSeconds.p95);
    expect(figures.get('engine.eventsFired')).toBe(report.engine.eventsFired);
  });

  it('keys named list elements by their name and records by their key', () => {
    const frontend = report.availability.workloads.find((w) => w.workload === 'default/frontend');
    expect(figures.get('availability.workloads[default/frontend].availability')).toBe(frontend?.availability);
    const node = report.utilisation.nodes[3];
    expect(figures.get(`utilisation.nodes[${node?.node}].cpuRequested`)).toBe(node?.cpuRequested);
    expect(figures.get('cluster.nodePools[general].pricePerHour')).toBe(0.096);
    expect(figures.get('cost.byPool.general.cost')).toBe(report.cost.byPool.general?.cost);
  });

  it('leaves out inputs, unnamed lists, strings and booleans', () => {
    const paths = [...figures.keys()];
    expect(paths.some((p) => p.startsWith('scenario.'))).toBe(false);
    expect(paths.some((p) => p.startsWith('series'))).toBe(false);
    expect(paths.some((p) => p.startsWith('schemaVersion'))).toBe(false);
    expect(
      paths.some((p) => p.startsWith('faults') || p.startsWith('incidents[') || p.startsWith('timeline[')),
    ).toBe(false);
    // availablePodsTimeFraction is a plain list of numbers: no name, so skipped.
    expect(paths.some((p) => p.includes('availablePodsTimeFraction'))).toBe(false);
    expect([...figures.values()].every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
  });

  it('follows the report key order, so the same report gives the same order', () => {
    const paths = [...figures.keys()];
    expect(paths.indexOf('cluster.nodesInitial')).toBeLessThan(paths.indexOf('cost.total'));
    expect(paths.indexOf('cost.total')).toBeLessThan(paths.indexOf('availability.pods'));
    expect([...reportFigures(quickstart()).keys()]).toEqual(paths);
  });

  it('skips a list whose names repeat rather than mixing two elements under one path', () => {
    const r = quickstart();
    const w = r.availability.workloads[0];
    if (!w) throw new Error('quickstart has workloads');
    r.availability.workloads.push({ ...w });
    const paths = [...reportFigures(r).keys()];
    expect(paths.some((p) => p.startsWith('availability.workloads'))).toBe(false);
    expect(paths).toContain('availability.pods');
  });

  it('gives every element the same path wherever it sits in its list (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), (keys) => {
        const r = quickstart();
        const order = r.utilisation.nodes.map((_n, i) => ({ i, k: keys[i] ?? 0 }));
        order.sort((a, b) => a.k - b.k || a.i - b.i);
        r.utilisation.nodes = order.map(
          ({ i }) => r.utilisation.nodes[i] as RunReport['utilisation']['nodes'][0],
        );
        const shuffled = reportFigures(r);
        expect(shuffled.size).toBe(figures.size);
        for (const [path, value] of figures) expect(shuffled.get(path)).toBe(value);
      }),
      { numRuns: 20 },
    );
  });
});

describe('reportFigures and headlineFigures with traffic', () => {
  let report: RunReport;
  beforeAll(async () => {
    const { input, ok } = await loadFiles(['models/traffic/cart-affinity.yaml'], { requireScenario: true });
    expect(ok).toBe(true);
    report = buildRunReport(simulate(input, { duration: '4m' }));
  });

  it('keys Services and SLO objectives by name', () => {
    const figures = reportFigures(report);
    const cart = report.traffic?.services[0];
    expect(cart?.service).toBe('default/cart');
    expect(figures.get('traffic.services[default/cart].latencyMs.p99')).toBe(cart?.latencyMs.p99);
    expect(figures.get('traffic.services[default/cart].offered')).toBe(cart?.offered);
    expect(figures.get('traffic.slo[latency.p99].value')).toBe(
      report.traffic?.slo.find((o) => o.objective === 'latency.p99')?.value,
    );
    expect(figures.get('traffic.slo[availability].target')).toBe(0.999);
  });

  it('names headline figures that all exist in the report', () => {
    const figures = reportFigures(report);
    const headline = headlineFigures(report);
    expect(headline.map((h) => h.label)).toEqual([
      'pod availability',
      'default/cart pod availability',
      'default/cart request availability',
      'default/cart p50',
      'default/cart p99',
      'SLO availability',
      'SLO latency.p99',
      'cost',
    ]);
    for (const h of headline) expect(figures.has(h.path)).toBe(true);
  });
});
