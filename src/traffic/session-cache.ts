/**
 * A pod's warm state: the `entries` most recently served sessions (LRU). A Map keeps insertion
 * order, so re-inserting on a hit moves a session to the young end and the first key is the oldest.
 */
export class SessionCache {
  private readonly recent = new Map<number, true>();
  constructor(private readonly entries: number) {}

  /** True when `session` was warm; either way it becomes the most recent. */
  touch(session: number): boolean {
    const hit = this.recent.delete(session);
    this.recent.set(session, true);
    if (this.recent.size > this.entries) {
      const oldest = this.recent.keys().next().value as number;
      this.recent.delete(oldest);
    }
    return hit;
  }

  clear(): void {
    this.recent.clear();
  }
}
