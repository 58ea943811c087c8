import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../../src/manifests/index.js';
import { buildRunReport } from '../../../src/report/json.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { runReportSchema } from '../../../src/report/schema.js';
import { simulate } from '../../../src/sim/simulate.js';

describe('models/autoscaling/flash-crowd-ca.yaml', () => {
  it('shows the ramp, the pending period and the cost against a fixed cluster', async () => {
    const loaded = await loadFiles(['models/autoscaling/flash-crowd-ca.yaml'], { requireScenario: true });
    expect(loaded.diagnostics).toEqual([]);
    const result = simulate(loaded.input);
    const fixed = simulate(loaded.input, { autoscaling: false });
    const report = buildRunReport(result, fixed);
    expect(runReportSchema.safeParse(report).error).toBeUndefined();
    const events = report.autoscaling?.events ?? [];
    const ca = events.filter((e) => e.kind === 'clusterAutoscaler');
    const ups = ca.filter((e) => e.reason.startsWith('TriggeredScaleUp'));
    // Down to min before the crowd, up only after it (20 min) and the HPA's first scale-up, to 5 nodes.
    expect(ca.slice(0, 3).map((e) => [e.atSeconds, e.to])).toEqual([
      [610, 4],
      [610, 3],
      [610, 2],
    ]);
    const firstHpaUp = events.find((e) => e.kind === 'hpa' && e.to > e.from);
    expect(ups[0]?.atSeconds).toBeGreaterThan(firstHpaUp?.atSeconds ?? Number.POSITIVE_INFINITY);
    expect(Math.max(...ups.map((e) => e.to))).toBe(5);
    expect(ca.at(-1)?.to).toBe(2);
    // The pending period: pods wait while nodes provision, and none wait at the end.
    const pending = report.series.series.find(
      (s) => s.metric === 'kube_pod_status_phase' && s.labels.phase === 'Pending',
    );
    const pendingMinutes = (pending?.values ?? [])
      .map((v, i) => [i, v] as const)
      .filter(([i, v]) => i > 0 && v > 0); // at 0 s nothing is scheduled yet
    expect(pendingMinutes.length).toBeGreaterThan(0);
    expect(pendingMinutes[0]?.[0]).toBeGreaterThanOrEqual(20);
    expect(pending?.values.at(-1)).toBe(0);
    // Nodes per pool and the cost rate follow the groups' size.
    const nodes = report.series.series.find(
      (s) => s.metric === 'kubesim_node_pool_nodes' && s.labels.state === 'registered',
    );
    expect(Math.max(...(nodes?.values ?? []))).toBe(5);
    expect(nodes?.values.at(-1)).toBe(2);
    // Against the fixed cluster (5 nodes throughout): cheaper, and the run without autoscalers has no events.
    expect(fixed.autoscaling).toBeNull();
    expect(report.autoscaling?.withoutAutoscaling?.cost.nodeHours).toBeCloseTo(5 * (78 / 60), 6);
    expect(report.autoscaling?.withoutAutoscaling?.costSaved).toBeGreaterThan(0);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('### Against a fixed cluster');
    // The ramp and the pending period as series, and the scale-ups against the SLO.
    const series = report.autoscaling?.series;
    const shop = series?.workloads[0];
    expect(shop?.workload).toBe('default/shop');
    expect(Math.max(...(shop?.replicas ?? []))).toBe(30);
    expect(Math.max(...(shop?.pendingPods ?? []))).toBeGreaterThan(0);
    expect(series?.nodePools[0]?.registered).toEqual(nodes?.values);
    expect(series?.costPerHour?.[0]).toBeCloseTo(5 * 0.096, 6);
    const scaleUps = report.autoscaling?.scaleUps ?? [];
    expect(scaleUps[0]?.from).toBe(3);
    // The first scale-up waits for nodes: longer than the pods' 20 s start-up.
    expect(scaleUps[0]?.readySeconds ?? 0).toBeGreaterThan(60);
    expect(scaleUps[0]?.service).toBe('default/shop');
    expect(markdown).toContain('### Scale-ups against the SLO');
    expect(markdown).toContain('### Over time');
  });
});
