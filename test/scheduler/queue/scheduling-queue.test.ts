import { describe, expect, it } from 'vitest';
import { backoffSeconds } from '../../../src/scheduler/queue/backoff.js';
import { SchedulingQueue } from '../../../src/scheduler/queue/scheduling-queue.js';
import { makePod } from '../fixtures.js';

const S = 1_000_000;

function queue(popFromBackoffQ = false) {
  return new SchedulingQueue({
    podInitialBackoffSeconds: 1,
    podMaxBackoffSeconds: 10,
    popFromBackoffQ,
    maxInUnschedulableSeconds: 300,
  });
}

describe('backoffSeconds (calculateBackoffDuration)', () => {
  it('doubles from 1 s per attempt and caps at 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((a) => backoffSeconds(a, 1, 10))).toEqual([
      0, 1, 2, 4, 8, 10, 10, 10,
    ]);
    expect(backoffSeconds(3, 2, 5)).toBe(5);
  });
});

describe('SchedulingQueue', () => {
  it('pops by priority, then by arrival (PrioritySort)', () => {
    const q = queue();
    const low = makePod('low');
    const high = makePod('high', [], { spec: { priority: 100 } });
    const low2 = makePod('low2');
    q.add(low, 0);
    q.add(low2, 5);
    q.add(high, 10);
    expect([q.pop(), q.pop(), q.pop()].map((e) => e?.pod.name)).toEqual(['high', 'low', 'low2']);
    expect(q.pop()).toBeUndefined();
  });

  it('parks a failed pod as unschedulable until an event, then backs it off 1 s, 2 s, 4 s …', () => {
    const q = queue();
    const p = makePod('p');
    q.add(p, 0);
    let e = q.pop();
    if (!e) throw new Error('no pod');
    q.requeueFailed(e, 0, new Set(['NodeResourcesFit']));
    expect(q.unschedulableLength).toBe(1);
    // An event 0.5 s later: still backing off (1 s after the first attempt), so backoffQ.
    expect(q.moveAllToActiveOrBackoff(0.5 * S)).toBe(1);
    expect(q.backoffLength).toBe(1);
    expect(q.pop()).toBeUndefined();
    expect(q.nextBackoffExpiry()).toBe(1 * S);
    expect(q.flushBackoffCompleted(0.9 * S)).toBe(0);
    expect(q.flushBackoffCompleted(1 * S)).toBe(1);
    e = q.pop();
    if (!e) throw new Error('no pod');
    expect(e.attempts).toBe(2);
    q.requeueFailed(e, 1 * S, new Set());
    q.moveAllToActiveOrBackoff(1.5 * S);
    // Second failure: 2 s of backoff from t = 1 s.
    expect(q.nextBackoffExpiry()).toBe(3 * S);
  });

  it('moves an unschedulable pod to activeQ at once when its backoff already ended', () => {
    const q = queue();
    q.add(makePod('p'), 0);
    const e = q.pop();
    if (!e) throw new Error('no pod');
    q.requeueFailed(e, 0, new Set());
    q.moveAllToActiveOrBackoff(5 * S);
    expect(q.activeLength).toBe(1);
  });

  it('retries pods left unschedulable for 5 minutes (flushUnschedulablePodsLeftover)', () => {
    const q = queue();
    q.add(makePod('p'), 0);
    const e = q.pop();
    if (!e) throw new Error('no pod');
    q.requeueFailed(e, 0, new Set());
    expect(q.flushUnschedulableLeftover(299 * S)).toBe(0);
    expect(q.flushUnschedulableLeftover(300 * S)).toBe(1);
    expect(q.activeLength).toBe(1);
  });

  it('sends a pod to backoffQ when a move event arrived during its attempt', () => {
    const q = queue();
    q.add(makePod('p'), 0);
    const e = q.pop();
    if (!e) throw new Error('no pod');
    q.moveAllToActiveOrBackoff(0);
    q.requeueFailed(e, 0, new Set());
    expect(q.backoffLength).toBe(1);
  });

  it('pops a backing-off pod when activeQ is empty from 1.33 (SchedulerPopFromBackoffQ)', () => {
    const q = queue(true);
    q.add(makePod('p'), 0);
    const e = q.pop();
    if (!e) throw new Error('no pod');
    q.requeueFailed(e, 0, new Set());
    q.moveAllToActiveOrBackoff(0.1 * S);
    expect(q.pop()?.pod.name).toBe('p');
  });

  it('forgets deleted pods wherever they wait', () => {
    const q = queue();
    const a = makePod('a');
    const b = makePod('b');
    q.add(a, 0);
    q.add(b, 0);
    q.delete(a);
    expect(q.activeLength).toBe(1);
    expect(q.pop()?.pod.name).toBe('b');
    expect(q.size).toBe(1);
  });
});
