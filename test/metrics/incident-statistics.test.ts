import { describe, expect, it } from 'vitest';
import { incidentStatistics } from '../../src/metrics/incident-statistics.js';
import type { Incident } from '../../src/metrics/incidents.js';

const S = 1_000_000;
const DAY = 24 * 3600 * S;

function incident(at: number, recoverAfter: number | null, podsLost: number): Incident {
  return {
    at,
    faults: [{ kind: 'nodeCrash', at, nodes: ['n'] }],
    nodes: ['n'],
    workloads: ['default/web'],
    steps: [],
    stepsDropped: 0,
    firstAt: {},
    recoveredAt: recoverAfter === null ? null : at + recoverAfter,
    podsLost,
  };
}

describe('incidentStatistics: the long-run figures of random faults', () => {
  it('counts, rates per 30 days and times to recover (mean, p95, max) over the recovered incidents', () => {
    const incidents = [
      incident(1 * DAY, 60 * S, 2),
      incident(2 * DAY, 120 * S, 1),
      incident(3 * DAY, 360 * S, 3),
      incident(4 * DAY, null, 4),
    ];
    const s = incidentStatistics(incidents, 10 * DAY);
    expect(s).toEqual({
      count: 4,
      per30Days: 12,
      recovered: 3,
      notRecovered: 1,
      meanTimeToRecover: 180 * S,
      // simple-statistics' quantileSorted of [60, 120, 360] s at 0.95 interpolates between the two
      // largest: 120 + 0.9 × 240 = 336 s.
      p95TimeToRecover: 336 * S,
      maxTimeToRecover: 360 * S,
      podsLost: 10,
    });
  });

  it('has no recovery times when nothing recovered, and no rate over an empty run', () => {
    expect(incidentStatistics([incident(0, null, 1)], 0)).toMatchObject({
      per30Days: 0,
      recovered: 0,
      meanTimeToRecover: null,
      p95TimeToRecover: null,
      maxTimeToRecover: null,
    });
  });
});
