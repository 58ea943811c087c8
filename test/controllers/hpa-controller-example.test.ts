import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/manifests/index.js';
import { buildRunReport } from '../../src/report/json.js';
import { runReportSchema } from '../../src/report/schema.js';
import { simulate } from '../../src/sim/simulate.js';

describe('models/autoscaling/flash-crowd-hpa.yaml', () => {
  it('loads without warnings, and its report shows the HPA following the crowd up and back down', async () => {
    const loaded = await loadFiles(['models/autoscaling/flash-crowd-hpa.yaml'], { requireScenario: true });
    expect(loaded.diagnostics).toEqual([]);
    const report = buildRunReport(simulate(loaded.input));
    expect(runReportSchema.safeParse(report).error).toBeUndefined();
    const events = report.autoscaling?.events ?? [];
    const up = events.filter((e) => e.to > e.from);
    const down = events.filter((e) => e.to < e.from);
    // Up only after the crowd arrives (10 min), to maxReplicas; down only after it leaves (26 min)
    // and the 5-minute stabilisation window, by at most 20 % per minute.
    expect(up[0]?.atSeconds).toBeGreaterThan(600);
    expect(Math.max(...up.map((e) => e.to))).toBe(30);
    expect(down.length).toBeGreaterThan(0);
    expect(down[0]?.atSeconds).toBeGreaterThan(26 * 60 + 300);
    for (const e of down) {
      // The Percent policy: within any 60 s, at most 20 % of the count the period began with.
      const earlier = down.filter(
        (d) => d !== e && d.atSeconds > e.atSeconds - 60 && d.atSeconds < e.atSeconds,
      );
      const start = e.from + earlier.reduce((sum, d) => sum + d.from - d.to, 0);
      expect(e.to).toBeGreaterThanOrEqual(Math.trunc(start * 0.8));
    }
    expect(events.every((e) => e.kind === 'hpa' && e.target === 'deployment/default/shop')).toBe(true);
  });
});
