import { MICROS_PER_MINUTE, type Micros, parseDuration } from '../engine/time.js';
import type { CronSchedule } from '../model/backup.js';

/**
 * Cron schedules as Velero reads them: github.com/robfig/cron/v3's standard parser (five fields,
 * `*`, lists, ranges, steps, month and weekday names, `?`, the @yearly…@hourly descriptors and
 * `@every <duration>`). Simulated time 0 is CRON_EPOCH, in UTC (Velero's default time zone).
 */

/** The calendar instant of simulated time 0: Thursday 2026-01-01 00:00:00 UTC (docs/disaster-recovery.md). */
export const CRON_EPOCH_MS = Date.UTC(2026, 0, 1);

/** Why a cron expression could not be read; the message says which field and why. */
export class CronError extends Error {}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** First value the names stand for (months from 1, weekdays from 0). */
  nameBase?: number;
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { name: 'day of week', min: 0, max: 6, names: DAYS, nameBase: 0 },
];

function value(text: string, f: FieldSpec): number {
  const named = f.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + (f.nameBase ?? 0);
  if (!/^\d+$/.test(text)) throw new CronError(`${f.name} '${text}' is not a number`);
  const n = Number(text);
  if (n < f.min || n > f.max) throw new CronError(`${f.name} ${n} is outside ${f.min}-${f.max}`);
  return n;
}

/** One field: the values it allows, and whether it was `*` or `?` (which matters for the day fields). */
function parseField(text: string, f: FieldSpec): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    if (part === '') throw new CronError(`${f.name} '${text}' has an empty list entry`);
    const [range = '', stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronError(`${f.name} '${part}' has two steps`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new CronError(`${f.name} step '${stepText}' is not a positive integer`);
    let low: number;
    let high: number;
    if (range === '*' || range === '?') {
      [low, high] = [f.min, f.max];
      if (stepText === undefined) star = true;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      [low, high] = [value(a, f), value(b, f)];
      if (low > high) throw new CronError(`${f.name} range '${range}' runs backwards`);
    } else {
      low = value(range, f);
      // robfig: "N/step" means from N to the field's maximum.
      high = stepText === undefined ? low : f.max;
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return { values, star };
}

/** Reads a cron expression; throws CronError naming the field at fault. */
export function parseCron(text: string): CronSchedule {
  const trimmed = text.trim();
  if (trimmed.startsWith('@every ')) {
    const every = parseDuration(trimmed.slice(7).trim());
    if (every === undefined || every <= 0)
      throw new CronError(
        `'@every' needs a positive duration such as 1h or 30m, not '${trimmed.slice(7).trim()}'`,
      );
    return { text, every };
  }
  const expanded = DESCRIPTORS[trimmed] ?? trimmed;
  if (expanded.startsWith('@')) throw new CronError(`unknown descriptor '${trimmed}'`);
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5)
    throw new CronError(
      `expected 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}`,
    );
  const [minutes, hours, dom, months, dow] = parts.map((p, i) => parseField(p, FIELDS[i] as FieldSpec));
  return {
    text,
    fields: {
      minutes: (minutes as { values: Set<number> }).values,
      hours: (hours as { values: Set<number> }).values,
      daysOfMonth: (dom as { values: Set<number> }).values,
      months: (months as { values: Set<number> }).values,
      daysOfWeek: (dow as { values: Set<number> }).values,
      // robfig's dayMatches: if either day field is `*`, both must match (AND); otherwise either (OR).
      dayOr: !(dom as { star: boolean }).star && !(dow as { star: boolean }).star,
    },
  };
}

/**
 * The first instant strictly after `after` (simulated µs) at which the schedule fires, or undefined
 * if none comes within five years (robfig gives up likewise, e.g. for `0 0 30 2 *`). Walks the
 * calendar field by field, as robfig's Next does, so the cost is a few steps per firing.
 */
export function nextFiring(cron: CronSchedule, after: Micros, epochMs = CRON_EPOCH_MS): Micros | undefined {
  if (cron.every !== undefined) return (Math.floor(after / cron.every) + 1) * cron.every;
  const f = cron.fields;
  if (!f) return undefined;
  // Whole minutes: the next minute boundary after `after`.
  const startMinute = Math.floor(after / MICROS_PER_MINUTE) + 1;
  const d = new Date(epochMs + startMinute * 60_000);
  const limit = d.getTime() + 5 * 366 * 86_400_000;
  const dayMatches = () => {
    const dom = f.daysOfMonth.has(d.getUTCDate());
    const dow = f.daysOfWeek.has(d.getUTCDay());
    return f.dayOr ? dom || dow : dom && dow;
  };
  while (d.getTime() <= limit) {
    if (!f.months.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches()) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!f.hours.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!f.minutes.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return ((d.getTime() - epochMs) / 60_000) * MICROS_PER_MINUTE;
  }
  return undefined;
}
