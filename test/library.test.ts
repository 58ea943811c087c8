import { expect, it } from 'vitest';
import { buildRunReport, loadFiles, renderMarkdown, simulate } from '../src/index.js';

it('the library entry point loads, simulates and reports, as the README shows', async () => {
  const { input, ok } = await loadFiles(['models/quickstart.yaml'], { requireScenario: true });
  expect(ok).toBe(true);
  const report = buildRunReport(simulate(input, { seed: 7 }));
  expect(report.scenario.seed).toBe(7);
  expect(renderMarkdown(report)).toMatch(/^# kubesim run: quickstart/);
});
