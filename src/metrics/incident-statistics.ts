import { mean, quantileSorted } from 'simple-statistics';
import { MICROS_PER_SECOND, type Micros } from '../engine/time.js';
import type { Incident } from './incidents.js';

/** Thirty days, the window SLOs are usually stated over. */
const THIRTY_DAYS: Micros = 30 * 24 * 3600 * MICROS_PER_SECOND;

/**
 * The long-run figures of a run's incidents, for random faults (nodeFailures, zoneFailures, podCrash
 * at a rate) where one incident says little: how often, how long to recover (mean, p95, max over the
 * incidents that recovered), how many never did by the end, and pods lost.
 */
export interface IncidentStatistics {
  count: number;
  /** Incidents per 30 days of simulated time. */
  per30Days: number;
  recovered: number;
  notRecovered: number;
  /** Over the recovered incidents; null when none recovered. */
  meanTimeToRecover: Micros | null;
  p95TimeToRecover: Micros | null;
  maxTimeToRecover: Micros | null;
  podsLost: number;
}

/** The statistics of `incidents` over a run of `duration`. */
export function incidentStatistics(incidents: readonly Incident[], duration: Micros): IncidentStatistics {
  const recoveries = incidents
    .flatMap((i) => (i.recoveredAt === null ? [] : [i.recoveredAt - i.at]))
    .sort((a, b) => a - b);
  const any = recoveries.length > 0;
  return {
    count: incidents.length,
    per30Days: duration > 0 ? (incidents.length * THIRTY_DAYS) / duration : 0,
    recovered: recoveries.length,
    notRecovered: incidents.length - recoveries.length,
    meanTimeToRecover: any ? Math.round(mean(recoveries)) : null,
    p95TimeToRecover: any ? Math.round(quantileSorted(recoveries, 0.95)) : null,
    maxTimeToRecover: any ? (recoveries[recoveries.length - 1] as Micros) : null,
    podsLost: incidents.reduce((sum, i) => sum + i.podsLost, 0),
  };
}
