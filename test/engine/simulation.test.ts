import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/engine/random.js';
import { type PeriodicTask, type ScheduledEvent, Simulation } from '../../src/engine/simulation.js';

describe('Simulation: event order', () => {
  it('fires events in (time, insertion) order', () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.schedule(20, () => order.push('b'));
    sim.schedule(10, () => order.push('a'));
    sim.schedule(20, () => order.push('c'));
    sim.run();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(sim.now).toBe(20);
  });

  it('fires many events scheduled for the same instant first-scheduled-first', () => {
    const sim = new Simulation();
    const order: number[] = [];
    for (let i = 0; i < 100; i++) sim.scheduleAt(5, () => order.push(i));
    sim.run();
    expect(order).toEqual([...Array(100).keys()]);
  });

  it('runs an event scheduled with delay 0 from a handler after the events already due at that instant', () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.schedule(1, () => {
      order.push('a');
      sim.schedule(0, () => order.push('a-child'));
    });
    sim.schedule(1, () => order.push('b'));
    sim.run();
    expect(order).toEqual(['a', 'b', 'a-child']);
  });

  it('rounds fractional delays and times to whole microseconds', () => {
    const sim = new Simulation();
    const times: number[] = [];
    sim.schedule(1.4, () => times.push(sim.now));
    sim.schedule(1.6, () => times.push(sim.now));
    sim.scheduleAt(3.5, () => times.push(sim.now));
    sim.run();
    expect(times).toEqual([1, 2, 4]);
  });

  it('counts fired events and queued events', () => {
    const sim = new Simulation();
    sim.schedule(1, () => {});
    const e = sim.schedule(2, () => {});
    sim.schedule(3, () => {});
    e.cancel();
    expect(sim.queuedEvents).toBe(3);
    expect(sim.run()).toBe(2);
    expect(sim.eventsFired).toBe(2);
    expect(sim.queuedEvents).toBe(0);
  });
});

