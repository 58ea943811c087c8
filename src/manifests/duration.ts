import { type Micros, parseDuration } from '../engine/time.js';

/** Go's largest time.Duration (2^63 − 1 ns), as Duration.String() prints it. */
export const GO_MAX_DURATION = '2562047h47m16.854775807s';

// Go's duration grammar (time.ParseDuration): an optional sign, then one or more number+unit parts.
const DURATION_SHAPE = /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

/**
 * A Go duration string in µs; 'too long' for text of the right shape whose value exceeds Go's
 * int64 nanoseconds (so the message can say so rather than "expected a duration"); undefined otherwise.
 */
export function readDuration(text: string): Micros | 'too long' | undefined {
  const us = parseDuration(text);
  if (us !== undefined) return us;
  return DURATION_SHAPE.test(text) ? 'too long' : undefined;
}
