import type { FailureReason } from '../stats.js';

// Named fields, not a loop over FAILURE_REASONS: a Record read by a variable key is several times
// slower, and these run for every Service at every step. test/traffic/fluid/failure-rates.test.ts
// checks that they name every reason.

/** The sum of the values, in FAILURE_REASONS' order. */
export function sumValues(r: Readonly<Record<FailureReason, number>>): number {
  return r.timeout + r.rejected + r.noEndpoints + r.podLost + r.dependency;
}

/** Adds each of `from`'s values × `a` × `b` (in that order) to `to`'s. */
export function addScaled(
  to: Record<FailureReason, number>,
  from: Readonly<Record<FailureReason, number>>,
  a: number,
  b: number,
): void {
  to.timeout += from.timeout * a * b;
  to.rejected += from.rejected * a * b;
  to.noEndpoints += from.noEndpoints * a * b;
  to.podLost += from.podLost * a * b;
  to.dependency += from.dependency * a * b;
}
