import { describe, expect, it } from 'vitest';
import type { SeriesStore } from '../../src/monitoring/series-store.js';
import { dashboardPanels, metricNames } from './dashboard.js';
import { INCIDENTS, runWithMetrics } from './fixtures.js';

const DATASOURCE_VARIABLE = ['$', '{datasource}'].join('');
const SUFFIXES = { gauge: [''], counter: ['_total'], histogram: ['_bucket', '_sum', '_count'] } as const;

describe('docs/grafana/kubesim-dashboard.json', () => {
  it('metricNames finds the selected metrics of an expression, not its functions or labels', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (service, le) (rate(x_bucket{code=~"5.."}[5m]))) / on(node) group_left y',
      ),
    ).toEqual(['x_bucket', 'y']);
  });

  it('parses, and has the panels the monitoring docs promise, each on the Prometheus data source', () => {
    const panels = dashboardPanels();
    expect(panels.map((p) => p.title)).toEqual(
      expect.arrayContaining([
        'Nodes by Ready status',
        'Pods by phase',
        'Available replicas',
        'HPA desired replicas',
        'Request rate by code',
        'p99 latency',
        'Node CPU use',
      ]),
    );
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      // Grafana's data source variable, chosen when the dashboard is imported.
      expect(p.datasource).toEqual({ type: 'prometheus', uid: DATASOURCE_VARIABLE });
      expect(p.targets.length).toBeGreaterThan(0);
      expect(new Set(p.targets.map((t) => t.refId)).size).toBe(p.targets.length);
    }
  });

  it("every panel's PromQL names only metrics kubesim writes", async () => {
    const store = (await runWithMetrics(INCIDENTS, { duration: '1m' })).monitoring as SeriesStore;
    const written = new Set(store.families().flatMap((f) => SUFFIXES[f.type].map((s) => f.name + s)));
    for (const p of dashboardPanels())
      for (const t of p.targets) {
        const names = metricNames(t.expr);
        expect(names.length, t.expr).toBeGreaterThan(0);
        for (const name of names) expect(written.has(name), `${p.title}: ${name}`).toBe(true);
      }
  });
});
