import FastPriorityQueue from 'fastpriorityqueue';
import { MICROS_PER_SECOND, type Micros } from '../../engine/time.js';
import type { Pod } from '../../model/pod.js';
import { backoffSeconds } from './backoff.js';

/** Where a queued pod is (upstream keeps the three sub-queues plus "in flight" while it is scheduled). */
export type QueueLocation = 'active' | 'backoff' | 'unschedulable' | 'inFlight' | 'gone';

/** A pod in the scheduling queue with its bookkeeping (upstream framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  readonly pod: Pod;
  /** Scheduling attempts so far (incremented on pop). */
  attempts: number;
  /** When the pod entered the queue (or was last moved to activeQ): the PrioritySort tie-breaker. */
  timestamp: Micros;
  /** Monotonic insertion number: final tie-breaker so order never depends on heap internals. */
  seq: number;
  /** Plugins that rejected it last time (for event filtering). */
  unschedulablePlugins: ReadonlySet<string>;
  /** When it entered unschedulablePods. */
  unschedulableSince: Micros;
  location: QueueLocation;
  /** Set when a move event arrived while the pod was in flight (upstream moveRequestCycle). */
  moveRequestedWhileInFlight: boolean;
}

/** Queue timing, resolved from KubeSchedulerConfiguration. */
export interface QueueOptions {
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  /** Pop from backoffQ when activeQ is empty (SchedulerPopFromBackoffQ, ≥ 1.33). */
  popFromBackoffQ: boolean;
  /** podMaxInUnschedulablePodsDuration in seconds (default 300). */
  maxInUnschedulableSeconds: number;
}

/** kube-scheduler: PrioritySort.Less: higher priority first, then earlier timestamp. */
function prioritySortLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const pa = a.pod.spec.priority;
  const pb = b.pod.spec.priority;
  if (pa !== pb) return pa > pb;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq < b.seq;
}

/**
 * The scheduling queue (upstream backend/queue PriorityQueue): activeQ ordered by PrioritySort,
 * backoffQ ordered by backoff expiry, and unschedulablePods. Removal is lazy (entries whose location no
 * longer matches are dropped when they surface). Time is passed in; the Scheduler arms the timers.
 */
export class SchedulingQueue {
  private readonly activeQ = new FastPriorityQueue<QueuedPodInfo>(prioritySortLess);
  private readonly backoffQ = new FastPriorityQueue<QueuedPodInfo>(
    (a, b) =>
      this.backoffExpiry(a) < this.backoffExpiry(b) ||
      (this.backoffExpiry(a) === this.backoffExpiry(b) && prioritySortLess(a, b)),
  );
  private readonly unschedulable = new Map<number, QueuedPodInfo>();
  private readonly byUid = new Map<number, QueuedPodInfo>();
  private seq = 0;
  private activeCount = 0;
  private backoffCount = 0;

  constructor(private readonly options: QueueOptions) {}

  /** Whether pop() takes from backoffQ when activeQ is empty. */
  get popsFromBackoffQ(): boolean {
    return this.options.popFromBackoffQ;
  }

  /** Pods waiting in activeQ. */
  get activeLength(): number {
    return this.activeCount;
  }

  /** Pods waiting in backoffQ. */
  get backoffLength(): number {
    return this.backoffCount;
  }

  /** Pods parked in unschedulablePods. */
  get unschedulableLength(): number {
    return this.unschedulable.size;
  }

  /** The entry for a pod, if queued or in flight. */
  get(pod: Pod): QueuedPodInfo | undefined {
    return this.byUid.get(pod.uid);
  }

  /** When the pod's backoff ends (last attempt time is its timestamp). */
  backoffExpiry(q: QueuedPodInfo): Micros {
    return (
      q.timestamp +
      backoffSeconds(q.attempts, this.options.podInitialBackoffSeconds, this.options.podMaxBackoffSeconds) *
        MICROS_PER_SECOND
    );
  }

  /** Adds a new pending pod to activeQ (no-op when already queued). */
  add(pod: Pod, now: Micros): void {
    if (this.byUid.has(pod.uid)) return;
    const q: QueuedPodInfo = {
      pod,
      attempts: 0,
      timestamp: now,
      seq: this.seq++,
      unschedulablePlugins: new Set(),
      unschedulableSince: 0,
      location: 'active',
      moveRequestedWhileInFlight: false,
    };
    this.byUid.set(pod.uid, q);
    this.pushActive(q);
  }

  /** Forgets the pod (deleted, bound elsewhere, or no longer ours). */
  delete(pod: Pod): void {
    const q = this.byUid.get(pod.uid);
    if (!q) return;
    this.byUid.delete(pod.uid);
    this.leave(q);
    q.location = 'gone';
  }

