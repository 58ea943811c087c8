import { beforeAll, describe, expect, it } from 'vitest';
import { replicasChart } from '../../src/report/charts/autoscaling.js';
import { timeUnit } from '../../src/report/charts/chart.js';
import { costChart } from '../../src/report/charts/cost.js';
import { buildCharts, renderChartSvg } from '../../src/report/charts/index.js';
import { renumberIds } from '../../src/report/charts/render.js';
import type { RunReport } from '../../src/report/json.js';
import { trafficSeries } from '../../src/report/traffic-series.js';
import { HOSTILE_NAME, quickstartReport, trafficFaultReport } from './html-fixtures.js';

/** The inline data of a chart spec (top-level or its first layer). */
function values(spec: unknown): Record<string, unknown>[] {
  const s = spec as {
    data?: { values: Record<string, unknown>[] };
    layer?: { data?: { values: Record<string, unknown>[] } }[];
  };
  return s.data?.values ?? s.layer?.find((l) => l.data)?.data?.values ?? [];
}

describe('buildCharts', () => {
  let quickstart: RunReport;
  let traffic: RunReport;
  beforeAll(async () => {
    quickstart = await quickstartReport();
    traffic = trafficFaultReport();
  }, 120_000);

  it('draws only the charts whose data the report has', () => {
    // The quick start has faults but no traffic and no autoscaling.
    expect(buildCharts(quickstart).map((c) => c.name)).toEqual([
      'availability',
      'nodes',
      'pods',
      'node-utilisation',
      'cost',
    ]);
    expect(buildCharts(traffic).map((c) => c.name)).toEqual([
      'availability',
      'request-availability',
      'nodes',
      'pods',
      'request-rate',
      'errors',
      'latency',
      'latency-percentiles',
      'pod-load',
      'node-utilisation',
      'cost',
    ]);
  });

  it('renders every chart to the same SVG bytes twice, with ids unique to the chart', async () => {
    for (const c of buildCharts(traffic)) {
      const a = await renderChartSvg(c.spec, `chart-${c.name}`);
      const b = await renderChartSvg(c.spec, `chart-${c.name}`);
      expect(a, c.name).toBe(b);
      expect(a).toMatch(/^<svg /);
      for (const [, id] of a.matchAll(/\bid="([^"]+)"/g))
        expect(id?.startsWith(`chart-${c.name}-`)).toBe(true);
    }
  });

  it('escapes the text it draws', async () => {
    const hostile = {
      ...quickstart,
      series: {
        ...quickstart.series,
        series: quickstart.series.series.map((s) =>
          s.metric === 'kubesim_workload_pods_available' ? { ...s, labels: { workload: HOSTILE_NAME } } : s,
        ),
      },
    };
    const chart = buildCharts(hostile).find((c) => c.name === 'availability');
    const svg = await renderChartSvg(chart?.spec as never, 'x');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;');
  });

  it('marks each fault with a rule and each incident with a band until it recovered', () => {
    const chart = buildCharts(quickstart).find((c) => c.name === 'availability');
    if (!chart) throw new Error('no availability chart');
    const layers = (
      chart.spec as unknown as {
        layer: { mark: { type: string }; data: { values: Record<string, number>[] } }[];
      }
    ).layer;
    const band = layers.find((l) => l.mark.type === 'rect');
    const rule = layers.find((l) => l.mark.type === 'rule');
    const incident = quickstart.incidents?.[0];
    expect(incident?.timeToRecoverSeconds).not.toBeNull();
    expect(band?.data.values[0]?.from).toBeCloseTo((incident?.atSeconds ?? 0) / 60, 3);
    expect(band?.data.values[0]?.to).toBeCloseTo(
      ((incident?.atSeconds ?? 0) + (incident?.timeToRecoverSeconds ?? 0)) / 60,
      3,
    );
    expect(rule?.data.values.map((v) => v.t)).toEqual(quickstart.faults.map((f) => f.atSeconds / 60));
  });

  it('adds the cost rate up to the cost of the window plus the warm-up', () => {
    const rows = values(costChart(quickstart, timeUnit(quickstart.scenario.durationSeconds))?.spec);
    // The last sample is at the end of the run: the cumulative cost there is the whole run's, the
    // window's plus the warm-up's (a fixed cluster pays one rate throughout).
    const whole = (rows.at(-1) as { cumulative: number }).cumulative;
    const perSecond =
      quickstart.cost.total / (quickstart.scenario.durationSeconds - quickstart.scenario.warmupSeconds);
    expect(whole).toBeCloseTo(perSecond * quickstart.scenario.durationSeconds, 2);
  });

  it('rebuilds replicas from the HPA events when the report has no replicas series', () => {
    const r = {
      ...quickstart,
      autoscaling: {
        events: [
          {
            at: '10m0s',
            atSeconds: 600,
            kind: 'hpa' as const,
            hpa: 'default/web',
            target: 'deployment/default/frontend',
            from: 3,
            to: 5,
            reason: 'up',
          },
          {
            at: '1h0m0s',
            atSeconds: 3600,
            kind: 'hpa' as const,
            hpa: 'default/web',
            target: 'deployment/default/frontend',
            from: 5,
            to: 4,
            reason: 'down',
          },
        ],
      },
    };
    const chart = replicasChart(r, timeUnit(r.scenario.durationSeconds));
    const rows = values(chart?.spec).filter((v) => v.series === 'replicas default/frontend');
    expect(rows.map((v) => [v.t, v.value])).toEqual([
      [0, 3],
      [10, 5],
      [60, 4],
      [240, 4],
    ]);
    // The target's available pods are drawn beside them.
    expect(values(chart?.spec).some((v) => v.series === 'available default/frontend')).toBe(true);
    expect(replicasChart(quickstart, timeUnit(14400))).toBeUndefined();
  });
});

describe('trafficSeries', () => {
  const minute = (t: number, offered: number, p99: number | null, readyPods: number) => ({
    t,
    offered,
    served: offered - 1,
    failed: 1,
    p99,
    readyPods,
  });
  it('adds counts over a step of several minutes, keeps the largest p99 and the last ready pods', () => {
    const s = trafficSeries(
      'default/a',
      [minute(0, 10, 5, 2), minute(60, 20, null, 3), minute(120, 30, 7, 4)],
      120,
    );
    expect(s).toEqual({
      service: 'default/a',
      atSeconds: [0, 120],
      offered: [30, 30],
      served: [28, 29],
      failed: [2, 1],
      p99Ms: [5, 7],
      readyPods: [3, 4],
    });
  });
});

describe('renumberIds', () => {
  it('renames ids and their references in order of appearance', () => {
    const svg =
      '<clipPath id="clip7"/><g clip-path="url(#clip7)"/><linearGradient id="g3"/><use href="#g3"/>';
    expect(renumberIds(svg, 'c')).toBe(
      '<clipPath id="c-1"/><g clip-path="url(#c-1)"/><linearGradient id="c-2"/><use href="#c-2"/>',
    );
  });
});
