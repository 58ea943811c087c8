import { readDuration } from '../../manifests/duration.js';
import { type Diagnostic, formatDiagnostic, loadFiles } from '../../manifests/index.js';
import type { SizeLimits } from '../../manifests/limits.js';
import type { Override } from '../../manifests/overrides.js';
import type { Grid, GridPoint } from './grid.js';

/** Why the grid's points cannot all be simulated: the loader's errors, per point. */
export class PointsError extends Error {}

/**
 * Loads the Scenario once per grid point with the point's overrides, before any run starts, so a bad
 * path or value fails the sweep at once rather than hours in. Returns each point's seed base (the
 * grid's seed, or the point's Scenario spec.seed).
 *
 * A path that names no field is the loader's to report: in the Scenario it is an error; in a
 * Kubernetes manifest only a warning ("unknown field …, ignored", as kubectl's non-strict decoding),
 * which for a sweep would mean runs that differ in nothing, so here that warning is an error.
 */
export async function checkPoints(
  grid: Grid,
  points: readonly GridPoint[],
  limits: Partial<SizeLimits>,
): Promise<number[]> {
  const problems: string[] = [];
  const seeds: number[] = [];
  // parseGrid checked it: a Go duration > 0.
  const duration = grid.duration === undefined ? undefined : (readDuration(grid.duration) as number);
  for (const point of points) {
    const loaded = await loadFiles([grid.scenario], {
      requireScenario: true,
      overrides: point.overrides,
      limits,
      ...(duration === undefined ? {} : { duration }),
    });
    const bad = loaded.diagnostics.filter(
      (d) => d.severity === 'error' || ignoresOverride(d, point.overrides),
    );
    if (bad.length > 0) {
      const lines = [...new Set(bad.map(formatDiagnostic))];
      problems.push(`grid point ${point.index} (${point.label}):\n${lines.map((l) => `  ${l}`).join('\n')}`);
      // One point's messages usually repeat for the others (the same bad path); show at most three.
      if (problems.length === 3) break;
    }
    seeds.push(grid.seed ?? loaded.input.scenario?.seed ?? 0);
  }
  if (problems.length > 0)
    throw new PointsError(
      `${grid.file}: the Scenario does not load with these values:\n${problems.join('\n')}\nnothing was run.`,
    );
  return seeds;
}

/** A warning that the loader ignored a field the grid sets (the path names no field). */
function ignoresOverride(d: Diagnostic, overrides: readonly Override[]): boolean {
  return (
    d.severity === 'warning' &&
    d.message.startsWith('unknown field') &&
    overrides.some((o) => d.path.endsWith(`: ${o.path.join('.')}`))
  );
}
