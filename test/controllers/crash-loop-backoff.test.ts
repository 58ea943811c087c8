import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INITIAL_RESTART_BACKOFF,
  MAX_RESTART_BACKOFF,
  RestartBackoff,
} from '../../src/controllers/crash-loop-backoff.js';
import { deployment, makeCluster, S } from './harness.js';

/** Delays of successive exits, each `runFor` after the restart before it. */
function delays(runFor: number, exits: number): number[] {
  const b = new RestartBackoff();
  const out: number[] = [];
  let t = 1000 * S;
  for (let i = 0; i < exits; i++) {
    const d = b.delayAfterExit(t);
    out.push(d / S);
    t += d + runFor;
  }
  return out;
}

describe('RestartBackoff (client-go flowcontrol.Backoff as the kubelet uses it)', () => {
  it('restarts the first exit at once, then waits 10 s doubling to 300 s', () => {
    expect(delays(5 * S, 10)).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300, 300]);
  });

  it('starts over when the containers ran more than 10 min (hasExpired: > 2 × 300 s)', () => {
    expect(delays(600 * S + 1, 4)).toEqual([0, 0, 0, 0]);
    expect(delays(600 * S, 4)).toEqual([0, 10, 20, 40]);
  });

  it('property: the n-th exit since the last reset waits min(10 s × 2^(n−2), 300 s), the first none', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1200 }), { minLength: 1, maxLength: 30 }), (runs) => {
        const b = new RestartBackoff();
        let t = 0;
        let sinceReset = 0;
        runs.forEach((run, i) => {
          const previousRun = i === 0 ? undefined : (runs[i - 1] as number) * S;
          if (previousRun === undefined || previousRun > 2 * MAX_RESTART_BACKOFF) sinceReset = 0;
          sinceReset++;
          const want =
            sinceReset === 1
              ? 0
              : Math.min(INITIAL_RESTART_BACKOFF * 2 ** (sinceReset - 2), MAX_RESTART_BACKOFF);
          const d = b.delayAfterExit(t);
          expect(d).toBe(want);
          t += d + run * S;
        });
      }),
    );
  });
});

describe('CrashLoopBackOff in a run', () => {
  it('restarts a crash-looping pod after exactly 0, 10, 20, 40, 80, 160, 300, 300 s; Ready false while down', () => {
    const c = makeCluster({
      workloads: [deployment('web', 1)],
      startupSeconds: 0,
      faults: [{ kind: 'crashLoop', at: 100 * S, target: { workload: 'web' }, exits: 8, after: 5 * S }],
    });
    const exits: number[] = [];
    const starts: number[] = [];
    const readyWhileDown: boolean[] = [];
    c.cluster.watch((e) => {
      if (e.type !== 'ContainersUpdated') return;
      if (e.containers.state === 'Terminated') exits.push(e.containers.since);
      if (e.containers.state === 'Running' && e.containers.restarts > 0) starts.push(e.containers.since);
    });
    c.cluster.watch((e) => {
      if (e.type === 'PodUpdated' && !c.truth.isRunning(e.pod)) readyWhileDown.push(e.pod.ready);
    });
    c.sim.run(3000 * S);
    expect(exits.length).toBe(8);
    expect(starts.map((s, i) => (s - (exits[i] ?? 0)) / S)).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
    const pod = [...c.cluster.pods][0];
    if (!pod) throw new Error('no pod');
    expect(c.truth.containersOf(pod).restarts).toBe(8);
    expect(pod.ready).toBe(true);
    expect(readyWhileDown.length).toBeGreaterThan(0);
    expect(readyWhileDown.every((r) => !r)).toBe(true);
  });
});
