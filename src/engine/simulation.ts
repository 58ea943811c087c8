import { EventQueue } from './event-queue.js';
import { PeriodicLane } from './periodic-lane.js';
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
   * @internal null for a one-shot event; for the one event of a periodic task, the lane of its period:
   * the loop re-arms the event in place when it fires and appends it there (see Simulation.every).
   */
  declare readonly lane: PeriodicLane<ScheduledEvent> | null;

  /** @internal Events are made by Simulation's schedule, scheduleAt and every. */
  constructor(time: Micros, seq: number, handler: () => void, lane: PeriodicLane<ScheduledEvent> | null) {
    this.time = time;
    this.seq = seq;
    this.handler = handler;
    this.lane = lane;
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
  /**
   * The event queue, ordered by (time, insertion sequence): same input ⇒ same order, on any machine.
   * It holds one-shot events, periodic tasks' first runs, and the first event of each periodic lane.
   */
  private readonly queue = new EventQueue<ScheduledEvent>();
  /** The re-armed periodic events, one lane per period (see PeriodicLane). */
  private readonly lanes = new Map<Micros, PeriodicLane<ScheduledEvent>>();
  /** Events in lanes behind their lane's first one: pending, but not in `queue`. */
  private waitingInLanes = 0;
  /** Pending events (queuedEvents) at which push next drops cancelled events. */
  private nextCompactCheck = COMPACT_MIN_SIZE;
  /** Cancelled events removed so far (heap and lanes); eventsFired is derived from it. */
  private dropped = 0;
  private stopRequested = false;
  /** The running run's horizon; stop() lowers it to -Infinity, so the loop checks one field for both. */
  private horizon: Micros = 0;

  /** The current simulated time in microseconds. */
  get now(): Micros {
    return this.clock;
  }

  /** Events fired so far (cancelled ones excluded). */
  get eventsFired(): number {
    // Every event pushed is fired, dropped as cancelled, or still queued: no counter on the hot path.
    return this.seq - this.dropped - this.queuedEvents;
  }

  /** Queued events, including cancelled ones not yet dropped. */
  get queuedEvents(): number {
    return this.queue.size + this.waitingInLanes;
  }

  /** Runs `handler` after `delay` µs (≥ 0; fractions are rounded to whole µs). */
  schedule(delay: Micros, handler: () => void): ScheduledEvent {
    if (!(delay >= 0))
      throw new RangeError(`Cannot schedule an event: delay must be >= 0: current value is ${delay}`);
    return this.push(this.clock + Math.round(delay), handler, null);
  }

  /** Runs `handler` at absolute time `time` (not in the past). */
  scheduleAt(time: Micros, handler: () => void): ScheduledEvent {
    return this.push(this.notInThePast(time), handler, null);
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
    // per period. It is never handed out, so no caller sees it change. Its first run goes through the
    // heap (firstAt is arbitrary); its re-arms are appended to the lane of its period.
    let lane = this.lanes.get(step);
    if (lane === undefined) {
      lane = new PeriodicLane<ScheduledEvent>(step);
      this.lanes.set(step, lane);
    }
    const event = this.push(this.notInThePast(firstAt), handler, lane);
    return { cancel: () => event.cancel() };
  }

  /** Makes the current `run` return after the event being handled. */
  stop(): void {
    this.stopRequested = true;
    this.horizon = Number.NEGATIVE_INFINITY;
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
    this.horizon = until;
    for (;;) {
      const event = queue.peek() as Rearmable | undefined;
      if (event === undefined) break;
      const time = event.time;
      if (!(time < this.horizon)) break;
      const handler = event.handler;
      const lane = event.lane;
      if (lane === null) {
        queue.poll();
        if (handler === cancelledHandler) {
          this.dropped++;
          continue;
        }
      } else {
        this.takeTop(event, lane);
        if (handler === cancelledHandler) {
          this.dropped++;
          continue;
        }
        // Re-armed before its handler runs, as a new event scheduled now would be, so what the
        // handler schedules for the next period's instant runs after it. The number of pending
        // events does not change, so no dropCancelled check.
        event.time = time + lane.period;
        event.seq = this.seq++;
        if (lane.size === 0) queue.add(event);
        else this.waitingInLanes++;
        lane.push(event);
      }
      this.clock = time;
      handler();
    }
    if (!this.stopRequested && until !== Number.POSITIVE_INFINITY && until > this.clock) this.clock = until;
    return this.eventsFired - firedBefore;
  }

  /**
   * Removes `event`, the queue's top, whose task runs in `lane`. When it is its lane's first event,
   * the lane's next one takes its place in the heap (in one sift).
   */
  private takeTop(event: ScheduledEvent, lane: PeriodicLane<ScheduledEvent>): void {
    if (lane.first() !== event) {
      // A task's first run, scheduled at firstAt through the heap.
      this.queue.poll();
      return;
    }
    lane.shift();
    const next = lane.first();
    if (next === undefined) this.queue.poll();
    else {
      this.queue.replaceTop(next);
      this.waitingInLanes--;
    }
  }

  private notInThePast(time: Micros): Micros {
    if (!(time >= this.clock)) {
      throw new RangeError(`Cannot schedule an event in the past: time ${time} is before now ${this.clock}`);
    }
    return Math.round(time);
  }

  private push(time: Micros, handler: () => void, lane: PeriodicLane<ScheduledEvent> | null): ScheduledEvent {
    const event = new ScheduledEvent(time, this.seq++, handler, lane);
    if (this.queuedEvents >= this.nextCompactCheck) this.dropCancelled();
    this.queue.add(event);
    return event;
  }

  /**
   * Drops the cancelled events still queued. Run each time the queue doubles past COMPACT_MIN_SIZE, so a
   * timer re-armed many times cannot grow the queue without bound, at O(1) amortised cost per push.
   * The firing order is unchanged because (time, seq) is a total order.
   */
  private dropCancelled(): void {
    // The heap first: it drops the cancelled first events of lanes, which the lanes then replace.
    let dropped = this.queue.removeWhere(isCancelledEvent);
    for (const lane of this.lanes.values()) {
      const first = lane.first();
      if (first === undefined) continue;
      const removed = lane.removeWhere(isCancelledEvent);
      if (removed === 0) continue;
      // Of the removed events, the first (if it was among them) was in the heap, the others waiting.
      const firstRemoved = first.handler === cancelledHandler;
      dropped += firstRemoved ? removed - 1 : removed;
      this.waitingInLanes -= firstRemoved ? removed - 1 : removed;
      const newFirst = lane.first();
      if (firstRemoved && newFirst !== undefined) {
        this.queue.add(newFirst);
        this.waitingInLanes--;
      }
    }
    this.dropped += dropped;
    this.nextCompactCheck = Math.max(COMPACT_MIN_SIZE, 2 * this.queuedEvents);
  }
}

function isCancelledEvent(event: ScheduledEvent): boolean {
  return event.handler === cancelledHandler;
}