  /**
   * The next pod to schedule, marked in flight with attempts incremented: activeQ's head, or (when
   * popFromBackoffQ and activeQ is empty) the backoffQ pod whose backoff ends first.
   */
  pop(): QueuedPodInfo | undefined {
    let q = this.pollValid(this.activeQ, 'active');
    if (q) this.activeCount--;
    else if (this.options.popFromBackoffQ) {
      q = this.pollValid(this.backoffQ, 'backoff');
      if (q) this.backoffCount--;
    }
    if (!q) return undefined;
    q.location = 'inFlight';
    q.attempts++;
    q.moveRequestedWhileInFlight = false;
    return q;
  }

  /** The pod was bound (or dropped) after its cycle. */
  done(q: QueuedPodInfo): void {
    if (this.byUid.get(q.pod.uid) === q) this.byUid.delete(q.pod.uid);
    q.location = 'gone';
  }

  /**
   * After a failed attempt at `now` (upstream AddUnschedulableIfNotPresent): to backoffQ if a move
   * event arrived during the attempt or the failure was an error, else to unschedulablePods.
   */
  requeueFailed(q: QueuedPodInfo, now: Micros, plugins: ReadonlySet<string>, error = false): void {
    if (q.location !== 'inFlight') return;
    q.timestamp = now;
    q.unschedulablePlugins = plugins;
    if (q.moveRequestedWhileInFlight || error) {
      this.pushBackoff(q);
    } else {
      q.location = 'unschedulable';
      q.unschedulableSince = now;
      this.unschedulable.set(q.pod.uid, q);
    }
  }

  /**
   * A cluster event that may make unschedulable pods schedulable (MoveAllToActiveOrBackoffQueue): every
   * unschedulable pod accepted by `relevant` moves to backoffQ while still backing off, else to activeQ.
   * In-flight pods remember the event. Returns how many moved.
   */
  moveAllToActiveOrBackoff(now: Micros, relevant: (q: QueuedPodInfo) => boolean = () => true): number {
    for (const q of this.byUid.values()) if (q.location === 'inFlight') q.moveRequestedWhileInFlight = true;
    let moved = 0;
    for (const q of [...this.unschedulable.values()]) {
      if (!relevant(q)) continue;
      this.unschedulable.delete(q.pod.uid);
      this.moveOut(q, now);
      moved++;
    }
    return moved;
  }

  /** flushBackoffQCompleted: backoffQ pods whose backoff ended by `now` move to activeQ. */
  flushBackoffCompleted(now: Micros): number {
    let moved = 0;
    for (;;) {
      const q = this.peekValid(this.backoffQ, 'backoff');
      if (!q || this.backoffExpiry(q) > now) break;
      this.backoffQ.poll();
      this.backoffCount--;
      this.pushActive(q);
      moved++;
    }
    return moved;
  }

  /** The earliest backoff expiry in backoffQ, if any. */
  nextBackoffExpiry(): Micros | undefined {
    const q = this.peekValid(this.backoffQ, 'backoff');
    return q ? this.backoffExpiry(q) : undefined;
  }

  /** flushUnschedulablePodsLeftover: pods unschedulable for longer than the limit are retried. */
  flushUnschedulableLeftover(now: Micros): number {
    const limit = this.options.maxInUnschedulableSeconds * MICROS_PER_SECOND;
    let moved = 0;
    for (const q of [...this.unschedulable.values()]) {
      if (now - q.unschedulableSince < limit) continue;
      this.unschedulable.delete(q.pod.uid);
      this.moveOut(q, now);
      moved++;
    }
    return moved;
  }

  /** Pending pods in every sub-queue and in flight. */
  get size(): number {
    return this.byUid.size;
  }

  private moveOut(q: QueuedPodInfo, now: Micros): void {
    if (this.backoffExpiry(q) > now) this.pushBackoff(q);
    else this.pushActive(q);
  }

  private pushActive(q: QueuedPodInfo): void {
    q.location = 'active';
    q.seq = this.seq++;
    this.activeQ.add(q);
    this.activeCount++;
  }

  private pushBackoff(q: QueuedPodInfo): void {
    q.location = 'backoff';
    q.seq = this.seq++;
    this.backoffQ.add(q);
    this.backoffCount++;
  }

  private leave(q: QueuedPodInfo): void {
    if (q.location === 'active') this.activeCount--;
    else if (q.location === 'backoff') this.backoffCount--;
    else if (q.location === 'unschedulable') this.unschedulable.delete(q.pod.uid);
  }

  // Entries are removed lazily: a heap element is valid only while the pod's location and sequence
  // number still match the moment it was pushed.
  private pollValid(heap: FastPriorityQueue<QueuedPodInfo>, where: QueueLocation): QueuedPodInfo | undefined {
    const q = this.peekValid(heap, where);
    if (q) heap.poll();
    return q;
  }

  private peekValid(heap: FastPriorityQueue<QueuedPodInfo>, where: QueueLocation): QueuedPodInfo | undefined {
    for (;;) {
      const q = heap.peek();
      if (q === undefined) return undefined;
      if (q.location === where && this.byUid.get(q.pod.uid) === q) return q;
      heap.poll();
    }
  }
}
