import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/manifests/index.js';
import { loadCatalog } from '../../src/planner/plan/catalog.js';
import { parseFailures } from '../../src/planner/plan/failures.js';
import { buildPlanReport } from '../../src/planner/plan/report.js';
import { plan } from '../../src/planner/plan/search.js';
import { parseSlo } from '../../src/planner/plan/slo.js';
import { renderPlanHtml } from '../../src/report/html/plan-page.js';
import { simulate } from '../../src/sim/simulate.js';

describe('the plan page', () => {
  it('shows the chosen plan, the frontier and the families as charts, escaped, the same bytes twice', async () => {
    const { input, ok } = await loadFiles(['models/planning/shop-peak.yaml'], {
      requireScenario: true,
      overrides: [{ target: 'Scenario', path: ['metadata', 'name'], value: '<b>shop & "peak"</b>' }],
    });
    expect(ok).toBe(true);
    const scenario = input.scenario;
    if (!scenario) throw new Error('no Scenario');
    const catalog = loadCatalog('models/planning/types.csv', 'gke');
    const options = {
      catalog,
      objectives: parseSlo('availability>=99.95%,p99<=250ms'),
      failures: parseFailures('zone:1'),
      costModel: { kind: 'cloud' as const },
      replication: { confidence: 0.95, initial: 3, max: 10, seed: scenario.seed },
      runSimulation: (prepared: typeof input, seed: number) => simulate(prepared, { seed }),
    };
    const report = buildPlanReport(scenario, catalog, options, plan(input, options), scenario.seed);
    const html = await renderPlanHtml(report);
    expect(html).toContain('<h1>kubesim plan: &lt;b&gt;shop &amp; &quot;peak&quot;&lt;/b&gt;</h1>');
    expect(html).not.toContain('<b>shop');
    expect(html).toContain('c5.xlarge');
    for (const chart of ['frontier', 'families']) {
      expect(html).toMatch(new RegExp(`<figure id="chart-${chart}">[\\s\\S]*?<svg`));
    }
    expect(await renderPlanHtml(report)).toBe(html);
  });
});
