/** What the queue orders by: a time, then an insertion sequence number that breaks ties. */
export interface Keyed {
  readonly time: number;
  readonly seq: number;
}

/**
 * A binary min-heap ordered by (time, seq), with the comparison written out in each sift rather than
 * called through a comparator. (time, seq) is a total order (sequence numbers are unique), so the
 * order in which items leave does not depend on the heap's shape.
 */
export class EventQueue<T extends Keyed> {
  /** When set, the earliest item, held outside the heap: every heap item comes after it. */
  private first: T | undefined = undefined;
  private readonly heap: T[] = [];

  get size(): number {
    return this.heap.length + (this.first === undefined ? 0 : 1);
  }

  /** The earliest item, or undefined when empty. */
  peek(): T | undefined {
    return this.first ?? this.heap[0];
  }

  add(item: T): void {
    const first = this.first;
    if (first === undefined) {
      const top = this.heap[0];
      if (top === undefined || item.time < top.time || (item.time === top.time && item.seq < top.seq)) {
        this.first = item;
        return;
      }
    } else if (item.time < first.time || (item.time === first.time && item.seq < first.seq)) {
      this.first = item;
      this.heapAdd(first);
      return;
    }
    this.heapAdd(item);
  }

  private heapAdd(item: T): void {
    const heap = this.heap;
    const time = item.time;
    const seq = item.seq;
    let i = heap.length;
    heap.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as T;
      if (p.time < time || (p.time === time && p.seq < seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
  }

  /** Removes and returns the earliest item; the queue must not be empty. */
  poll(): T {
    const first = this.first;
    if (first !== undefined) {
      this.first = undefined;
      return first;
    }
    const heap = this.heap;
    const top = heap[0] as T;
    const last = heap.pop() as T;
    if (heap.length > 0) this.siftDown(0, last);
    return top;
  }

  /**
   * Removes the earliest item and adds `item` in one sift (the queue must not be empty): what a
   * periodic timer's re-arm needs, at the cost of one sift instead of two.
   */
  replaceTop(item: T): void {
    if (this.first !== undefined) {
      this.first = undefined;
      this.heapAdd(item);
    } else this.siftDown(0, item);
  }

  /** Removes every item `drop` accepts, in O(n); returns how many. */
  removeWhere(drop: (item: T) => boolean): number {
    let removed = 0;
    if (this.first !== undefined && drop(this.first)) {
      this.first = undefined;
      removed++;
    }
    const heap = this.heap;
    let kept = 0;
    for (const item of heap) if (!drop(item)) heap[kept++] = item;
    if (kept === heap.length) return removed;
    removed += heap.length - kept;
    heap.length = kept;
    // Floyd's heap construction: sift down every inner node, the last first.
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftDown(i, heap[i] as T);
    return removed;
  }

  /** Puts `item` at index `start` and sifts it down to its place in that subtree. */
  private siftDown(start: number, item: T): void {
    const heap = this.heap;
    const n = heap.length;
    const time = item.time;
    const seq = item.seq;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      let child = heap[l] as T;
      if (l + 1 < n) {
        const right = heap[l + 1] as T;
        if (right.time < child.time || (right.time === child.time && right.seq < child.seq)) {
          c = l + 1;
          child = right;
        }
      }
      if (time < child.time || (time === child.time && seq < child.seq)) break;
      heap[i] = child;
      i = c;
    }
    heap[i] = item;
  }
}
