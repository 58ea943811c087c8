import type { Command } from 'commander';
import type { Micros } from '../engine/time.js';
import { GO_MAX_DURATION, readDuration } from '../manifests/duration.js';
import { DEFAULT_LIMITS, type SizeLimits } from '../manifests/limits.js';
import { UserError } from './errors.js';

/** The flags that raise the size limits (manifests/limits.ts), shared by run and validate. */
export interface LimitOptions {
  maxPods?: string;
  maxNodes?: string;
  maxEvents?: string;
}

const LIMIT_FLAGS = [
  ['maxPods', '--max-pods <n>', 'pods the run may create', DEFAULT_LIMITS.maxPods],
  ['maxNodes', '--max-nodes <n>', 'nodes the run may have', DEFAULT_LIMITS.maxNodes],
  [
    'maxEvents',
    '--max-events <n>',
    'engine events the run may process (estimated)',
    DEFAULT_LIMITS.maxEvents,
  ],
] as const;

/** Adds --max-pods, --max-nodes and --max-events to `command`. */
export function addLimitOptions(command: Command): Command {
  for (const [, flag, what, value] of LIMIT_FLAGS) command.option(flag, `${what} (default ${value})`);
  return command;
}

/** The limits given on the command line; each a positive integer, written plainly or as 1e9. */
export function parseLimits(opts: LimitOptions, verb: string): Partial<SizeLimits> {
  const limits: Partial<SizeLimits> = {};
  for (const [key, flag] of LIMIT_FLAGS) {
    const text = opts[key];
    if (text === undefined) continue;
    const n = /^\d+(e\d+)?$/i.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new UserError(
        `Cannot ${verb}: ${flag.split(' ')[0]} expected an integer >= 1 such as 500000 or 1e9, got "${text}"`,
      );
    }
    limits[key] = n;
  }
  return limits;
}

/**
 * --seed, checked as the Scenario's spec.seed is (an integer from 0 to 2^53 − 1): Number() alone
 * would take "-1", "1e3" or "0x10", and round a seed beyond 2^53 to another one.
 */
export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n)) {
    throw new UserError(
      `Cannot run: --seed expected an integer from 0 to ${Number.MAX_SAFE_INTEGER} (as spec.seed), got "${text}"`,
    );
  }
  return n;
}

/** --replications: runs on seeds seed, seed + 1, …; at least 2, or there is no interval to give. */
export function parseReplications(text: string | undefined, verb: string): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 2) {
    throw new UserError(
      `Cannot ${verb}: --replications expected an integer >= 2 (runs on seeds seed, seed + 1, …), got "${text}"`,
    );
  }
  return n;
}

/** --duration, checked as the Scenario's spec.duration is (a Go duration > 0, within Go's limit). */
export function parseDurationOption(text: string | undefined): Micros | undefined {
  if (text === undefined) return undefined;
  const us = readDuration(text);
  if (us === 'too long') {
    throw new UserError(
      `Cannot run: --duration expected a duration of at most ${GO_MAX_DURATION} (Go's time.Duration limit, about 292 years), got "${text}"`,
    );
  }
  if (us === undefined || us <= 0) {
    throw new UserError(
      `Cannot run: --duration expected a duration > 0 such as 90m or 6h (as spec.duration), got "${text}"`,
    );
  }
  return us;
}
