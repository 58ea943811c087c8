import { describe, expect, it } from 'vitest';
import { CRON_EPOCH_MS, CronError, nextFiring, parseCron } from '../../src/backup/cron.js';
import { MICROS_PER_SECOND } from '../../src/engine/time.js';

/** Simulated µs of a UTC calendar instant (simulated 0 is 2026-01-01T00:00Z, a Thursday). */
const at = (iso: string) => (Date.parse(iso) - CRON_EPOCH_MS) * 1000;
const next = (expr: string, after: string) => {
  const t = nextFiring(parseCron(expr), at(after));
  return t === undefined ? undefined : new Date(CRON_EPOCH_MS + t / 1000).toISOString();
};

describe('cron schedules as Velero reads them (robfig/cron standard parser)', () => {
  it.each([
    ['0 * * * *', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00.000Z'],
    ['0 * * * *', '2026-01-01T00:59:59Z', '2026-01-01T01:00:00.000Z'],
    ['*/15 * * * *', '2026-01-01T00:16:00Z', '2026-01-01T00:30:00.000Z'],
    ['30 2 * * *', '2026-01-01T03:00:00Z', '2026-01-02T02:30:00.000Z'],
    ['0 0 1 * *', '2026-01-15T00:00:00Z', '2026-02-01T00:00:00.000Z'],
    ['0 0 * * sun', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00.000Z'],
    ['0 0 * * 1-5', '2026-01-02T12:00:00Z', '2026-01-05T00:00:00.000Z'],
    ['0 12 29 feb *', '2026-01-01T00:00:00Z', '2028-02-29T12:00:00.000Z'],
    ['0 0 31 * *', '2026-02-01T00:00:00Z', '2026-03-31T00:00:00.000Z'],
    ['5/20 * * * *', '2026-01-01T00:06:00Z', '2026-01-01T00:25:00.000Z'],
    ['0 0 1,15 jan,jul *', '2026-01-02T00:00:00Z', '2026-01-15T00:00:00.000Z'],
    ['@daily', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00.000Z'],
    ['@weekly', '2026-01-01T00:00:00Z', '2026-01-04T00:00:00.000Z'],
    ['@hourly', '2026-01-01T10:30:00Z', '2026-01-01T11:00:00.000Z'],
  ])('%s after %s fires at %s', (expr, after, expected) => {
    expect(next(expr, after)).toBe(expected);
  });

  it('fires on either day field when both are restricted (Vixie cron, robfig dayMatches)', () => {
    // The 13th of the month or any Friday: 2026-01-02 is a Friday.
    expect(next('0 0 13 * 5', '2026-01-01T00:00:00Z')).toBe('2026-01-02T00:00:00.000Z');
    expect(next('0 0 13 * 5', '2026-01-10T00:00:00Z')).toBe('2026-01-13T00:00:00.000Z');
  });

  it('runs @every at fixed intervals from the start', () => {
    const every = parseCron('@every 90m');
    expect(nextFiring(every, 0)).toBe(5400 * MICROS_PER_SECOND);
    expect(nextFiring(every, 5400 * MICROS_PER_SECOND)).toBe(10_800 * MICROS_PER_SECOND);
  });

  it('never fires on a date that does not exist', () => {
    expect(next('0 0 30 2 *', '2026-01-01T00:00:00Z')).toBeUndefined();
  });

  it.each([
    ['0 * * *', /expected 5 fields/],
    ['60 * * * *', /minute 60 is outside 0-59/],
    ['0 24 * * *', /hour 24 is outside 0-23/],
    ['0 0 * foo *', /month 'foo' is not a number/],
    ['*/0 * * * *', /step '0' is not a positive integer/],
    ['0 5-2 * * *', /range '5-2' runs backwards/],
    ['@fortnightly', /unknown descriptor/],
    ['@every soon', /positive duration/],
  ])('refuses %s', (expr, message) => {
    expect(() => parseCron(expr)).toThrow(CronError);
    expect(() => parseCron(expr)).toThrow(message);
  });
});
