import { loadFiles } from '../../manifests/index.js';
import type { SizeLimits } from '../../manifests/limits.js';
import type { Override } from '../../manifests/overrides.js';
import { buildRunReport } from '../../report/json.js';
import { simulate } from '../../sim/simulate.js';
import { headlineFigures } from './figures.js';
import type { SweepResultLine } from './results.js';

/** One run for a worker thread: plain data, as it crosses the thread boundary by structured clone. */
export interface SweepTask {
  scenario: string;
  overrides: Override[];
  point: number;
  values: Record<string, unknown>;
  seed: number;
  duration: string | undefined;
  full: boolean;
  limits: Partial<SizeLimits>;
}

/**
 * Piscina's entry point (the default export of the worker file): loads the Scenario with the point's
 * overrides, simulates it on the task's seed and returns its result line. The main thread checked
 * every point's overrides before starting, so a load error here is a bug (the file changed meanwhile).
 */
export default async function runSweepTask(task: SweepTask): Promise<SweepResultLine> {
  const loaded = await loadFiles([task.scenario], {
    requireScenario: true,
    overrides: task.overrides,
    limits: task.limits,
  });
  if (!loaded.ok)
    throw new Error(
      `${task.scenario} no longer loads for point ${task.point} (did it change during the sweep?)`,
    );
  const report = buildRunReport(simulate(loaded.input, { seed: task.seed, duration: task.duration }));
  const line: SweepResultLine = {
    point: task.point,
    seed: task.seed,
    values: task.values,
    figures: headlineFigures(report),
  };
  if (task.full) line.report = report;
  return line;
}
