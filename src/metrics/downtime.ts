import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';

/** The 30-day month availability targets are usually quoted over (99.9 % ≈ 43 min a month). */
export const THIRTY_DAYS: Micros = 30 * 24 * 3600 * MICROS_PER_SECOND;

/**
 * The downtime per 30 days an availability implies, if the measured window is representative:
 * (1 − availability) × 30 days, to the microsecond.
 */
export function downtimePer30Days(availability: number): Micros {
  return Math.round(Math.max(0, 1 - availability) * THIRTY_DAYS);
}
