import { describe, expect, it } from 'vitest';
import { mmcMetrics } from '../../../src/metrics/queueing-theory.js';
import { queueState } from '../../../src/traffic/fluid/queue.js';

const INF = Number.POSITIVE_INFINITY;

describe('queueState', () => {
  it('is the M/M/c queue (Erlang C) with unbounded room and exponential service', () => {
    for (const [lambda, c] of [
      [80, 1],
      [320, 4],
      [990, 12],
    ] as const) {
      const q = queueState(lambda, c, 0.01, 1, INF);
      const m = mmcMetrics(lambda, 100, c);
      expect(q.blocked).toBe(0);
      expect(q.waitProbability).toBeCloseTo(m.probabilityOfWaiting, 12);
      expect(q.meanWait).toBeCloseTo(m.meanWaitInQueue, 12);
      expect(q.inSystem).toBeCloseTo(m.meanNumberInSystem, 9);
      expect(q.busyWorkers).toBeCloseTo(lambda / 100, 12);
    }
  });

  it('is M/M/1/K exactly with a bounded queue: blocking (1 − ρ)ρ^K / (1 − ρ^(K+1))', () => {
    for (const rho of [0.5, 0.9, 1, 1.5]) {
      for (const room of [0, 1, 5]) {
        const k = room + 1; // places in the system
        const expected = rho === 1 ? 1 / (k + 1) : ((1 - rho) * rho ** k) / (1 - rho ** (k + 1));
        expect(queueState(rho * 100, 1, 0.01, 1, room).blocked).toBeCloseTo(expected, 12);
      }
    }
  });

  it('loses Erlang B with no room to wait (M/M/c/c)', () => {
    // B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2
    expect(queueState(100, 2, 0.01, 1, 0).blocked).toBeCloseTo(0.2, 12);
  });

  it('scales the wait by (1 + c_s²)/2 (Allen–Cunneen): for one worker the Pollaczek–Khinchine mean', () => {
    // M/D/1: Wq = ρ / (2 μ (1 − ρ)); M/G/1 with c_s² = 4: Wq = ρ (1 + 4) / (2 μ (1 − ρ)).
    expect(queueState(80, 1, 0.01, 0, INF).meanWait).toBeCloseTo(0.8 / (2 * 100 * 0.2), 12);
    expect(queueState(80, 1, 0.01, 4, INF).meanWait).toBeCloseTo((0.8 * 5) / (2 * 100 * 0.2), 12);
  });

  it('has no steady state over capacity with unbounded room', () => {
    const q = queueState(120, 1, 0.01, 1, INF);
    expect([q.meanWait, q.busyWorkers]).toEqual([INF, 1]);
  });
});
