import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { formatDiagnostic, loadFiles } from '../../src/manifests/index.js';
import type { Override } from '../../src/manifests/overrides.js';
import type { ClusterInput } from '../../src/model/cluster-input.js';
import { createRun, type RunOptions, type SimulationResult } from '../../src/sim/run.js';

/** The monitoring example (node down at 20m, crash loop at 45m, traffic ×3 at 60m). */
export const INCIDENTS = fileURLToPath(new URL('../../models/monitoring/incidents.yaml', import.meta.url));

export async function loadInput(file: string, overrides: readonly Override[] = []): Promise<ClusterInput> {
  const r = await loadFiles([file], { requireScenario: true, overrides });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return r.input;
}

/** One run of `file` with the series collected (as --metrics-out asks). */
export async function runWithMetrics(file: string, options: RunOptions = {}): Promise<SimulationResult> {
  const result = createRun(await loadInput(file), { monitoring: {}, ...options }).finish();
  expect(result.monitoring).toBeDefined();
  return result;
}
