import FastPriorityQueue from 'fastpriorityqueue';
import type { Micros } from './time.js';

/**
 * A scheduled callback. Lifecycle: pending (in the queue) → fired, or pending → cancelled. The event is
 * its own handle: `cancel()` is O(1) and lazy (the queue drops cancelled events when they reach the top).
 */
export class ScheduledEvent {
  /** @internal */ cancelled = false;
  constructor(
    /** Simulated time at which it fires. */
    readonly time: Micros,
    /** Insertion sequence number: breaks ties between events at the same time, first scheduled first. */
    readonly seq: number,
    /** @internal */ readonly handler: () => void,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }
}

/** A callback run every `period` until cancelled. */
export interface PeriodicTask {
  cancel(): void;
}

/** Queue order: (time, insertion sequence). Same input ⇒ same order, on any machine. */
function firesBefore(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

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
  private fired = 0;
  private readonly queue = new FastPriorityQueue<ScheduledEvent>(firesBefore);
  private stopRequested = false;

  /** The current simulated time in microseconds. */
  get now(): Micros {
    return this.clock;
  }

  /** Events fired so far (cancelled ones excluded). */
  get eventsFired(): number {
    return this.fired;
  }

  /** Queued events, including cancelled ones not yet dropped. */
  get queuedEvents(): number {
    return this.queue.size;
  }

  /** Runs `handler` after `delay` µs (≥ 0; fractions are rounded to whole µs). */
  schedule(delay: Micros, handler: () => void): ScheduledEvent {
    if (!(delay >= 0))
      throw new RangeError(`Cannot schedule an event: delay must be >= 0: current value is ${delay}`);
    return this.push(this.clock + Math.round(delay), handler);
  }

  /** Runs `handler` at absolute time `time` (not in the past). */
  scheduleAt(time: Micros, handler: () => void): ScheduledEvent {
    if (!(time >= this.clock)) {
      throw new RangeError(`Cannot schedule an event in the past: time ${time} is before now ${this.clock}`);
    }
    return this.push(Math.round(time), handler);
  }

  /** Cancels `event` (if still pending) and schedules its handler at `time` instead. */
  reschedule(event: ScheduledEvent, time: Micros): ScheduledEvent {
    event.cancel();
    return this.scheduleAt(time, event.handler);
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
    let next: ScheduledEvent;
    const tick = (): void => {
      next = this.push(next.time + step, tick);
      handler();
    };
    next = this.scheduleAt(firstAt, tick);
    return { cancel: () => next.cancel() };
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
    const firedBefore = this.fired;
    this.stopRequested = false;
    while (!this.stopRequested) {
      const event = queue.peek();
      if (event === undefined || event.time >= until) break;
      queue.poll();
      if (event.cancelled) continue;
      this.clock = event.time;
      this.fired++;
      event.handler();
    }
    if (!this.stopRequested && until !== Number.POSITIVE_INFINITY && until > this.clock) this.clock = until;
    return this.fired - firedBefore;
  }

  private push(time: Micros, handler: () => void): ScheduledEvent {
    const event = new ScheduledEvent(time, this.seq++, handler);
    this.queue.add(event);
    return event;
  }
}
