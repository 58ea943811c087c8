import {
  constant,
  type Distribution,
  empirical,
  exponential,
  lognormal,
  pareto,
  uniform,
} from '../../engine/distributions.js';
import { type Micros, parseDuration, seconds } from '../../engine/time.js';
import { isRecord } from '../is-record.js';
import * as m from '../messages.js';
import { durationProblem, readDurationValue } from '../schemas/common.js';
import type { Path } from '../source.js';

/** What a distribution conversion needs from its caller: a way to report, and to read sample files. */
export interface DistributionContext {
  error(path: Path, message: string): void;
  /** The text and path of a samples file named relative to the scenario (or absolute), or why it cannot be read. */
  readSamples(file: string): { text: string; path: string } | { problem: string };
  /** A warning about line `line` of the samples file at `path`. */
  warnAt(path: string, line: number, message: string): void;
}

/** A duration field of a distribution, in µs; reports and returns undefined when invalid. */
function durationField(
  ctx: DistributionContext,
  v: unknown,
  path: Path,
  positive: boolean,
): Micros | undefined {
  const us = readDurationValue(v);
  if (typeof us === 'number' && us >= 0 && !(positive && us === 0)) return us;
  ctx.error(path, durationProblem(v, us, positive));
  return undefined;
}

function fields(
  ctx: DistributionContext,
  v: unknown,
  path: Path,
  names: readonly string[],
): Record<string, unknown> | undefined {
  if (!isRecord(v)) {
    ctx.error(path, m.expectedGot(`a mapping with ${names.join(' and ')}`, v));
    return undefined;
  }
  let ok = true;
  for (const k of Object.keys(v)) {
    if (!names.includes(k)) {
      ctx.error([...path, k], m.unknownField(k));
      ok = false;
    }
  }
  return ok ? v : undefined;
}

/** One sample: a Go duration, or a bare number of seconds (negative ones too, to be warned about). */
function parseSample(text: string): Micros | undefined {
  const d = parseDuration(text);
  if (d !== undefined) return d;
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? seconds(n) : undefined;
}

/**
 * Converts a duration distribution written as `{constant: 5s}`, `{exponential: {mean: 5s}}`,
 * `{uniform: {min, max}}`, `{lognormal: {median, p99}}`, `{pareto: {scale, shape}}` or
 * `{empirical: {file}}` into an engine Distribution over microseconds. Reports every problem found
 * and returns undefined if there was one.
 */
export function convertDurationDistribution(
  ctx: DistributionContext,
  v: unknown,
  path: Path,
): Distribution | undefined {
  const keys = isRecord(v) ? Object.keys(v) : [];
  const kind = keys[0];
  if (
    !isRecord(v) ||
    keys.length !== 1 ||
    !(m.DISTRIBUTION_KINDS as readonly string[]).includes(kind as string)
  ) {
    ctx.error(path, m.badDistribution(v));
    return undefined;
  }
  const body = v[kind as string];
  const at = [...path, kind as string];
  switch (kind) {
    case 'constant': {
      const us = durationField(ctx, body, at, false);
      return us === undefined ? undefined : constant(us);
    }
    case 'exponential': {
      const f = fields(ctx, body, at, ['mean']);
      const mean = f && durationField(ctx, f.mean, [...at, 'mean'], true);
      return mean === undefined ? undefined : exponential(mean);
    }
    case 'uniform': {
      const f = fields(ctx, body, at, ['min', 'max']);
      if (!f) return undefined;
      const min = durationField(ctx, f.min, [...at, 'min'], false);
      const max = durationField(ctx, f.max, [...at, 'max'], false);
      if (min === undefined || max === undefined) return undefined;
      if (min > max) {
        ctx.error(at, `${m.uniformOrder}, got min ${String(f.min)}, max ${String(f.max)}`);
        return undefined;
      }
      return uniform(min, max);
    }
    case 'lognormal': {
      const f = fields(ctx, body, at, ['median', 'p99']);
      if (!f) return undefined;
      const median = durationField(ctx, f.median, [...at, 'median'], true);
      const p99 = durationField(ctx, f.p99, [...at, 'p99'], true);
      if (median === undefined || p99 === undefined) return undefined;
      if (median > p99) {
        ctx.error(at, `${m.lognormalOrder}, got median ${String(f.median)}, p99 ${String(f.p99)}`);
        return undefined;
      }
      return lognormal(median, p99);
    }
    case 'pareto': {
      const f = fields(ctx, body, at, ['scale', 'shape']);
      if (!f) return undefined;
      const scale = durationField(ctx, f.scale, [...at, 'scale'], true);
      const shape = f.shape;
      if (typeof shape !== 'number' || !Number.isFinite(shape) || !(shape > 0)) {
        ctx.error([...at, 'shape'], m.expectedGot('a finite number > 0', shape));
        return undefined;
      }
      return scale === undefined ? undefined : pareto(scale, shape);
    }
    case 'empirical': {
      const f = fields(ctx, body, at, ['file']);
      if (!f) return undefined;
      if (typeof f.file !== 'string' || f.file === '') {
        ctx.error([...at, 'file'], m.expectedGot('a file path', f.file));
        return undefined;
      }
      const read = ctx.readSamples(f.file);
      if ('problem' in read) {
        ctx.error([...at, 'file'], m.empiricalUnreadable(f.file, read.problem));
        return undefined;
      }
      return empiricalFromText(ctx, read, f.file, [...at, 'file']);
    }
  }
  return undefined;
}

/**
 * Samples: one number (seconds) or Go duration per line; blank lines and `#` comments are skipped, and
 * a first line that is not a sample is taken as a CSV header. Only the first CSV column is read.
 */
function empiricalFromText(
  ctx: DistributionContext,
  read: { text: string; path: string },
  file: string,
  at: Path,
): Distribution | undefined {
  const samples: number[] = [];
  const lines = read.text.split(/\r?\n/);
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).split(',')[0]?.trim() ?? '';
    if (line === '' || line.startsWith('#')) continue;
    const us = parseSample(line);
    if (us !== undefined && us < 0) {
      // Legal as a number, impossible as a time: said at its line, and left out.
      ctx.warnAt(read.path, i + 1, m.negativeSample(file, i + 1, line));
      first = false;
      continue;
    }
    if (us === undefined) {
      if (first) {
        first = false;
        continue;
      }
      ctx.error(at, m.empiricalBadLine(file, i + 1, line));
      return undefined;
    }
    first = false;
    samples.push(us);
  }
  if (samples.length === 0) {
    ctx.error(at, m.empiricalEmpty(file));
    return undefined;
  }
  return empirical(samples);
}
