import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';

type Item = { time: number; seq: number };

// A random program of queue operations; times from a small range so that ties on time are common.
type QueueOp =
  | { kind: 'add'; time: number }
  | { kind: 'poll' }
  | { kind: 'replaceTop'; time: number }
  | { kind: 'removeWhere'; modulo: number };

const queueOpArb: fc.Arbitrary<QueueOp> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('add' as const), time: fc.integer({ min: 0, max: 30 }) }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('poll' as const) }), weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constant('replaceTop' as const), time: fc.integer({ min: 0, max: 30 }) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('removeWhere' as const),
      modulo: fc.integer({ min: 1, max: 4 }),
    }),
    weight: 1,
  },
);

const byKey = (a: Item, b: Item): number => a.time - b.time || a.seq - b.seq;

describe('EventQueue', () => {
  it('gives items back in (time, seq) order, as a sorted list does, for any add/poll/replaceTop/removeWhere program', () => {
    fc.assert(
      fc.property(fc.array(queueOpArb, { maxLength: 300 }), (ops) => {
        const queue = new EventQueue<Item>();
        let reference: Item[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op.kind === 'add') {
            const item = { time: op.time, seq: seq++ };
            queue.add(item);
            reference.push(item);
            reference.sort(byKey);
          } else if (op.kind === 'poll') {
            if (reference.length === 0) continue;
            expect(queue.poll()).toBe(reference.shift());
          } else if (op.kind === 'replaceTop') {
            if (reference.length === 0) continue;
            const item = { time: op.time, seq: seq++ };
            queue.replaceTop(item);
            reference.shift();
            reference.push(item);
            reference.sort(byKey);
          } else {
            const drop = (item: Item): boolean => item.seq % op.modulo === 0;
            const before = reference.length;
            reference = reference.filter((item) => !drop(item));
            expect(queue.removeWhere(drop)).toBe(before - reference.length);
          }
          expect(queue.size).toBe(reference.length);
          expect(queue.peek()).toBe(reference[0]);
        }
        const drained: Item[] = [];
        while (queue.size > 0) drained.push(queue.poll());
        expect(drained).toEqual(reference);
      }),
      { numRuns: 500, seed: 20261201 },
    );
  });

  it('keeps an earlier item added while one is held outside the heap in order', () => {
    const queue = new EventQueue<Item>();
    const late = { time: 10, seq: 0 };
    const early = { time: 5, seq: 1 };
    const earliest = { time: 1, seq: 2 };
    queue.add(late);
    queue.add(early);
    queue.add(earliest);
    expect([queue.poll(), queue.poll(), queue.poll()]).toEqual([earliest, early, late]);
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
  });

  it('keeps the order when removeWhere removes nothing while an item is held outside the heap', () => {
    const queue = new EventQueue<Item>();
    for (let seq = 0; seq < 20; seq++) queue.add({ time: 20 - seq, seq });
    expect(queue.removeWhere(() => false)).toBe(0);
    const times: number[] = [];
    while (queue.size > 0) times.push(queue.poll().time);
    expect(times).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