describe('Simulation: cancel and reschedule', () => {
  it('never fires a cancelled event and does not move the clock to its time', () => {
    const sim = new Simulation();
    const fired: string[] = [];
    sim.schedule(1, () => fired.push('a'));
    const late = sim.schedule(100, () => fired.push('late'));
    late.cancel();
    sim.run();
    expect(fired).toEqual(['a']);
    expect(late.isCancelled).toBe(true);
    expect(sim.now).toBe(1);
  });

  it('lets a handler cancel another event due at the same instant', () => {
    const sim = new Simulation();
    const fired: string[] = [];
    let victim: ScheduledEvent | undefined;
    sim.schedule(5, () => {
      fired.push('killer');
      victim?.cancel();
    });
    victim = sim.schedule(5, () => fired.push('victim'));
    sim.run();
    expect(fired).toEqual(['killer']);
  });

  it('cancelling twice, or after the event fired, is harmless', () => {
    const sim = new Simulation();
    let count = 0;
    const e = sim.schedule(1, () => count++);
    sim.run();
    e.cancel();
    e.cancel();
    expect(count).toBe(1);
    expect(e.isCancelled).toBe(true); // isCancelled reports that cancel() was called
    expect(sim.run()).toBe(0);
    expect(sim.eventsFired).toBe(1);
  });

  it('drops cancelled events in bulk, so cancel-heavy traffic does not grow the queue', () => {
    const sim = new Simulation();
    let fired = 0;
    sim.schedule(1_000_000, () => fired++);
    // A timeout armed and disarmed 100 000 times, as a controller re-arming a lease timer does.
    for (let i = 0; i < 100_000; i++) sim.schedule(500_000 + i, () => fired++).cancel();
    expect(sim.queuedEvents).toBeLessThan(3_000);
    expect(sim.run()).toBe(1);
    expect(fired).toBe(1);
    expect(sim.eventsFired).toBe(1);
    expect(sim.queuedEvents).toBe(0);
  });

  it('fires the same events in the same order when bulk dropping happens mid-run', () => {
    const sim = new Simulation();
    const rng = new RandomStreams(11).get('compaction-test');
    const events: Array<{ time: number; seq: number; event: ScheduledEvent }> = [];
    const fired: number[] = [];
    for (let seq = 0; seq < 20_000; seq++) {
      const time = Math.floor(rng.next() * 1_000);
      events.push({ time, seq, event: sim.scheduleAt(time, () => fired.push(seq)) });
    }
    // Cancel 80% up front, and most of the rest from a handler while the run is in progress.
    const cancelled = new Set<number>();
    for (const e of events) {
      if (rng.next() < 0.8) {
        e.event.cancel();
        cancelled.add(e.seq);
      }
    }
    sim.scheduleAt(100, () => {
      for (const e of events) {
        if (e.time > 100 && !cancelled.has(e.seq) && rng.next() < 0.75) {
          e.event.cancel();
          cancelled.add(e.seq);
        }
      }
      // More pushes after the cancellations, so the push-time scan runs mid-run and drops them.
      const before = sim.queuedEvents;
      for (let k = 0; k < 40_000; k++) sim.schedule(2_000 + k, () => {});
      expect(sim.queuedEvents).toBeLessThan(before + 40_000 - 10_000);
    });
    sim.run();
    const expected = events
      .filter((e) => !cancelled.has(e.seq))
      .sort((a, b) => a.time - b.time || a.seq - b.seq)
      .map((e) => e.seq);
    expect(fired).toEqual(expected);
    expect(sim.eventsFired).toBe(expected.length + 1 + 40_000);
  });

  it('reschedule moves a pending event earlier or later and the old one never fires', () => {
    const sim = new Simulation();
    const fired: Array<[string, number]> = [];
    const a = sim.schedule(10, () => fired.push(['a', sim.now]));
    const b = sim.schedule(20, () => fired.push(['b', sim.now]));
    const a2 = sim.reschedule(a, 30);
    const b2 = sim.reschedule(b, 5);
    sim.run();
    expect(fired).toEqual([
      ['b', 5],
      ['a', 30],
    ]);
    expect(a.isCancelled && b.isCancelled).toBe(true);
    expect(a2.time).toBe(30);
    expect(b2.time).toBe(5);
  });

  it('reschedule refuses an event that was cancelled, whose handler is gone', () => {
    const sim = new Simulation();
    const e = sim.schedule(1, () => {});
    e.cancel();
    expect(() => sim.reschedule(e, 5)).toThrow(RangeError);
  });

  it('reschedule runs a fired event’s handler again', () => {
    const sim = new Simulation();
    const times: number[] = [];
    const e = sim.schedule(1, () => times.push(sim.now));
    sim.run();
    sim.reschedule(e, 4);
    sim.run();
    expect(times).toEqual([1, 4]);
  });

  it('a rescheduled event goes behind events already queued for its new instant', () => {
    const sim = new Simulation();
    const fired: string[] = [];
    const a = sim.schedule(1, () => fired.push('a'));
    sim.schedule(7, () => fired.push('b'));
    sim.reschedule(a, 7);
    sim.run();
    expect(fired).toEqual(['b', 'a']);
  });
});

