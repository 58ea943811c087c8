import type { ClusterInput } from '../model/cluster-input.js';
import { createRun, type RunOptions, type SimulationResult } from './run.js';

export { DEFAULT_BEHAVIOUR, type DurationInput, type SimulationResult } from './run.js';

export interface SimulateOptions extends RunOptions {
  /** Called with the fraction done (0–1) a hundred times over the run, for progress bars. */
  onProgress?: (fraction: number) => void;
}

/**
 * Runs one simulation of `input` (which must hold a Scenario) to its horizon: `createRun`, advanced in
 * slices for progress, then finished.
 */
export function simulate(input: ClusterInput, options: SimulateOptions = {}): SimulationResult {
  const run = createRun(input, options);
  if (options.onProgress) {
    for (let i = 1; i <= 100; i++) {
      run.advance(Math.round((run.duration * i) / 100));
      options.onProgress(i / 100);
    }
  }
  return run.finish();
}
