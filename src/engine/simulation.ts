import FastPriorityQueue from 'fastpriorityqueue';
import type { Micros } from './time.js';

/**
 * The handler of a cancelled event. Cancelling swaps it in rather than setting a flag, so firing
 * stores nothing into an event and the loop reads one field to know whether to run it.
 */
function cancelledHandler(): void {}

/**
 * A scheduled callback. Lifecycle: pending (in the queue) → fired, or pending → cancelled. The event is
 * its own handle: `cancel()` is O(1) and lazy (the queue skips a cancelled event when it reaches the
 * top, and drops cancelled events in bulk when they make up most of the queue).
 */
export class ScheduledEvent {
  // Plain constructor assignments rather than class fields: with ES2022 define semantics each field
  // would be defined, then assigned, on every allocation on the hot path.
  /** Simulated time at which it fires. */
  declare readonly time: Micros;
  /** Insertion sequence number: breaks ties between events at the same time, first scheduled first. */
  declare readonly seq: number;
  /** @internal The callback, or cancelledHandler once cancelled. */
  declare handler: () => void;
  /**
   * @internal 0 for a one-shot event; for the one event of a periodic task, its period: the loop
   * re-arms the event in place when it fires (see Simulation.every).
   */
  declare readonly period: Micros;

  /** @internal Events are made by Simulation's schedule, scheduleAt and every. */
  constructor(time: Micros, seq: number, handler: () => void, period: Micros) {
    this.time = time;
    this.seq = seq;
    this.handler = handler;
    this.period = period;
  }

  /** Cancels the event; harmless when it already fired or was cancelled. */
  cancel(): void {
    this.handler = cancelledHandler;
  }

  /** True once `cancel()` was called (also after the event fired). */
  get isCancelled(): boolean {
    return this.handler === cancelledHandler;
  }
}

/** The engine's own view of an event, whose time and sequence it re-arms for periodic tasks. */
type Rearmable = { -readonly [K in keyof ScheduledEvent]: ScheduledEvent[K] };

/** A callback run every `period` until cancelled. */
export interface PeriodicTask {
  cancel(): void;
}