describe('Simulation: periodic tasks', () => {
  it('runs every period starting one period from now by default', () => {
    const sim = new Simulation();
    const times: number[] = [];
    sim.every(10, () => times.push(sim.now));
    sim.run(45);
    expect(times).toEqual([10, 20, 30, 40]);
  });

  it('starts at firstAt when given', () => {
    const sim = new Simulation();
    const times: number[] = [];
    sim.every(10, () => times.push(sim.now), 0);
    sim.run(25);
    expect(times).toEqual([0, 10, 20]);
  });

  it('stops when cancelled from outside', () => {
    const sim = new Simulation();
    const times: number[] = [];
    const task = sim.every(10, () => times.push(sim.now));
    sim.schedule(35, () => task.cancel());
    sim.run(100);
    expect(times).toEqual([10, 20, 30]);
    expect(sim.now).toBe(100);
  });

  it('stops when cancelled from inside its own handler', () => {
    const sim = new Simulation();
    const times: number[] = [];
    const task = sim.every(10, () => {
      times.push(sim.now);
      if (times.length === 3) task.cancel();
    });
    sim.run();
    expect(times).toEqual([10, 20, 30]);
    expect(sim.queuedEvents).toBe(0);
  });

  it('runs a task started later at the same instant after the earlier one', () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.every(10, () => order.push('first'));
    sim.every(10, () => order.push('second'));
    sim.run(25);
    expect(order).toEqual(['first', 'second', 'first', 'second']);
  });

  it('rejects a period below one microsecond', () => {
    const sim = new Simulation();
    expect(() => sim.every(0, () => {})).toThrow(RangeError);
    expect(() => sim.every(0.4, () => {})).toThrow(RangeError);
    expect(() => sim.every(-5, () => {})).toThrow(RangeError);
  });

  it('runs its next period before what its handler schedules for that instant', () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.every(10, () => {
      order.push(`task@${sim.now}`);
      if (sim.now === 10) sim.schedule(10, () => order.push(`event@${sim.now}`));
    });
    sim.run(25);
    expect(order).toEqual(['task@10', 'task@20', 'event@20']);
  });

  it('counts each run in eventsFired and keeps one queued event per task', () => {
    const sim = new Simulation();
    sim.every(10, () => {});
    sim.every(7, () => {});
    expect(sim.run(55)).toBe(5 + 7);
    expect(sim.eventsFired).toBe(12);
    expect(sim.queuedEvents).toBe(2);
  });

  it('resumes after stop() from its handler, missing no period', () => {
    const sim = new Simulation();
    const times: number[] = [];
    sim.every(10, () => {
      times.push(sim.now);
      if (sim.now === 20) sim.stop();
    });
    sim.run(100);
    expect(sim.now).toBe(20);
    sim.run(45);
    expect(times).toEqual([10, 20, 30, 40]);
  });

  it('rejects a first run in the past', () => {
    const sim = new Simulation();
    sim.run(10);
    expect(() => sim.every(5, () => {}, 9)).toThrow(RangeError);
  });

  it('keeps a fractional period on whole microseconds', () => {
    const sim = new Simulation();
    const times: number[] = [];
    sim.every(2.6, () => times.push(sim.now), 0);
    sim.run(10);
    expect(times).toEqual([0, 3, 6, 9]);
  });
});

describe('Simulation: the horizon rule (as SimPy run(until))', () => {
  it('does not run events at exactly until, and ends with the clock at until', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    for (const t of [5, 10, 15]) sim.scheduleAt(t, () => fired.push(t));
    expect(sim.run(10)).toBe(1);
    expect(fired).toEqual([5]);
    expect(sim.now).toBe(10);
    expect(sim.queuedEvents).toBe(2);
  });

  it('continues where it stopped on a later run, firing the event at the old horizon first', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    for (const t of [5, 10, 15]) sim.scheduleAt(t, () => fired.push(t));
    sim.run(10);
    sim.run(20);
    expect(fired).toEqual([5, 10, 15]);
    expect(sim.now).toBe(20);
  });

  it('moves the clock to until even when the queue runs dry earlier', () => {
    const sim = new Simulation();
    sim.schedule(3, () => {});
    sim.run(50);
    expect(sim.now).toBe(50);
  });

  it('run() without a horizon stops at the last event', () => {
    const sim = new Simulation();
    sim.schedule(3, () => {});
    sim.schedule(8, () => {});
    sim.run();
    expect(sim.now).toBe(8);
  });

  it('run(until) with until equal to now does nothing', () => {
    const sim = new Simulation();
    sim.scheduleAt(0, () => {});
    expect(sim.run(0)).toBe(0);
    expect(sim.now).toBe(0);
  });

  it('rejects a horizon already behind the clock', () => {
    const sim = new Simulation();
    sim.run(10);
    expect(() => sim.run(5)).toThrow(RangeError);
  });

  it('lets a handler schedule at the horizon; that event waits for the next run', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    sim.scheduleAt(4, () => sim.scheduleAt(10, () => fired.push(sim.now)));
    sim.run(10);
    expect(fired).toEqual([]);
    sim.run(11);
    expect(fired).toEqual([10]);
  });
});

