import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadFiles } from '../../src/manifests/index.js';
import { buildRunReport } from '../../src/report/json.js';
import { createRun } from '../../src/sim/run.js';

const MODEL = fileURLToPath(new URL('../../models/batch/scenario.yaml', import.meta.url));

describe('models/batch', () => {
  it('loads without a diagnostic and every batch pod ends; the Jobs end as the example says', async () => {
    const r = await loadFiles([MODEL], { requireScenario: true });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const batch = buildRunReport(createRun(r.input).finish()).batch;
    const jobs = Object.fromEntries((batch?.jobs ?? []).map((j) => [j.job, [j.condition, j.reason]]));
    expect(jobs).toEqual({
      'default/render': ['Complete', 'CompletionsReached'],
      'default/ingest': ['Complete', 'CompletionsReached'],
      'default/flaky-report': ['Failed', 'BackoffLimitExceeded'],
    });
    const trace = batch?.groups.find((g) => g.kind === 'PodTrace');
    expect(trace?.pods).toBe(1309);
    expect((trace?.succeeded ?? 0) + (trace?.failed ?? 0)).toBe(1309);
    // The burst queues pods: the tail waits far longer than the median.
    expect(trace?.pendingTime.p99Seconds ?? 0).toBeGreaterThan(10 * (trace?.pendingTime.p50Seconds ?? 0));
  });
});
