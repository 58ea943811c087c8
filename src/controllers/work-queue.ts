import type { Simulation } from '../engine/simulation.js';

/**
 * A de-duplicating work queue, as client-go's workqueue: adding a key that is already waiting does
 * nothing, and each key is reconciled once per batch, in the order first added, at the current time.
 */
export class WorkQueue {
  private readonly waiting = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly sim: Simulation,
    private readonly reconcile: (key: string) => void,
  ) {}

  add(key: string): void {
    this.waiting.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      this.sim.schedule(0, () => this.drain());
    }
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.waiting];
    this.waiting.clear();
    for (const key of keys) this.reconcile(key);
  }
}
