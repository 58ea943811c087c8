import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildRunReport, serializeRunReport } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { runReportSchema } from '../../src/report/schema.js';
import { createRun } from '../../src/sim/run.js';
import { loadInput } from './fixtures.js';

const ALERTING = fileURLToPath(new URL('../../models/monitoring/alerting.yaml', import.meta.url));

describe('the alerting example', async () => {
  const input = await loadInput(ALERTING);
  const result = createRun(input).finish();
  const report = buildRunReport(result);

  it('collects the series without --metrics-out and reports the alerts', () => {
    expect(result.monitoring).toBeDefined();
    expect(runReportSchema.safeParse(JSON.parse(serializeRunReport(report))).success).toBe(true);
    const d = report.alertDetection;
    expect(d?.rules).toBe(5);
    expect(d?.failures).toEqual([]);
    // Node down at 20m: the node controller marks it NotReady after its 40 s grace period (plus the
    // kubelet's last heartbeat), the 30 s scrape and 1 m evaluation grid, then for: 2m.
    const node = d?.incidents[0];
    expect(node?.alert).toBe('KubeNodeNotReady');
    expect(node?.timeToDetectSeconds).toBeGreaterThanOrEqual(120 + 40);
    expect(node?.timeToDetectSeconds).toBeLessThanOrEqual(120 + 40 + 10 + 30 + 60);
    // Crash loop at 45m: CrashLoopBackOff from the first back-off, then for: 2m.
    const crash = d?.incidents[1];
    expect(crash?.alert).toBe('KubePodCrashLooping');
    expect(crash?.timeToDetectSeconds).toBeGreaterThanOrEqual(120);
    expect(crash?.timeToDetectSeconds).toBeLessThanOrEqual(300);
    expect(d?.undetected).toEqual([]);
    // The traffic surge is not a fault: its CPU alert belongs to no incident.
    const cpu = (report.alerts ?? []).flatMap((a, k) => (a.alert === 'PodCpuAboveRequest' ? [k] : []));
    expect(cpu.length).toBeGreaterThan(0);
    for (const k of cpu) expect(d?.withoutIncident).toContain(k);
  });

  it('shows them in the Markdown report', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('## Alerts');
    expect(md).toMatch(/\| 1 \| KubeNodeNotReady \| \d/);
  });

  it('is the same for the same seed', () => {
    expect(serializeRunReport(buildRunReport(createRun(input).finish()))).toBe(serializeRunReport(report));
  });
});