describe('Simulation: stop()', () => {
  it('returns from run after the current event, leaving the clock at that event', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    sim.scheduleAt(1, () => fired.push(1));
    sim.scheduleAt(2, () => {
      fired.push(2);
      sim.stop();
    });
    sim.scheduleAt(2, () => fired.push(22));
    sim.scheduleAt(3, () => fired.push(3));
    expect(sim.run(100)).toBe(2);
    expect(fired).toEqual([1, 2]);
    expect(sim.now).toBe(2);
    sim.run(100);
    expect(fired).toEqual([1, 2, 22, 3]);
    expect(sim.now).toBe(100);
  });

  it('a stop() requested outside a run does not cut the next run short', () => {
    const sim = new Simulation();
    sim.stop();
    sim.schedule(1, () => {});
    sim.schedule(2, () => {});
    expect(sim.run()).toBe(2);
  });
});

describe('Simulation: errors', () => {
  it('throws when scheduling in the past or with a negative or NaN delay', () => {
    const sim = new Simulation();
    sim.run(10);
    expect(() => sim.scheduleAt(9, () => {})).toThrow(RangeError);
    expect(() => sim.schedule(-1, () => {})).toThrow(RangeError);
    expect(() => sim.schedule(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => sim.scheduleAt(Number.NaN, () => {})).toThrow(RangeError);
  });

  it('allows scheduling at exactly now', () => {
    const sim = new Simulation();
    sim.run(10);
    let fired = false;
    sim.scheduleAt(10, () => {
      fired = true;
    });
    sim.run(11);
    expect(fired).toBe(true);
  });

  it('propagates an exception from a handler and can resume afterwards', () => {
    const sim = new Simulation();
    const fired: number[] = [];
    sim.scheduleAt(1, () => {
      throw new Error('boom');
    });
    sim.scheduleAt(2, () => fired.push(2));
    expect(() => sim.run()).toThrow('boom');
    expect(sim.now).toBe(1);
    sim.run();
    expect(fired).toEqual([2]);
  });
});

// A random program: each step either schedules an event (at a delay from the time of the step's
// parent, here the clock when the program is set up or when an earlier event fires) or cancels an
// earlier one. The reference model is a plain sorted list.
type Op = { kind: 'schedule'; delay: number; spawn: number } | { kind: 'cancel'; target: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('schedule' as const),
      delay: fc.integer({ min: 0, max: 20 }),
      spawn: fc.integer({ min: 0, max: 2 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), target: fc.nat() }), weight: 1 },
);

describe('Simulation: property', () => {
  it('fires exactly the non-cancelled events, in (time, sequence) order, for any schedule/cancel program', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 1, max: 80 }), (ops, until) => {
        const sim = new Simulation();
        // Every scheduled event records (time, seq); cancellations are applied from the ops list.
        const scheduled: Array<{ time: number; seq: number; event: ScheduledEvent; cancelled: boolean }> = [];
        const fired: number[] = [];
        let cursor = 0;
        // Ops are consumed in order: up front, then one batch per fired event (its `spawn` children).
        const apply = (budget: number): void => {
          for (let n = 0; n < budget && cursor < ops.length; n++) {
            const op = ops[cursor++] as Op;
            if (op.kind === 'schedule') {
              const seq = scheduled.length;
              const event = sim.schedule(op.delay, () => {
                fired.push(seq);
                apply(op.spawn);
              });
              scheduled.push({ time: sim.now + op.delay, seq, event, cancelled: false });
            } else if (scheduled.length > 0) {
              const s = scheduled[op.target % scheduled.length];
              if (s && !fired.includes(s.seq)) {
                s.event.cancel();
                s.cancelled = true;
              }
            }
          }
        };
        apply(Math.ceil(ops.length / 2));
        sim.run(until);
        // Expected: all non-cancelled events before the horizon, sorted by (time, seq).
        const expected = scheduled
          .filter((s) => !s.cancelled && s.time < until)
          .sort((a, b) => a.time - b.time || a.seq - b.seq)
          .map((s) => s.seq);
        expect(fired).toEqual(expected);
        expect(sim.now).toBe(until);
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});

// Periodic tasks against a reference built from one-shot events (each run schedules the next, then
// calls the handler): the same runs at the same times in the same order, with tasks started and
// cancelled by other events, from other tasks' handlers, and past bulk drops of cancelled events.
type TaskOp = { period: number; firstAt: number; startAt: number; cancelAt: number };

