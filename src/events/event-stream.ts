/**
 * One ordered stream of events for a run, as a watch channel: every watcher sees every event, in the
 * order the events were raised. Delivery cannot re-enter: an event raised while another is being
 * delivered (a watcher reacting by changing state) waits until that delivery has reached every
 * watcher. So no watcher sees the consequence of a change before the change itself.
 */
export class EventStream<E> {
  private readonly watchers: ((event: E) => void)[] = [];
  private readonly pending: E[] = [];
  private delivering = false;

  /** Adds a watcher; it sees events raised from now on. Watchers are called in registration order. */
  watch(watcher: (event: E) => void): void {
    this.watchers.push(watcher);
  }

  /** Raises `event`: delivered now, or, during another delivery, right after it (FIFO). */
  publish(event: E): void {
    this.pending.push(event);
    if (this.delivering) return;
    this.delivering = true;
    try {
      // Index-based drain: events appended during delivery are picked up by the same loop.
      for (let i = 0; i < this.pending.length; i++) {
        const e = this.pending[i] as E;
        for (const w of this.watchers) w(e);
      }
    } finally {
      this.pending.length = 0;
      this.delivering = false;
    }
  }

  /** True while an event is being delivered (for invariant checks). */
  get isDelivering(): boolean {
    return this.delivering;
  }
}
