import type { Micros } from './time.js';

/**
 * The re-armed events of every periodic task with one period, in firing order: a FIFO instead of heap
 * entries. A task fired at `now` is re-armed for `now + period`; the clock never goes back, so each
 * re-armed event fires no earlier than the lane's last one, and its sequence number is larger: appending
 * keeps the lane sorted by (time, seq) with no comparison. Only the lane's first event is in the event
 * queue's heap (Simulation keeps that invariant), so 10 000 Lease renewals every 10 s cost the heap one
 * entry, and firing one is O(1) where a heap of all of them would sift through 13 levels.
 */
export class PeriodicLane<T> {
  private items: T[] = [];
  /** Index of the first item: shifting moves it instead of the array's contents. */
  private head = 0;

  constructor(readonly period: Micros) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** The lane's earliest item (the one in the heap), or undefined when empty. */
  first(): T | undefined {
    return this.items[this.head];
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Removes the first item; the lane must not be empty. */
  shift(): void {
    const items = this.items;
    // Release the fired event; compact once the dead prefix is the larger part, O(1) amortised.
    (items as (T | undefined)[])[this.head] = undefined;
    this.head++;
    if (this.head >= 1024 && 2 * this.head >= items.length) {
      this.items = items.slice(this.head);
      this.head = 0;
    }
  }

  /** Removes every item `drop` accepts, keeping the order of the rest; returns how many. */
  removeWhere(drop: (item: T) => boolean): number {
    const items = this.items;
    let kept = 0;
    for (let i = this.head; i < items.length; i++) {
      const item = items[i] as T;
      if (!drop(item)) items[kept++] = item;
    }
    const removed = items.length - this.head - kept;
    items.length = kept;
    this.head = 0;
    return removed;
  }
}
