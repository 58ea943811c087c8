import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiServer } from '../../src/api/api-server.js';
import type { Micros } from '../../src/engine/time.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import { leaseRenewTime, nextLanded } from '../../src/model/lease.js';

// A Lease renewed on a cadence (src/model/lease.ts) reads as the writes it stands for would: a
// renewal at anchor + k × interval (k ≥ 1) while the loop runs, written only while the API server can
// write. Checked against writing every renewal, as the kubelet's ticker did.

const S = 1_000_000;
const INTERVAL = 10 * S;

type Step = { at: Micros; what: 'start' | 'stop' | 'quorumLost' | 'quorumBack' };

/**
 * The renewals a ticker would write: one at start, then one every interval, each refused while the
 * API server cannot write. A step at a renewal's instant comes first (it was scheduled before the
 * ticker re-armed): a stop loses that renewal, quorum lost refuses it, quorum back lets it land.
 */
function polled(steps: readonly Step[], readAt: Micros): Micros | undefined {
  let renewed: Micros | undefined;
  let writable = true;
  let next: Micros | undefined;
  const tick = (limit: Micros) => {
    for (; next !== undefined && next < limit; next += INTERVAL) if (writable) renewed = next;
  };
  for (const step of [...steps].sort((a, b) => a.at - b.at)) {
    if (step.at > readAt) break;
    tick(step.at);
    if (step.what === 'start') {
      next = step.at + INTERVAL;
      if (writable) renewed = step.at;
    } else if (step.what === 'stop') next = undefined;
    else writable = step.what === 'quorumBack';
  }
  tick(readAt + 1);
  return renewed;
}

/** The same steps through the API server: an explicit renewal and a cadence per start. */
function derived(steps: readonly Step[], readAt: Micros): Micros | undefined {
  let clock = 0;
  const cluster = new ClusterState();
  const api = new ApiServer(cluster, () => clock);
  for (const step of [...steps].sort((a, b) => a.at - b.at)) {
    if (step.at > readAt) break;
    clock = step.at;
    if (step.what === 'start') {
      api.stopLeaseRenewals('n');
      api.renewLease('n');
      api.keepLeaseRenewed('n', INTERVAL);
    } else if (step.what === 'stop') api.stopLeaseRenewals('n');
    else api.setWritable(step.what === 'quorumBack');
  }
  return cluster.leaseRenewTime('n', readAt);
}

describe('a Lease renewed on a cadence', () => {
  it('reads as the renewals a ticker would have written', () => {
    const time = fc.oneof(
      fc.integer({ min: 0, max: 60 }).map((k) => k * 5 * S),
      fc.integer({ min: 0, max: 300 * S }),
    );
    const step = fc.record({
      at: time,
      what: fc.constantFrom<Step['what']>('start', 'stop', 'quorumLost', 'quorumBack'),
    });
    fc.assert(
      fc.property(fc.uniqueArray(step, { maxLength: 8, selector: (s) => s.at }), time, (steps, readAt) => {
        expect(derived(steps, readAt)).toBe(polled(steps, readAt));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts the renewal due at the instant of a read, and loses the one due at a stop', () => {
    const lease = { renewTime: 0, cadence: { anchor: 0, interval: INTERVAL, landsFrom: 0 } };
    expect(leaseRenewTime(lease, 20 * S)).toBe(20 * S);
    expect(leaseRenewTime(lease, 20 * S - 1)).toBe(10 * S);
    const cluster = new ClusterState();
    cluster.startLeaseCadence('n', lease.cadence);
    cluster.endLeaseCadence('n', 20 * S);
    expect(cluster.leaseRenewTime('n', 100 * S)).toBe(10 * S);
  });

  it('names its next landed renewal, none while the API server cannot write', () => {
    const cadence = { anchor: 3 * S, interval: INTERVAL, landsFrom: 3 * S };
    expect(nextLanded(cadence, 3 * S)).toBe(13 * S);
    expect(nextLanded(cadence, 13 * S)).toBe(23 * S);
    expect(nextLanded({ ...cadence, landsFrom: 40 * S }, 13 * S)).toBe(43 * S);
    expect(nextLanded({ ...cadence, landsFrom: Number.POSITIVE_INFINITY }, 13 * S)).toBeUndefined();
  });

  it('tells watchers when its record changes, never for the renewals a cadence stands for', () => {
    const cluster = new ClusterState();
    const seen: string[] = [];
    cluster.watch((e) => {
      if (e.type === 'LeaseUpdated') seen.push(`${e.nodeName} ${e.old?.renewTime} → ${e.lease?.renewTime}`);
    });
    cluster.renewLease('n', 0);
    cluster.startLeaseCadence('n', { anchor: 0, interval: INTERVAL, landsFrom: 0 });
    expect(cluster.leaseRenewTime('n', 95 * S)).toBe(90 * S);
    cluster.endLeaseCadence('n', 95 * S);
    expect(seen).toEqual(['n undefined → 0', 'n 0 → 0', `n 0 → ${90 * S}`]);
  });
});