/** Queue order: (time, insertion sequence). Same input ⇒ same order, on any machine. */
function firesBefore(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** Queue size below which cancelled events are left to drop off the top (see dropCancelled). */
const COMPACT_MIN_SIZE = 1024;

/**
 * The discrete-event engine: a simulated clock and a queue of events ordered by (time, sequence).
 *
 * Horizon rule (as SimPy's `run(until)`): `run(until)` fires every event with time < until, then sets
 * the clock to `until`; events at exactly `until` stay queued for a later `run`.
 * Only the engine advances time; handlers read `now` and schedule more events.
 */
export class Simulation {
  private clock: Micros = 0;
  private seq = 0;
  /** The event queue: a binary heap (fastpriorityqueue) ordered by firesBefore. */
  private readonly queue = new FastPriorityQueue<ScheduledEvent>(firesBefore);
  /** Queue size at which push next drops cancelled events. */
  private nextCompactCheck = COMPACT_MIN_SIZE;
  /** Cancelled events removed from the heap so far; eventsFired is derived from it. */
  private dropped = 0;
  private stopRequested = false;

  /** The current simulated time in microseconds. */
  get now(): Micros {
    return this.clock;
  }

  /** Events fired so far (cancelled ones excluded). */
  get eventsFired(): number {
    // Every event pushed is fired, dropped as cancelled, or still queued: no counter on the hot path.
    return this.seq - this.dropped - this.queue.size;
  }

  /** Queued events, including cancelled ones not yet dropped. */
  get queuedEvents(): number {
    return this.queue.size;
  }

  /** Runs `handler` after `delay` µs (≥ 0; fractions are rounded to whole µs). */
  schedule(delay: Micros, handler: () => void): ScheduledEvent {
    if (!(delay >= 0))
      throw new RangeError(`Cannot schedule an event: delay must be >= 0: current value is ${delay}`);
    return this.push(this.clock + Math.round(delay), handler, 0);
  }

  /** Runs `handler` at absolute time `time` (not in the past). */
  scheduleAt(time: Micros, handler: () => void): ScheduledEvent {
    return this.push(this.notInThePast(time), handler, 0);
  }

  /** Cancels `event` (if still pending) and schedules its handler at `time` instead. */
  reschedule(event: ScheduledEvent, time: Micros): ScheduledEvent {
    const handler = event.handler;
    if (handler === cancelledHandler)
      throw new RangeError('Cannot reschedule an event: it was cancelled, so it has no handler to run');
    event.cancel();
    return this.scheduleAt(time, handler);
  }

  /**
   * Runs `handler` every `period` µs, first at `firstAt` (default: now + period). Each run is an ordinary
   * event, so a task started later at the same instant runs after earlier ones.
   */
  every(period: Micros, handler: () => void, firstAt: Micros = this.clock + period): PeriodicTask {
    // Rounded like schedule()'s delay: times stay whole µs, and a sub-µs period (which would round to
    // 0 and fire forever at one instant) is rejected.
    const step = Math.round(period);
    if (!(step >= 1))
      throw new RangeError(
        `Cannot start a periodic task: period must be >= 1 µs: current value is ${period}`,
      );
    // One event for the whole task, re-armed in place by run() each time it fires (a new time and
    // sequence number, as a new event scheduled then would get): no allocation and no wrapper closure
    // per period. It is never handed out, so no caller sees it change.
    const event = this.push(this.notInThePast(firstAt), handler, step);
    return { cancel: () => event.cancel() };
  }

  /** Makes the current `run` return after the event being handled. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Fires events in order until the queue is empty, `stop()` is called, or the next event is at or
   * after `until` (then the clock moves to `until`). Returns the number of events fired.
   */
  run(until: Micros = Number.POSITIVE_INFINITY): number {
    // As SimPy's run(until): a horizon already behind the clock is a caller's mistake, not a no-op.
    if (!(until >= this.clock))
      throw new RangeError(
        `Cannot run the simulation: until must be >= now (${this.clock}): current value is ${until}`,
      );
    const queue = this.queue;
    const firedBefore = this.eventsFired;
    this.stopRequested = false;
    while (!this.stopRequested && queue.size > 0) {
      // Poll, then put back the one event past the horizon: cheaper than a peek per event, and the
      // order cannot change because (time, seq) is a total order.
      const event = queue.poll() as Rearmable;
      const time = event.time;
      if (time >= until) {
        queue.add(event);
        break;
      }
      const handler = event.handler;
      if (handler === cancelledHandler) {
        this.dropped++;
        continue;
      }
      const period = event.period;
      if (period !== 0) {
        // Re-armed before its handler runs, as a new event scheduled now would be, so what the
        // handler schedules for the next period's instant runs after it. The queue does not grow,
        // so no dropCancelled check.
        event.time = time + period;
        event.seq = this.seq++;
        queue.add(event);
      }
      this.clock = time;
      handler();
    }
    if (!this.stopRequested && until !== Number.POSITIVE_INFINITY && until > this.clock) this.clock = until;
    return this.eventsFired - firedBefore;
  }

  private notInThePast(time: Micros): Micros {
    if (!(time >= this.clock)) {
      throw new RangeError(`Cannot schedule an event in the past: time ${time} is before now ${this.clock}`);
    }
    return Math.round(time);
  }

  private push(time: Micros, handler: () => void, period: Micros): ScheduledEvent {
    const event = new ScheduledEvent(time, this.seq++, handler, period);
    if (this.queue.size >= this.nextCompactCheck) this.dropCancelled();
    this.queue.add(event);
    return event;
  }

  /**
   * Drops the cancelled events still queued. Run each time the queue doubles past COMPACT_MIN_SIZE, so a
   * timer re-armed many times cannot grow the queue without bound, at O(1) amortised cost per push.
   * The firing order is unchanged because (time, seq) is a total order.
   */
  private dropCancelled(): void {
    this.dropped += this.queue.removeMany(isCancelledEvent).length;
    this.nextCompactCheck = Math.max(COMPACT_MIN_SIZE, 2 * this.queue.size);
  }
}

function isCancelledEvent(event: ScheduledEvent): boolean {
  return event.handler === cancelledHandler;
}