const taskOpArb: fc.Arbitrary<TaskOp> = fc.record({
  period: fc.integer({ min: 1, max: 15 }),
  firstAt: fc.integer({ min: 0, max: 15 }),
  startAt: fc.integer({ min: 0, max: 30 }),
  cancelAt: fc.integer({ min: 0, max: 120 }),
});

function everyByOneShots(
  sim: Simulation,
  period: number,
  handler: () => void,
  firstAt: number,
): PeriodicTask {
  let next: ScheduledEvent;
  const tick = (): void => {
    next = sim.scheduleAt(next.time + period, tick);
    handler();
  };
  next = sim.scheduleAt(firstAt, tick);
  return { cancel: () => next.cancel() };
}

describe('Simulation: periodic task property', () => {
  it('fires periodic tasks as a chain of one-shot events would, for any start/cancel program', () => {
    fc.assert(
      fc.property(fc.array(taskOpArb, { maxLength: 400 }), fc.integer({ min: 1, max: 150 }), (ops, until) => {
        const trace = (
          start: (sim: Simulation, op: TaskOp, handler: () => void, firstAt: number) => PeriodicTask,
        ) => {
          const sim = new Simulation();
          const log: string[] = [];
          ops.forEach((op, i) => {
            sim.scheduleAt(op.startAt, () => {
              const task = start(sim, op, () => log.push(`${i}@${sim.now}`), sim.now + op.firstAt);
              sim.scheduleAt(Math.max(sim.now, op.cancelAt), () => task.cancel());
            });
          });
          sim.run(until);
          return { log, fired: sim.eventsFired, now: sim.now };
        };
        const actual = trace((sim, op, handler, firstAt) => sim.every(op.period, handler, firstAt));
        const expected = trace((sim, op, handler, firstAt) =>
          everyByOneShots(sim, op.period, handler, firstAt),
        );
        expect(actual).toEqual(expected);
      }),
      { numRuns: 100, seed: 20261201 },
    );
  });
});

describe('Simulation: periodic lanes', () => {
  it('drops cancelled tasks from their lanes in bulk and fires the rest as chains of one-shot events would', () => {
    const rng = new RandomStreams(5).get('lanes-test');
    // 3 000 tasks, most on one period (one lane), started at random phases; 80 % cancelled mid-run.
    const tasks = Array.from({ length: 3_000 }, () => ({
      period: rng.next() < 0.8 ? 10 : 7,
      firstAt: Math.floor(rng.next() * 10),
      cancelled: rng.next() < 0.8,
    }));
    const trace = (
      start: (sim: Simulation, period: number, handler: () => void, firstAt: number) => PeriodicTask,
    ) => {
      const sim = new Simulation();
      const log: string[] = [];
      const running = tasks.map((t, i) => start(sim, t.period, () => log.push(`${i}@${sim.now}`), t.firstAt));
      let queuedAfterPushes = 0;
      sim.scheduleAt(35, () => {
        tasks.forEach((t, i) => {
          if (t.cancelled) (running[i] as PeriodicTask).cancel();
        });
        // Enough pushes to pass the next bulk-drop check mid-run.
        for (let k = 0; k < 5_000; k++)
          sim.schedule(1 + (k % 50), () => log.push(`one-shot ${k}@${sim.now}`));
        queuedAfterPushes = sim.queuedEvents;
      });
      sim.run(200);
      return { log, fired: sim.eventsFired, now: sim.now, queuedAfterPushes };
    };
    const actual = trace((sim, period, handler, firstAt) => sim.every(period, handler, firstAt));
    const expected = trace((sim, period, handler, firstAt) => everyByOneShots(sim, period, handler, firstAt));
    expect(actual.log).toEqual(expected.log);
    expect(actual.fired).toBe(expected.fired);
    expect(actual.now).toBe(200);
    // The bulk drop removed the cancelled tasks' events, those waiting in lanes included.
    expect(actual.queuedAfterPushes).toBeLessThan(3_000 + 5_000 - 2_000);
  });
});
