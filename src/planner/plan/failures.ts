import type { Micros } from '../../engine/time.js';
import type { Fault, Scenario } from '../../model/scenario.js';

/**
 * What the plan must survive: `node:k` (lose k nodes: N + k), `zone:k` (lose k whole zones), or the
 * Scenario's own faults (its random nodeFailures/zoneFailures, timeline faults) when --failures is
 * not given.
 */
export type Failures = { kind: 'scenario' } | { kind: 'node' | 'zone'; count: number };

/** A --failures value that does not read; the message says what was expected. */
export class FailuresError extends Error {}

/** Reads `node:1`, `zone:1` (`node` alone is `node:1`). */
export function parseFailures(text: string | undefined): Failures {
  if (text === undefined) return { kind: 'scenario' };
  const m = /^(node|zone)(?::(\d+))?$/.exec(text.trim());
  const count = m?.[2] === undefined ? 1 : Number(m[2]);
  if (!m || !(count >= 1))
    throw new FailuresError(
      `Cannot read --failures "${text}": expected node:k (lose k nodes) or zone:k (lose k zones), k >= 1, e.g. zone:1`,
    );
  return { kind: m[1] as 'node' | 'zone', count };
}

export function describeFailures(f: Failures): string {
  if (f.kind === 'scenario') return "the Scenario's own faults";
  const noun = f.kind === 'node' ? 'node' : 'zone';
  return `${f.count} ${noun}${f.count === 1 ? '' : 's'} lost for good at a quarter of the measured window`;
}

/**
 * When the injected loss happens: a quarter into the measured window [warmup, duration), so the
 * cluster has settled before it and three quarters of the window are measured after it, through
 * Kubernetes' whole repair (NotReady after the grace period, eviction after tolerationSeconds, pods
 * placed again on the survivors).
 */
export function lossTime(scenario: Pick<Scenario, 'warmup' | 'duration'>): Micros {
  return Math.round(scenario.warmup + (scenario.duration - scenario.warmup) / 4);
}

/**
 * The faults a candidate runs with: the Scenario's own, or (with node:k / zone:k) only the injected
 * loss, which never recovers: the first k nodes of `pool` in name order (spread over its zones), or
 * the first k of `zones`.
 */
export function failureFaults(
  failures: Failures,
  scenario: Scenario,
  pool: string,
  zones: readonly string[],
): Fault[] {
  if (failures.kind === 'scenario') return scenario.faults;
  const at = lossTime(scenario);
  if (failures.kind === 'node') return [{ kind: 'nodeCrash', at, target: { pool, count: failures.count } }];
  return zones.slice(0, failures.count).map((zone) => ({ kind: 'zoneOutage', at, target: { zone } }));
}
